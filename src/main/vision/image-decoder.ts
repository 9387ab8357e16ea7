/**
 * Turns untrusted image bytes into upright RGB pixels, or a specific EkycError.
 * Pixel limits are checked from the header before any pixel is decoded, so a 30000x30000
 * PNG of a few kilobytes costs nothing; EXIF orientation is applied so "up" is up.
 */
import sharp from 'sharp';
import { EkycError } from '../../shared/errors';
import { readInputFile } from '../files/input-file';
import { decodeJpeg2000, isJpeg2000 } from './jpeg2000-decoder';
import { MAX_DECODE_SIDE, MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE } from '../../shared/defaults';

export interface RgbImage {
  /** RGB interleaved, 3 bytes a pixel, row-major. */
  data: Uint8Array;
  width: number;
  height: number;
  /** decoded size / source size (<= 1 when the decoder shrank a large image). */
  scale: number;
}

export interface DecodeOptions {
  maxPixels?: number;
  /** Longest side after decoding; larger images are shrunk while decoding. */
  maxSide?: number;
}

const FORMAT_HINT = 'use a JPEG, PNG, WebP, TIFF, AVIF or JPEG 2000 photo';

export async function decodeImageFile(path: string, options: DecodeOptions = {}): Promise<RgbImage> {
  return decodeImage(await readImageFile(path), path, options);
}

/**
 * An image file's bytes, or a specific EkycError: missing, not a regular file (a directory
 * or a FIFO), unreadable, or larger than `maxBytes` (checked before reading it).
 */
export async function readImageFile(path: string, maxBytes = Infinity): Promise<Uint8Array> {
  try {
    const bytes = await readInputFile(path, { expected: 'a photo', maxBytes: Number.isFinite(maxBytes) ? maxBytes : undefined });
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  } catch (err) {
    if (err instanceof EkycError && err.details?.problem === 'too-large') {
      const size = err.details.size as number;
      throw new EkycError('IMAGE_TOO_LARGE', `${path} is ${(size / 1048576).toFixed(1)} MB, more than the ${maxBytes / 1048576} MB limit; scan at a lower resolution`, { file: path });
    }
    if (err instanceof EkycError && err.code === 'FILE_UNREADABLE' && err.details?.problem !== 'unreadable') {
      throw new EkycError('FILE_UNREADABLE', `${err.message}; ${FORMAT_HINT}`, err.details);
    }
    throw err;
  }
}

/** Decodes encoded image bytes; `label` names the source (a path or "camera frame") in messages. */
export async function decodeImage(bytes: Uint8Array, label: string, options: DecodeOptions = {}): Promise<RgbImage> {
  const maxPixels = options.maxPixels ?? MAX_IMAGE_PIXELS;
  const maxSide = options.maxSide ?? MAX_DECODE_SIDE;
  const name = label || 'image';
  if (bytes.length === 0) throw new EkycError('FILE_EMPTY', `${name} is empty (0 bytes); choose the image again or retake it`, { file: label });

  // Only the formats README lists ever reach a decoder: sharp would also open GIF, SVG, PDF
  // and more, and an SVG can reference other files.
  const format = sniffImageFormat(bytes);
  if (format === 'jpeg2000') return decodeJpeg2000Image(bytes, name, maxPixels, maxSide);
  if (!isSupportedFormat(format)) throw unsupportedFormat(format, name, label, bytes);
  const meta = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      // The signature said which format it is, so a header the decoder cannot parse is a cut or damaged file.
      if (isTruncated(bytes)) {
        throw new EkycError('IMAGE_TRUNCATED', `${name} is truncated: it starts as a ${FORMAT_NAMES[format]} file but ends inside its header; copy or capture it again`, { file: label, format });
      }
      throw new EkycError('IMAGE_UNDECODABLE', `${name} starts as a ${FORMAT_NAMES[format]} file but its header is damaged; copy or capture it again, or ${FORMAT_HINT}`, { file: label, format });
    });
  if (meta.format === 'heif' && meta.compression !== 'av1') throw unsupportedFormat('heic', name, label, bytes);
  if (meta.format !== SHARP_FORMAT[format]) {
    throw new EkycError('IMAGE_UNDECODABLE', `${name} looks like ${FORMAT_NAMES[format]} but decodes as ${meta.format}; ${FORMAT_HINT}`, { file: label, format });
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > maxPixels) {
    throw new EkycError('IMAGE_TOO_LARGE', `${name} declares ${width}x${height} pixels (${Math.round((width * height) / 1e6)} megapixels), more than the ${Math.round(maxPixels / 1e6)} megapixel limit; scan or photograph it at a lower resolution`, { file: label, width, height });
  }
  if (Math.min(width, height) < MIN_IMAGE_SIDE) {
    throw new EkycError('IMAGE_TOO_SMALL', `${name} is only ${width}x${height} pixels; a face needs at least ${MIN_IMAGE_SIDE} pixels on each side`, { file: label, width, height });
  }
  if (isTruncated(bytes)) {
    throw new EkycError('IMAGE_TRUNCATED', `${name} is truncated or damaged (the file ends before the image does); copy or capture it again`, { file: label });
  }
  const swapsSides = (meta.orientation ?? 1) >= 5;
  const sourceWidth = swapsSides ? height : width;
  const sourceHeight = swapsSides ? width : height;
  const scale = decodeScale(Math.max(sourceWidth, sourceHeight), maxSide);

  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated', sequentialRead: true })
      .rotate()
      .resize({ width: Math.round(sourceWidth * scale), height: Math.round(sourceHeight * scale), fit: 'fill', kernel: 'linear', fastShrinkOnLoad: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, scale: info.width / sourceWidth };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/premature end|truncat|unexpected end|corrupt|not enough data|read error|EOF/i.test(message)) {
      throw new EkycError('IMAGE_TRUNCATED', `${name} is truncated or damaged (${firstLine(message)}); copy or capture it again`, { file: label });
    }
    throw new EkycError('IMAGE_UNDECODABLE', `${name} could not be decoded (${firstLine(message)}); ${FORMAT_HINT}`, { file: label });
  }
}

