/**
 * JPEG 2000 (a JP2 file or a bare J2K codestream) to RGB pixels, for the chip photo: many
 * passports store DG2's face as JPEG 2000 (ISO/IEC 19794-5 image type 1), which sharp's
 * libvips build does not read. The decoder is OpenJPEG compiled to WebAssembly
 * (@cornerstonejs/codec-openjpeg, its decode-only build): no native code to ship per
 * platform, and a malformed file can only fail inside the wasm sandbox's own memory.
 *
 * In:  the encoded bytes (untrusted: from a chip or a file).
 * Out: 8-bit RGB, 3 bytes a pixel; grey images are spread to three channels, deeper
 *      samples scaled to 8 bits. Pixel limits are checked from the header before decoding.
 */
import { EkycError } from '../../shared/errors';

/** The part of the codec's embind API this module uses. */
interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  delete(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}
type OpenJpegFactory = (options?: { print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<OpenJpegModule>;

export interface Jpeg2000Image {
  /** RGB interleaved, 3 bytes a pixel, row-major. */
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Jpeg2000Header {
  width: number;
  height: number;
  /** Of the first component; the decoder gives every component the same depth. */
  bitsPerSample: number;
  isSigned: boolean;
  componentCount: number;
}

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const J2K_CODESTREAM = [0xff, 0x4f, 0xff, 0x51];

/** Whether the bytes start as a JP2 file or a J2K codestream. */
export function isJpeg2000(bytes: Uint8Array): boolean {
  const starts = (sig: readonly number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
  return starts(JP2_SIGNATURE) || starts(J2K_CODESTREAM);
}

let codec: Promise<OpenJpegModule> | null = null;
/**
 * OpenJPEG's messages for the decode in progress. It reports a failed decode only by
 * printing "[ERROR] ..." and leaving the output empty, never by throwing; decodes are
 * synchronous, so one list serves the process.
 */
let codecErrors: string[] = [];

/** The codec, instantiated once per process; its INFO lines would otherwise go to stdout. */
function openJpeg(): Promise<OpenJpegModule> {
  if (!codec) {
    // The package has no type declarations; OpenJpegFactory above is the part used.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as OpenJpegFactory;
    const collect = (line: string) => { if (/\[ERROR\]/.test(line)) codecErrors.push(line.replace(/^\[ERROR\]\s*/, '').trim()); };
    codec = factory({ print: collect, printErr: collect });
    codec.catch(() => { codec = null; });
  }
  return codec;
}

/**
 * Decodes `bytes`; `label` names the source in messages. The size in the codestream's SIZ
 * marker is checked against `maxPixels` before any pixel is decoded.
 */
export async function decodeJpeg2000(bytes: Uint8Array, label: string, maxPixels: number): Promise<Jpeg2000Image> {
  const header = readJpeg2000Header(bytes, label);
  checkHeader(header, label, maxPixels);
  const module = await openJpeg();
  const decoder = new module.J2KDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    codecErrors = [];
    try {
      decoder.decode();
    } catch (err) {
      // An abort inside the C++ code surfaces as a thrown number or string.
      codecErrors.push(err instanceof Error ? err.message : String(err));
    }
    const info = decoder.getFrameInfo();
    const decoded = decoder.getDecodedBuffer();
    const expected = info.width * info.height * info.componentCount * (info.bitsPerSample > 8 ? 2 : 1);
    if (codecErrors.length > 0 || info.width !== header.width || info.height !== header.height || decoded.length < expected || expected === 0) {
      const why = codecErrors[0] ?? 'the decoder returned no image';
      throw new EkycError('IMAGE_TRUNCATED', `${label} is JPEG 2000 but its image data is cut or damaged (${why}); read the chip again, or use a JPEG or PNG`, { file: label, format: 'jpeg2000' });
    }
    return toRgb(decoded, { ...header, bitsPerSample: info.bitsPerSample, componentCount: info.componentCount });
  } finally {
    codecErrors = [];
    decoder.delete();
  }
}

/**
 * The image size and sample format from the codestream's SIZ marker (ITU-T T.800 A.5.1),
 * inside a JP2 file's contiguous codestream box or at the start of a bare codestream.
 */
export function readJpeg2000Header(bytes: Uint8Array, label: string): Jpeg2000Header {
  const damaged = (why: string) => new EkycError('IMAGE_UNDECODABLE', `${label} is not a readable JPEG 2000 image: ${why}; read the chip again, or use a JPEG or PNG`, { file: label, format: 'jpeg2000' });
  if (!isJpeg2000(bytes)) throw damaged('it has neither the JP2 signature nor a J2K codestream marker');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let at = 0;
  if (bytes[0] !== 0xff) {
    // JP2 boxes: length (0 = to the end, 1 = a 64-bit length follows), type; the codestream is 'jp2c'.
    at = -1;
    for (let box = 0; box + 8 <= bytes.length;) {
      const length32 = view.getUint32(box);
      const type = String.fromCharCode(bytes[box + 4], bytes[box + 5], bytes[box + 6], bytes[box + 7]);
      const headerSize = length32 === 1 ? 16 : 8;
      if (type === 'jp2c') { at = box + headerSize; break; }
      const length = length32 === 0 ? bytes.length - box : length32 === 1 ? Number(view.getBigUint64(box + 8)) : length32;
      if (length < headerSize) throw damaged(`its '${type}' box has an impossible length ${length}`);
      box += length;
    }
    if (at < 0) throw damaged('it has no codestream box');
  }
  // SOC (FF4F), then SIZ (FF51): Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz, Ssiz...
  if (at + 4 + 39 > bytes.length) throw damaged('it ends inside its image header');
  if (bytes[at] !== 0xff || bytes[at + 1] !== 0x4f || bytes[at + 2] !== 0xff || bytes[at + 3] !== 0x51) throw damaged('its codestream does not start with the SOC and SIZ markers');
  const siz = at + 4;
  const width = view.getUint32(siz + 4) - view.getUint32(siz + 12);
  const height = view.getUint32(siz + 8) - view.getUint32(siz + 16);
  const componentCount = view.getUint16(siz + 36);
  const ssiz = bytes[siz + 38];
  return { width, height, componentCount, bitsPerSample: (ssiz & 0x7f) + 1, isSigned: (ssiz & 0x80) !== 0 };
}

function checkHeader(h: Jpeg2000Header, label: string, maxPixels: number): void {
  if (!(h.width > 0 && h.height > 0)) {
    throw new EkycError('IMAGE_UNDECODABLE', `${label} is JPEG 2000 but declares no size (${h.width}x${h.height})`, { file: label, format: 'jpeg2000' });
  }
  if (h.width * h.height > maxPixels) {
    throw new EkycError('IMAGE_TOO_LARGE', `${label} declares ${h.width}x${h.height} pixels, more than the ${Math.round(maxPixels / 1e6)} megapixel limit`, { file: label, width: h.width, height: h.height });
  }
  if (h.componentCount !== 1 && h.componentCount !== 3 && h.componentCount !== 4) {
    throw new EkycError('IMAGE_UNDECODABLE', `${label} is JPEG 2000 with ${h.componentCount} colour components; only grey, RGB and RGBA are read`, { file: label, format: 'jpeg2000' });
  }
  if (h.isSigned || h.bitsPerSample > 16) {
    throw new EkycError('IMAGE_UNDECODABLE', `${label} is JPEG 2000 with ${h.isSigned ? 'signed ' : ''}${h.bitsPerSample}-bit samples; only unsigned 1 to 16 bits are read`, { file: label, format: 'jpeg2000' });
  }
}

/** The codec's interleaved samples (8-bit, or 16-bit little-endian above 8 bits) as 8-bit RGB. */
function toRgb(decoded: Uint8Array, h: Jpeg2000Header): Jpeg2000Image {
  const pixels = h.width * h.height;
  const n = h.componentCount;
  const wide = h.bitsPerSample > 8;
  const samples = wide ? new Uint16Array(decoded.buffer.slice(decoded.byteOffset, decoded.byteOffset + pixels * n * 2)) : decoded;
  if (samples.length < pixels * n) throw new EkycError('IMAGE_UNDECODABLE', 'the JPEG 2000 decoder returned fewer samples than the header declares');
  const shift = Math.max(0, h.bitsPerSample - 8);
  const scaleUp = h.bitsPerSample < 8 ? 255 / ((1 << h.bitsPerSample) - 1) : 1;
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const v = samples[p * n + (n === 1 ? 0 : c)];
      rgb[p * 3 + c] = scaleUp === 1 ? v >> shift : v * scaleUp + 0.5;
    }
  }
  return { data: rgb, width: h.width, height: h.height };
}
