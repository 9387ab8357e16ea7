#!/usr/bin/env node
// Draws the app icons from assets/icon.svg (the project's own drawing) with sharp:
//   assets/icons/NxN.png  (Linux: AppImage and deb take the folder)
//   assets/icon.png       (1024 px, the source for anything else)
//   assets/icon.ico       (Windows: PNG-compressed entries 16..256)
//   assets/icon.icns      (macOS: PNG entries 16..1024)
// ICO and ICNS are simple containers of PNGs, so they are written here byte by byte.
// The outputs are committed; run `node scripts/make-icons.mjs` after changing the SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const svg = readFileSync(join(assets, 'icon.svg'));

const png = (size) => sharp(svg, { density: Math.max(72, Math.ceil((72 * size) / 1024) * 4) }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();

/** ICO: header, one 16-byte directory entry per image, then the PNGs (Vista+ reads PNG entries). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

/** ICNS: 'icns' + total length, then (type, length incl. 8-byte header, PNG) chunks. */
function icns(images) {
  const chunks = images.map(({ type, data }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(chunks);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const ICNS_TYPES = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]];

const cache = new Map();
const sized = async (size) => {
  if (!cache.has(size)) cache.set(size, await png(size));
  return cache.get(size);
};

mkdirSync(join(assets, 'icons'), { recursive: true });
for (const size of LINUX_SIZES) writeFileSync(join(assets, 'icons', `${size}x${size}.png`), await sized(size));
writeFileSync(join(assets, 'icon.png'), await sized(1024));
writeFileSync(join(assets, 'icon.ico'), ico(await Promise.all(ICO_SIZES.map(async (size) => ({ size, data: await sized(size) })))));
writeFileSync(join(assets, 'icon.icns'), icns(await Promise.all(ICNS_TYPES.map(async ([type, size]) => ({ type, data: await sized(size) })))));
console.log('make-icons: assets/icon.png, icon.ico, icon.icns and icons/*.png written');