/**
 * JPEG 2000, which libvips as sharp ships it does not read (chip photos often are): decoded
 * by OpenJPEG in wasm, then shrunk by sharp like every other image. The format has no
 * orientation tag.
 */
async function decodeJpeg2000Image(bytes: Uint8Array, name: string, maxPixels: number, maxSide: number): Promise<RgbImage> {
  const full = await decodeJpeg2000(bytes, name, maxPixels);
  if (Math.min(full.width, full.height) < MIN_IMAGE_SIDE) {
    throw new EkycError('IMAGE_TOO_SMALL', `${name} is only ${full.width}x${full.height} pixels; a face needs at least ${MIN_IMAGE_SIDE} pixels on each side`, { file: name, width: full.width, height: full.height });
  }
  const scale = decodeScale(Math.max(full.width, full.height), maxSide);
  if (scale === 1) return { ...full, scale: 1 };
  const width = Math.round(full.width * scale);
  const height = Math.round(full.height * scale);
  const data = await sharp(full.data, { raw: { width: full.width, height: full.height, channels: 3 } })
    .resize({ width, height, fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height, scale: width / full.width };
}

/**
 * Shrinks by a power of two, so JPEG and WebP decoders can scale while decoding (DCT
 * scaling) instead of decoding every pixel and resizing: the result's long side lands in
 * (maxSide / 2, maxSide].
 */
export function decodeScale(longSide: number, maxSide: number): number {
  if (longSide <= maxSide) return 1;
  return 1 / 2 ** Math.ceil(Math.log2(longSide / maxSide));
}

/**
 * A camera frame (RGBA, as a canvas gives it) as RGB, without re-encoding. sharp drops the
 * alpha on its own threads: a frame's million bytes copied in JavaScript would hold up main's
 * event loop for milliseconds.
 */
export async function rgbImageFromRgba(rgba: Uint8Array, width: number, height: number): Promise<RgbImage> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE) {
    throw new EkycError('IMAGE_TOO_SMALL', `camera frame of ${width}x${height} pixels is too small`, { width, height });
  }
  if (rgba.length !== width * height * 4) {
    throw new EkycError('INVALID_REQUEST', `camera frame has ${rgba.length} bytes, expected ${width * height * 4} for ${width}x${height} RGBA`);
  }
  const rgb = await sharp(rgba, { raw: { width, height, channels: 4 } }).removeAlpha().raw().toBuffer();
  return { data: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length), width, height, scale: 1 };
}

