import { promises as fs } from 'node:fs';
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { EkycError } from '../../shared/errors';

/**
 * Decodes a document photo or scan to an upright greyscale raster.
 *
 * Kept as one small function so it can be swapped for the shared image decoder in
 * src/main/vision once that lands.
 */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Beyond this a photo is not a document scan but an attack on memory. */
export const MAX_DOCUMENT_PIXELS = 100_000_000;

export async function decodeDocumentImage(file: string): Promise<GreyImage> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EkycError('FILE_NOT_FOUND', `${file}: no such file`, { file });
    if (code === 'EISDIR') throw new EkycError('FILE_UNREADABLE', `${file} is a directory, not an image`, { file });
    throw new EkycError('FILE_UNREADABLE', `${file}: cannot be read (${code ?? String(err)})`, { file });
  }
  if (bytes.length === 0) throw new EkycError('FILE_EMPTY', `${file} is empty (0 bytes): give a JPEG or PNG photo of the document`, { file });

  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new EkycError('IMAGE_UNDECODABLE', `${file} is not a readable image (${(err as Error).message}): give a JPEG or PNG photo of the document`, { file });
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_DOCUMENT_PIXELS) {
    throw new EkycError('IMAGE_TOO_LARGE', `${file} is ${meta.width}x${meta.height} (${(pixels / 1e6).toFixed(0)} megapixels), over the ${MAX_DOCUMENT_PIXELS / 1e6} megapixel limit: scale the scan down`, { file, width: meta.width, height: meta.height });
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_DOCUMENT_PIXELS, failOn: 'truncated' })
      .rotate()
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), width: info.width, height: info.height };
  } catch (err) {
    const message = (err as Error).message;
    if (/truncat|premature end|unexpected end|VipsJpeg: Premature|read error|Input buffer has corrupt header/i.test(message)) {
      throw new EkycError('IMAGE_TRUNCATED', `${file} is truncated or damaged (${message}): copy the file again or take a new photo`, { file });
    }
    throw new EkycError('IMAGE_UNDECODABLE', `${file} cannot be decoded (${message}): give a JPEG or PNG photo of the document`, { file });
  }
}
