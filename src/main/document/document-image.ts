import { decodeImage, decodeImageFile, type RgbImage } from '../vision/image-decoder';

/**
 * A document photo or scan as upright greyscale pixels. Decoding, EXIF orientation, the
 * pixel limit and the errors for missing, empty, truncated or undecodable files come from
 * the project's one image decoder (src/main/vision/image-decoder.ts).
 */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Zone glyphs must stay about 10 px tall or more, so documents are decoded nearly whole;
 * a 12-megapixel phone photo (4032 px) is halved, which keeps a passport zone's glyphs
 * around 25 px.
 */
export const DOCUMENT_DECODE_SIDE = 4000;

export async function decodeDocumentImage(file: string): Promise<GreyImage> {
  return toGreyImage(await decodeImageFile(file, { maxSide: DOCUMENT_DECODE_SIDE }));
}

/** The same for image bytes (a file the renderer sent); `label` names it in errors. */
export async function decodeDocumentBytes(bytes: Uint8Array, label: string): Promise<GreyImage> {
  return toGreyImage(await decodeImage(bytes, label, { maxSide: DOCUMENT_DECODE_SIDE }));
}

function toGreyImage(rgb: RgbImage): GreyImage {
  const grey = new Uint8Array(rgb.width * rgb.height);
  for (let i = 0, j = 0; i < grey.length; i++, j += 3) {
    // ITU-R BT.601 luma, as sharp's greyscale uses.
    grey[i] = (rgb.data[j] * 299 + rgb.data[j + 1] * 587 + rgb.data[j + 2] * 114 + 500) / 1000;
  }
  return { data: grey, width: rgb.width, height: rgb.height };
}
