/**
 * JPEG 2000 test images made by code: OpenJPEG's encoder (the full wasm build of the codec
 * the station decodes with; the station ships only the decoder) writes a J2K codestream, and
 * `jp2File` wraps one in the JP2 boxes an ISO/IEC 19794-5 facial record usually carries.
 */
interface J2KEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorSpace: boolean }): Uint8Array;
  setQuality(lossless: boolean, quality: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}
type Codec = { J2KEncoder: new () => J2KEncoder };

let codec: Promise<Codec> | null = null;
function openJpegEncoder(): Promise<Codec> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  codec ??= (require('@cornerstonejs/codec-openjpeg/wasmjs') as (o: object) => Promise<Codec>)({ print: () => {}, printErr: () => {} });
  return codec;
}

/**
 * A lossless J2K codestream of interleaved 8-bit samples (1 = grey, 3 = RGB). Lossless only:
 * this build's encoder ignores its compression-ratio setting.
 */
export async function j2kCodestream(samples: Uint8Array, width: number, height: number, componentCount: 1 | 3): Promise<Buffer> {
  const encoder = new (await openJpegEncoder()).J2KEncoder();
  try {
    encoder.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount, isSigned: false, isUsingColorSpace: false }).set(samples);
    encoder.setQuality(true, 0);
    encoder.encode();
    return Buffer.from(encoder.getEncodedBuffer());
  } finally {
    encoder.delete();
  }
}

function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** A JP2 file (ISO/IEC 15444-1 Annex I) around a codestream: signature, file type, header (size, colour), codestream. */
export function jp2File(codestream: Buffer, width: number, height: number, componentCount: 1 | 3): Buffer {
  const ihdr = Buffer.alloc(14);
  ihdr.writeUInt32BE(height, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt16BE(componentCount, 8);
  ihdr[10] = 7; // 8 bits, unsigned
  ihdr[11] = 7; // wavelet compression
  const colr = Buffer.alloc(7);
  colr[0] = 1; // enumerated colour space
  colr.writeUInt32BE(componentCount === 1 ? 17 : 16, 3); // greyscale or sRGB
  const ftyp = Buffer.concat([Buffer.from('jp2 ', 'latin1'), Buffer.alloc(4), Buffer.from('jp2 ', 'latin1')]);
  return Buffer.concat([box('jP  ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a])), box('ftyp', ftyp), box('jp2h', box('ihdr', ihdr), box('colr', colr)), box('jp2c', codestream)]);
}
