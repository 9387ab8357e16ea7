import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodeImage, decodeImageFile, decodeScale, isTruncated, rgbImageFromRgba } from '../../../src/main/vision/image-decoder';
import { faceApiDemo } from '../../helpers/paths';
import { EkycError } from '../../../src/shared/errors';

/** A 64x48 image: left half red, right half blue, so orientation is visible in the pixels. */
async function halves(): Promise<ReturnType<typeof sharp>> {
  const w = 64;
  const h = 48;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(x < w / 2 ? [220, 20, 20] : [20, 20, 220], (y * w + x) * 3);
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } });
}

async function expectCode(promise: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(EkycError);
  expect((err as EkycError).code).toBe(code);
  expect((err as EkycError).message).toMatch(text);
}

/** A valid PNG header declaring a size, with one tiny IDAT: costs bytes, would cost gigabytes. */
function pngDeclaring(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

describe('decodeImage', () => {
  it.each(['jpeg', 'png', 'webp', 'tiff', 'avif'] as const)('decodes %s to upright RGB', async (format) => {
    const bytes = await (await halves()).toFormat(format, format === 'jpeg' || format === 'webp' || format === 'avif' ? { quality: 95 } : {}).toBuffer();
    const img = await decodeImage(bytes, `test.${format}`);
    expect([img.width, img.height, img.data.length]).toEqual([64, 48, 64 * 48 * 3]);
    const left = img.data.subarray((24 * 64 + 5) * 3, (24 * 64 + 5) * 3 + 3);
    const right = img.data.subarray((24 * 64 + 58) * 3, (24 * 64 + 58) * 3 + 3);
    expect(left[0]).toBeGreaterThan(150);
    expect(right[2]).toBeGreaterThan(150);
  });

  it('applies EXIF orientation (6 = rotate 90° clockwise) so the face is upright', async () => {
    const bytes = await (await halves()).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const img = await decodeImage(bytes, 'phone.jpg');
    expect([img.width, img.height]).toEqual([48, 64]);
    // The red left half is now on top.
    expect(img.data[(5 * 48 + 24) * 3]).toBeGreaterThan(150);
    expect(img.data[(58 * 48 + 24) * 3 + 2]).toBeGreaterThan(150);
  });

  it('shrinks large images by a power of two while decoding and reports the scale', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const img = await decodeImage(big, 'scan.jpg', { maxSide: 1600 });
    expect([img.width, img.height, img.scale]).toEqual([1000, 750, 0.25]);
    expect(decodeScale(1600, 1600)).toBe(1);
    expect(decodeScale(1601, 1600)).toBe(0.5);
    expect(decodeScale(6400, 1600)).toBe(0.25);
  });

  it('refuses an empty file', async () => {
    await expectCode(decodeImage(new Uint8Array(0), 'empty.jpg'), 'FILE_EMPTY', /empty\.jpg is empty/);
  });

  it('refuses text renamed .jpg, saying it looks like text', async () => {
    await expectCode(decodeImage(Buffer.from('name,date\nalice,2020\n'), 'notes.jpg'), 'IMAGE_UNDECODABLE', /notes\.jpg is not an image.*looks like text/);
  });

  it('refuses a truncated JPEG', async () => {
    const full = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    await expectCode(decodeImage(full.subarray(0, Math.floor(full.length / 2)), 'half.jpg'), 'IMAGE_TRUNCATED', /half\.jpg is truncated/);
  });

  it('calls a JPEG cut right after its header truncated, not "not an image"', async () => {
    const full = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    // SOI, APP0 and the start of the quantisation tables: too short for the decoder to read a header.
    for (const length of [3, 20, 100]) {
      await expectCode(decodeImage(full.subarray(0, length), 'cut.jpg'), 'IMAGE_TRUNCATED', /cut\.jpg is truncated: it starts as a JPEG file but ends inside its header/);
    }
  });

  it('calls a PNG cut inside its header truncated', async () => {
    const full = await (await halves()).png().toBuffer();
    await expectCode(decodeImage(full.subarray(0, 20), 'cut.png'), 'IMAGE_TRUNCATED', /cut\.png is truncated: it starts as a PNG file/);
  });

  it('says a HEIC photo is not supported and to convert it to JPEG', async () => {
    // An iPhone photo begins with an ISO-BMFF "ftyp" box whose brand is heic.
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
    const heic = Buffer.concat([ftyp, Buffer.alloc(2000, 7)]);
    await expectCode(decodeImage(heic, 'IMG_0001.HEIC'), 'IMAGE_UNDECODABLE', /IMG_0001\.HEIC is a HEIC\/HEIF photo, which this app does not read .*convert it to JPEG/);
  });

  it('still reads AVIF, the other HEIF-container format README lists', async () => {
    const avif = await (await halves()).avif().toBuffer();
    expect((await decodeImage(avif, 'photo.avif')).width).toBe(64);
  });

  it('refuses a GIF, which README does not list, although the decoder could read it', async () => {
    const gif = await (await halves()).gif().toBuffer();
    await expectCode(decodeImage(gif, 'anim.gif'), 'IMAGE_UNDECODABLE', /anim\.gif is a GIF, which this app does not read/);
  });

  it('never opens an SVG: one that references a file on disk is refused before any decoder sees it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ekyc-'));
    writeFileSync(join(dir, 'secret.png'), await (await halves()).png().toBuffer());
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="48"><image xlink:href="file://${dir}/secret.png" width="64" height="48"/></svg>`;
    await expectCode(decodeImage(Buffer.from(svg), 'card.svg'), 'IMAGE_UNDECODABLE', /card\.svg is an SVG drawing, which this app never opens \(an SVG can load other files\)/);
    await expectCode(decodeImage(Buffer.from(`\uFEFF  ${svg.replace('<?xml version="1.0"?>\n', '')}`), 'bom.jpg'), 'IMAGE_UNDECODABLE', /bom\.jpg is an SVG drawing/);
  });

  it('refuses a 1x1 image as too small', async () => {
    const dot = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
    await expectCode(decodeImage(dot, 'dot.png'), 'IMAGE_TOO_SMALL', /dot\.png is only 1x1 pixels/);
  });

  it('refuses a PNG declaring 30000x30000 pixels before decoding any of them', async () => {
    await expectCode(decodeImage(pngDeclaring(30000, 30000), 'bomb.png'), 'IMAGE_TOO_LARGE', /bomb\.png declares 30000x30000 pixels \(900 megapixels\)/);
  });

  it('names a missing file and a folder', async () => {
    await expectCode(decodeImageFile('/no/such/photo.jpg'), 'FILE_NOT_FOUND', /\/no\/such\/photo\.jpg does not exist/);
    await expectCode(decodeImageFile(mkdtempSync(join(tmpdir(), 'ekyc-'))), 'FILE_UNREADABLE', /is a directory, not a file; give the path of a photo/);
  });

  it('refuses a named pipe (FIFO) at once instead of waiting for a writer', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'ekyc-')), 'photo.jpg');
    execFileSync('mkfifo', [fifo]);
    await expectCode(decodeImageFile(fifo), 'FILE_UNREADABLE', /photo\.jpg is a named pipe \(FIFO\), not a regular file/);
  });

  it('reads a file from disk', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ekyc-')), 'halves.png');
    writeFileSync(path, await (await halves()).png().toBuffer());
    expect((await decodeImageFile(path)).width).toBe(64);
  });
});

describe('rgbImageFromRgba', () => {
  it('drops alpha from a camera frame and keeps every colour byte as it was', async () => {
    const rgba = new Uint8Array(32 * 33 * 4).map((_, i) => (i * 7 + (i >> 2)) % 256);
    const img = await rgbImageFromRgba(rgba, 32, 33);
    expect([img.width, img.height, img.scale]).toEqual([32, 33, 1]);
    const expected = new Uint8Array(32 * 33 * 3);
    for (let p = 0; p < 32 * 33; p++) expected.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
    expect(Buffer.from(img.data).equals(Buffer.from(expected))).toBe(true);
  });

  it('refuses a frame whose byte count does not match its size', async () => {
    await expect(rgbImageFromRgba(new Uint8Array(10), 32, 32)).rejects.toThrow(/expected 4096/);
  });

  it('refuses a frame too small to hold a face', async () => {
    await expect(rgbImageFromRgba(new Uint8Array(4 * 4 * 4), 4, 4)).rejects.toMatchObject({ code: 'IMAGE_TOO_SMALL' });
  });
});

describe('isTruncated', () => {
  it('tells a whole JPEG, PNG and WebP from the same files cut short, at any length', async () => {
    const base = sharp({ create: { width: 300, height: 200, channels: 3, background: '#4a6' } });
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const whole = await base.clone().toFormat(format).toBuffer();
      expect(isTruncated(whole)).toBe(false);
      for (const share of [0.3, 0.6, 0.95]) expect(isTruncated(whole.subarray(0, Math.floor(whole.length * share)))).toBe(true);
    }
  });

  it('is not fooled by the end marker of an EXIF thumbnail in a truncated photo', async () => {
    const photo = await sharp(faceApiDemo('sample1.jpg')).jpeg().withMetadata().toBuffer();
    expect(isTruncated(photo)).toBe(false);
    expect(isTruncated(photo.subarray(0, photo.length - 100))).toBe(true);
  });
});