/** What an image's first bytes say it is, before any decoder sees it. */
export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'avif' | 'jpeg2000' | 'heic' | 'gif' | 'svg' | 'text' | 'unknown';

const SUPPORTED_FORMATS = ['jpeg', 'png', 'webp', 'tiff', 'avif'] as const;
type SupportedFormat = (typeof SUPPORTED_FORMATS)[number];
const FORMAT_NAMES: Record<SupportedFormat, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', tiff: 'TIFF', avif: 'AVIF' };
/** sharp's `metadata().format` for each: AVIF is a HEIF container with AV1 inside. */
const SHARP_FORMAT: Record<SupportedFormat, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', tiff: 'tiff', avif: 'heif' };
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

function isSupportedFormat(format: SniffedFormat): format is SupportedFormat {
  return (SUPPORTED_FORMATS as readonly string[]).includes(format);
}

export function sniffImageFormat(bytes: Uint8Array): SniffedFormat {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  const tiff = ascii(0, 4);
  if (tiff === 'II*\0' || tiff === 'MM\0*' || tiff === 'II+\0' || tiff === 'MM\0+') return 'tiff';
  if (isJpeg2000(bytes)) return 'jpeg2000';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(4, 8) === 'ftyp' && bytes.length >= 12) {
    // ISO base media file: the major brand, then compatible brands, up to the box's end.
    const boxEnd = Math.min(bytes.length, Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0));
    const brands = [ascii(8, 12)];
    for (let i = 16; i + 4 <= boxEnd; i += 4) brands.push(ascii(i, i + 4));
    if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
    if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
    return 'unknown';
  }
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*</.test(head) && /<svg[\s>]/i.test(head)) return 'svg';
  if (looksLikeText(bytes)) return 'text';
  return 'unknown';
}

function unsupportedFormat(format: SniffedFormat, name: string, label: string, bytes: Uint8Array): EkycError {
  const details = { file: label, format };
  switch (format) {
    case 'heic':
      return new EkycError('IMAGE_UNDECODABLE', `${name} is a HEIC/HEIF photo, which this app does not read (no HEVC decoder is bundled); convert it to JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible)`, details);
    case 'gif':
      return new EkycError('IMAGE_UNDECODABLE', `${name} is a GIF, which this app does not read (256 colours at most, not a photo format); ${FORMAT_HINT}`, details);
    case 'svg':
      return new EkycError('IMAGE_UNDECODABLE', `${name} is an SVG drawing, which this app never opens (an SVG can load other files); ${FORMAT_HINT}`, details);
    default:
      return new EkycError('IMAGE_UNDECODABLE', `${name} is not an image this app can read (${describeBytes(bytes)}); ${FORMAT_HINT}`, details);
  }
}

/**
 * Whether a JPEG, PNG or WebP file ends before its image does. Checked from the bytes,
 * because a decoder may fill the missing rows with grey and report success.
 */
export function isTruncated(bytes: Uint8Array): boolean {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return !jpegHasEnd(bytes);
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64))).toString('latin1');
    return !tail.includes('IEND');
  }
  const head = Buffer.from(bytes.subarray(0, 12)).toString('latin1');
  if (head.startsWith('RIFF') && head.endsWith('WEBP')) {
    return bytes.length < 8 + Buffer.from(bytes.subarray(4, 8)).readUInt32LE(0);
  }
  return false;
}

const JPEG_END = Buffer.from([0xff, 0xd9]);

/** Walks the JPEG's marker segments to the main image's scan, then looks for its end marker. */
function jpegHasEnd(bytes: Uint8Array): boolean {
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return false;
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker === 0xda) {
      // Entropy-coded data cannot hold 0xFFD9: a 0xFF there is followed by 0x00 or a restart marker.
      // Buffer's native search, not a JavaScript loop: a scan's megabytes would hold up main's thread.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(JPEG_END, i + 2 + length) >= 0;
    }
    i += 2 + length;
  }
  return false;
}

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/\s+$/, '');
}

function looksLikeText(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 16)).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
}

function describeBytes(bytes: Uint8Array): string {
  if (looksLikeText(bytes)) return 'it looks like text';
  return `it starts with bytes ${Buffer.from(bytes.subarray(0, 4)).toString('hex')}, not a known image signature`;
}
