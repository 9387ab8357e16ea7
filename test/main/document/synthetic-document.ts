import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Draws a document made for the test: a light card with a photo-sized grey box, some printed
 * text and the given zone lines in a monospace font (DejaVu Sans Mono, Debian's
 * fonts-dejavu-core), then turns it, blurs it and lays it on a darker table, as a phone
 * photo of a card would look.
 */
export interface SyntheticDocumentOptions {
  lines: string[];
  /** Clockwise degrees; any angle. */
  rotateDeg?: number;
  blurSigma?: number;
  /** Glyph size in pixels. */
  fontPx?: number;
  /** Baseline to baseline, in font sizes: 1.5 by default; a visa's zone can be 2.6 (3.6 glyph heights). */
  linePitch?: number;
  /** A short line in the zone's font two font sizes above it (about 2.7 glyph heights), as the German residence permit carries a copy of its number there. */
  lineAboveZone?: string;
  /** Security print over the middle of the zone: dense dark diagonal hatching, as on the German visa. */
  hatchOverZone?: boolean;
  /** A lamp's reflection on the laminate: a white patch, blown out at its core, over a third of the zone from its middle on. */
  glareOverZone?: boolean;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function syntheticDocumentPng(options: SyntheticDocumentOptions): Promise<Buffer> {
  const fontPx = options.fontPx ?? 30;
  const charWidth = fontPx * 0.62;
  const longest = Math.max(...options.lines.map((l) => l.length));
  const width = Math.round(longest * charWidth + 2 * fontPx * 2);
  const pitch = fontPx * (options.linePitch ?? 1.5);
  const zoneTop = Math.round(width * 0.45);
  const height = zoneTop + options.lines.length * pitch + fontPx * 1.6;
  const zoneText = (text: string, baseline: number, x = fontPx * 2): string =>
    `<text x="${x}" y="${baseline}" font-family="DejaVu Sans Mono" font-size="${fontPx}" fill="#1a1a1a">${escapeXml(text)}</text>`;
  const zone = options.lines.map((line, i) => zoneText(line, zoneTop + (i + 1) * pitch)).join('');
  const above = options.lineAboveZone ? zoneText(options.lineAboveZone, zoneTop + pitch - 2 * fontPx, width * 0.3) : '';
  // Lines 45 degrees steep, 3 px apart, over one and a half glyphs from the 22nd on (the German
  // visa's hatching covers a few fillers of its name line and merges them into larger blobs).
  const hatchLeft = fontPx * 2 + 21 * charWidth;
  const hatchWidth = 1.5 * charWidth;
  const hatchTop = zoneTop;
  const hatchHeight = options.lines.length * pitch + fontPx;
  const hatch = options.hatchOverZone
    ? Array.from({ length: Math.ceil((hatchWidth + hatchHeight) / 3) }, (_, k) => {
      const x = hatchLeft + k * 3;
      return `<line x1="${x}" y1="${hatchTop}" x2="${x - hatchHeight}" y2="${hatchTop + hatchHeight}" stroke="#4a4a4a" stroke-width="1"/>`;
    }).join('')
    : '';
  const zoneMiddle = zoneTop + (options.lines.length * pitch) / 2 + fontPx * 0.3;
  const glare = options.glareOverZone
    ? `<radialGradient id="glare"><stop offset="0.55" stop-color="#fff" stop-opacity="1"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>
      <ellipse cx="${fontPx * 2 + longest * charWidth * 0.62}" cy="${zoneMiddle}" rx="${longest * charWidth * 0.24}" ry="${options.lines.length * pitch * 0.75}" fill="url(#glare)"/>`
    : '';
  const hatchClip = `<clipPath id="hatch"><rect x="${hatchLeft}" y="${hatchTop}" width="${hatchWidth}" height="${hatchHeight}"/></clipPath>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" rx="24" fill="#f3efe4"/>
    <rect x="${fontPx * 2}" y="${fontPx * 1.5}" width="${width * 0.22}" height="${width * 0.28}" fill="#8a8a8a"/>
    <text x="${width * 0.32}" y="${fontPx * 2.5}" font-family="DejaVu Sans" font-size="${fontPx * 0.9}" fill="#333">SPECIMEN IDENTITY CARD</text>
    <text x="${width * 0.32}" y="${fontPx * 4.5}" font-family="DejaVu Sans" font-size="${fontPx * 0.7}" fill="#555">Surname / Nom</text>
    <text x="${width * 0.32}" y="${fontPx * 5.6}" font-family="DejaVu Sans" font-size="${fontPx * 0.8}" fill="#222">ERIKSSON</text>
    ${hatchClip}<g clip-path="url(#hatch)">${hatch}</g>
    ${above}${zone}
    ${glare}
  </svg>`;
  const card = await sharp(Buffer.from(svg)).rotate(options.rotateDeg ?? 0, { background: '#5b6770' }).png().toBuffer();
  const blurred = options.blurSigma ? await sharp(card).blur(options.blurSigma).png().toBuffer() : card;
  const meta = await sharp(blurred).metadata();
  return sharp({ create: { width: (meta.width ?? 0) + 120, height: (meta.height ?? 0) + 120, channels: 3, background: '#5b6770' } })
    .composite([{ input: blurred, left: 60, top: 60 }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** A PNG declaring width x height whose pixel data holds one row: tiny on disk, huge when decoded. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(width + 1))), chunk('IEND', Buffer.alloc(0))]);
}
