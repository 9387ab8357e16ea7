import sharp from 'sharp';
import { decodeImage, type RgbImage } from '../../src/main/vision/image-decoder';
import type { Box } from '../../src/shared/geometry';

/** Cuts `box` (with `margin` of its size around it) out of an image file, as PNG bytes. */
export async function cropFace(file: string, box: Box, margin: number): Promise<Buffer> {
  const meta = await sharp(file).metadata();
  const left = Math.max(0, Math.round(box.x - box.width * margin));
  const top = Math.max(0, Math.round(box.y - box.height * margin));
  const width = Math.min(meta.width! - left, Math.round(box.width * (1 + 2 * margin)));
  const height = Math.min(meta.height! - top, Math.round(box.height * (1 + 2 * margin)));
  return sharp(file).extract({ left, top, width, height }).png().toBuffer();
}

export interface CardOptions {
  /** Card width in pixels; height follows the ID-1 aspect ratio. */
  width: number;
  /** Portrait width as a share of the card width. */
  portraitShare: number;
  /** Add a small greyscale secondary ("ghost") portrait of the same face. */
  ghost?: boolean;
  /** Blur the printed portrait (sigma, in card pixels). */
  blurPortrait?: number;
}

/** Draws an ID-1 card (85.6 x 54 mm) with text fields, a portrait and optionally a ghost. */
export async function drawIdCard(portrait: Buffer | null, options: CardOptions): Promise<Buffer> {
  const width = options.width;
  const height = Math.round((width * 54) / 85.6);
  const u = width / 100;
  const lines = ['IDENTITY CARD', 'SURNAME  SPECIMEN', 'GIVEN NAMES  ALEX JORDAN', 'DATE OF BIRTH  12 08 1974', 'DOCUMENT No  L898902C3', 'EXPIRY  15 04 2031']
    .map((t, i) => `<text x="${40 * u}" y="${(10 + i * 7) * u}" font-family="DejaVu Sans" font-size="${(i === 0 ? 5 : 3.2) * u}" fill="#1d2b4f">${t}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" rx="${3 * u}" fill="#dfe9f5"/>
    <rect y="${height - 12 * u}" width="100%" height="${12 * u}" fill="#c9d8ec"/>
    <path d="M0 ${height * 0.8} Q ${width / 2} ${height * 0.6} ${width} ${height * 0.85}" stroke="#b5c7e0" stroke-width="${u}" fill="none"/>
    ${lines}</svg>`;
  const layers: Parameters<ReturnType<typeof sharp>['composite']>[0] = [];
  if (portrait) {
    const pw = Math.round(width * options.portraitShare);
    const ph = Math.round(pw * 1.28);
    let printed = sharp(portrait).resize(pw, ph, { fit: 'cover', position: 'centre' });
    if (options.blurPortrait) printed = printed.blur(options.blurPortrait);
    layers.push({ input: await printed.png().toBuffer(), left: Math.round(4 * u), top: Math.round(10 * u) });
    if (options.ghost) {
      const gw = Math.round(pw * 0.35);
      const ghost = await sharp(portrait).resize(gw, Math.round(gw * 1.28), { fit: 'cover' }).greyscale().linear(0.5, 128).png().toBuffer();
      layers.push({ input: ghost, left: Math.round(84 * u), top: Math.round(30 * u) });
    }
  }
  return sharp(Buffer.from(svg)).composite(layers).jpeg({ quality: 90 }).toBuffer();
}

export async function decodeBuffer(bytes: Buffer, label = 'fixture'): Promise<RgbImage> {
  return decodeImage(new Uint8Array(bytes), label);
}

/**
 * An old, faded, low-resolution print of an ID photo: a twelfth of the size and back, grey,
 * 60% contrast (an ffmpeg -vf filter). His photo so printed scores 0.28-0.48 against 13
 * frames of the E2E footage at 4.0-7.6 s (0.44 at 6.5 s; a tenth of the size: 0.38-0.60;
 * unfaded: 0.71 at 6.5 s): within the strictest preset's review band, 0.25 to 0.50.
 */
export const FADED_PRINT = 'scale=iw/12:-2,scale=iw*12:-2,hue=s=0,eq=contrast=0.6';
