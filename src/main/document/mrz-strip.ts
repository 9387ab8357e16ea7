import sharp from 'sharp';
import type { Sharp } from 'sharp';
import type { MrzRotation } from '../../shared/document-types';
import type { GreyImage } from './document-image';
import { binariseDarkText } from './mrz-band';
import type { MrzBand } from './mrz-band';

/**
 * Cutting a zone out of a document image as the strip the OCR reads: turned upright and
 * levelled, scaled to the glyph height the model reads best, inked for Tesseract. Which
 * strips to cut, and when, is mrz-reader.ts's search.
 */

/** Glyph height the OCR model reads best. */
export const OCR_GLYPH_HEIGHT = 32;
/** Share of a zone strip at or below its paper colour: glyphs and their blur cover well under a third (0.5 lost 100_id-usa, 0.85 lost 43_pass-fra). */
const PAPER_PERCENTILE = 0.7;

/**
 * How the strip is handed to the OCR: contrast-stretched grey, or black on white after a
 * local threshold (which survives glare and a dark surround but can break thin strokes).
 */
export type StripInk = 'grey' | 'binary';

/** sharp reads a typed array's whole backing store, so hand it an exact Buffer view. */
function rawSharp(image: GreyImage): Sharp {
  const bytes = Buffer.from(image.data.buffer, image.data.byteOffset, image.width * image.height);
  return sharp(bytes, { raw: { width: image.width, height: image.height, channels: 1 } });
}

export async function resizeGrey(image: GreyImage, scale: number): Promise<GreyImage> {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const data = await rawSharp(image)
    .resize(width, height, { kernel: 'linear' })
    // sharp turns one-channel raw input into sRGB unless told to keep one channel.
    .extractChannel(0)
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, width * height), width, height };
}

/** The quarter turn that makes the band's reading direction point right (before the 0/180 ambiguity). */
export function uprightRotation(band: MrzBand): MrzRotation {
  const quarter = Math.round(-band.directionDeg / 90);
  return ((((quarter * 90) % 360) + 360) % 360) as MrzRotation;
}

/**
 * Cuts the band out of the full-resolution image, turned so its rows run left to right
 * (the quarter turn plus the measured skew), scaled to the OCR's glyph height, as PNG.
 */
export async function cutBand(image: GreyImage, band: MrzBand, scale: number, rotation: MrzRotation, ink: StripInk, glyphHeight = OCR_GLYPH_HEIGHT): Promise<Buffer> {
  const cx = band.centreX / scale;
  const cy = band.centreY / scale;
  const length = band.length / scale;
  const thickness = band.thickness / scale;
  // The angle that levels the rows: the band's direction, undone; then the chosen quarter turn.
  const skew = -band.directionDeg - Math.round(-band.directionDeg / 90) * 90;
  const angle = rotation + skew;
  const half = Math.hypot(length, thickness) / 2 + 4;
  const left = Math.max(0, Math.floor(cx - half));
  const top = Math.max(0, Math.floor(cy - half));
  const right = Math.min(image.width, Math.ceil(cx + half));
  const bottom = Math.min(image.height, Math.ceil(cy + half));
  const crop = { left, top, width: right - left, height: bottom - top };
  const rotated = await rawSharp(image)
    .extract(crop)
    .rotate(angle, { background: '#ffffff' })
    // The background colour would add channels back; the strip stays single-channel.
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Where the band's centre went: sharp turns about the crop's centre and grows the canvas.
  const rad = (angle * Math.PI) / 180;
  const dx = cx - (left + crop.width / 2);
  const dy = cy - (top + crop.height / 2);
  const nx = rotated.info.width / 2 + dx * Math.cos(rad) - dy * Math.sin(rad);
  const ny = rotated.info.height / 2 + dx * Math.sin(rad) + dy * Math.cos(rad);
  const w = Math.round(rotation % 180 === 0 ? length : length);
  const h = Math.round(thickness);
  const bx = Math.max(0, Math.round(nx - w / 2));
  const by = Math.max(0, Math.round(ny - h / 2));
  const bw = Math.min(rotated.info.width - bx, w);
  const bh = Math.min(rotated.info.height - by, h);
  const zoom = glyphHeight / (band.glyphHeight / scale);
  const width = Math.max(1, Math.round(bw * zoom));
  const height = Math.max(1, Math.round(bh * zoom));
  const grey = await sharp(rotated.data, { raw: { width: rotated.info.width, height: rotated.info.height, channels: 1 } })
    .extract({ left: bx, top: by, width: bw, height: bh })
    .resize(width, height, { kernel: 'lanczos3' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  if (ink === 'grey') {
    return sharp(stretchToPaper(grey), { raw: { width, height, channels: 1 } })
      .extend({ top: 16, bottom: 16, left: 16, right: 16, background: '#ffffff' })
      .extractChannel(0)
      .png({ compressionLevel: 1 })
      .toBuffer();
  }
  // Tesseract binarises globally, which fails on glare and on the dark table around a
  // document; a local threshold gives it black glyphs on white whatever the lighting.
  const mask = binariseDarkText({ data: grey, width, height }, glyphHeight);
  const binary = Buffer.alloc(width * height);
  for (let i = 0; i < binary.length; i++) binary[i] = mask[i] ? 0 : 255;
  return sharp(binary, { raw: { width, height, channels: 1 } })
    .extend({ top: 16, bottom: 16, left: 16, right: 16, background: '#ffffff' })
    .extractChannel(0)
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/**
 * Stretches a strip so the ink is black and the paper white. A zone is mostly paper, so the
 * median is paper: a tinted page (grey or green security print) would otherwise stay mid-grey
 * next to the white margin added for the OCR, and Tesseract's global threshold then reads
 * the whole strip as ink and finds no text at all.
 */
export function stretchToPaper(grey: Buffer): Buffer {
  const histogram = new Uint32Array(256);
  for (const v of grey) histogram[v]++;
  const percentile = (share: number): number => {
    const target = share * grey.length;
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v];
      if (seen >= target) return v;
    }
    return 255;
  };
  const ink = percentile(0.02);
  const paper = percentile(PAPER_PERCENTILE);
  const out = Buffer.alloc(grey.length);
  if (paper <= ink) return out.fill(grey);
  const gain = 255 / (paper - ink);
  for (let i = 0; i < grey.length; i++) out[i] = Math.max(0, Math.min(255, Math.round((grey[i] - ink) * gain)));
  return out;
}
