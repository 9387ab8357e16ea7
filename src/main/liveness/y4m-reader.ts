import type { FileHandle } from 'node:fs/promises';
import { EkycError } from '../../shared/errors';
import { openInputFile } from '../files/input-file';

/**
 * A YUV4MPEG2 (.y4m) reader: the format Chromium's fake camera plays and `ffmpeg -pix_fmt
 * yuv420p OUT.y4m` writes. A text header line, then per frame a `FRAME[ params]\n` line and
 * the raw Y, U, V planes. Frames are read one at a time from disk, so a long clip never
 * sits in memory whole.
 *
 * Spec: https://wiki.multimedia.cx/index.php/YUV4MPEG2
 */

export interface Y4mHeader {
  width: number;
  height: number;
  /** Frames per second as the header's ratio (e.g. 30000:1001). */
  fpsNumerator: number;
  fpsDenominator: number;
  /** The C tag as written; absent means 4:2:0 (the format's default). */
  colourspace: string;
  /** True when the header says XCOLORRANGE=FULL; otherwise studio range (16..235) is assumed. */
  fullRange: boolean;
  /** Bytes from the start of the file to the first FRAME line. */
  headerBytes: number;
}

export interface Y4mFrame {
  index: number;
  /** Presentation time from the frame rate, in milliseconds from the first frame. */
  timeMs: number;
  width: number;
  height: number;
  /** Interleaved RGB, 3 bytes per pixel, row-major. */
  rgb: Uint8Array;
}

const MAGIC = 'YUV4MPEG2';
/** Every 4:2:0 variant shares one plane layout; they differ only in chroma siting, which a face detector does not notice. */
const SUPPORTED_COLOURSPACES = new Set(['420', '420jpeg', '420paldv', '420mpeg2']);
/** A header is a handful of short tags; anything longer is not a Y4M file. */
const MAX_HEADER_BYTES = 1024;
/** Largest frame accepted, so a corrupt header cannot ask for gigabytes. 8K UHD. */
const MAX_PIXELS = 7680 * 4320;
/**
 * Frame rates a camera recording can have. The timing of every liveness challenge comes
 * from the frame rate, so a header claiming 999999999 fps (every frame 0 ms apart) or one
 * frame a minute is refused rather than replayed with nonsense times.
 */
export const MIN_FPS = 1;
export const MAX_FPS = 240;

export class Y4mReader {
  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
    readonly header: Y4mHeader,
  ) {}

  /** Opens a file and parses its header; throws VIDEO_INVALID (or FILE_NOT_FOUND) with what to do about it. */
  static async open(path: string): Promise<Y4mReader> {
    let file: FileHandle;
    try {
      file = (await openInputFile(path, { expected: 'a .y4m video' })).handle;
    } catch (err) {
      if (!(err instanceof EkycError)) throw err;
      if (err.code === 'FILE_NOT_FOUND') {
        throw new EkycError('VIDEO_INVALID', `video file not found: ${path} (give the path of a .y4m file)`, { path, reason: 'missing' });
      }
      const problem = err.details?.problem;
      throw new EkycError('VIDEO_INVALID', `cannot open video: ${err.message}`, { path, reason: problem === 'directory' || problem === 'not-regular' ? problem : 'unreadable' });
    }
    try {
      const header = await readHeader(file, path);
      return new Y4mReader(file, path, header);
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  get frameDurationMs(): number {
    return (1000 * this.header.fpsDenominator) / this.header.fpsNumerator;
  }

  /** Bytes of Y, U and V for one frame. */
  get frameBytes(): number {
    const { width, height } = this.header;
    return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
  }

  /**
   * Yields every frame in order. A frame cut short by the end of the file is an error, not
   * a silently dropped frame: a truncated recording must not look like a complete one.
   */
  async *frames(): AsyncGenerator<Y4mFrame> {
    const { width, height } = this.header;
    const lineBuf = Buffer.alloc(MAX_HEADER_BYTES);
    const planes = Buffer.alloc(this.frameBytes);
    let position = this.header.headerBytes;
    for (let index = 0; ; index++) {
      const { bytesRead } = await this.file.read(lineBuf, 0, lineBuf.length, position);
      if (bytesRead === 0 && index === 0) {
        throw new EkycError('VIDEO_INVALID', `${this.path} has a Y4M header but no frames; the recording is empty, record it again`, { path: this.path, reason: 'no-frames' });
      }
      if (bytesRead === 0) return;
      const newline = lineBuf.subarray(0, bytesRead).indexOf(0x0a);
      const tag = lineBuf.subarray(0, Math.min(5, bytesRead)).toString('latin1');
      if (tag !== 'FRAME' || newline === -1) {
        throw new EkycError('VIDEO_INVALID', `${this.path}: frame ${index} does not start with a FRAME line at byte ${position}; the file is truncated or corrupt (re-encode it with ffmpeg -pix_fmt yuv420p)`, { path: this.path, frame: index, reason: 'bad-frame-marker' });
      }
      position += newline + 1;
      const got = await readFully(this.file, planes, position);
      if (got < planes.length) {
        throw new EkycError('VIDEO_INVALID', `${this.path}: frame ${index} is truncated (${got} of ${planes.length} bytes); the recording was cut short`, { path: this.path, frame: index, reason: 'truncated' });
      }
      position += planes.length;
      yield {
        index,
        timeMs: index * this.frameDurationMs,
        width,
        height,
        rgb: yuv420ToRgb(planes, width, height, this.header.fullRange),
      };
    }
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

async function readFully(file: FileHandle, into: Buffer, position: number): Promise<number> {
  let total = 0;
  while (total < into.length) {
    const { bytesRead } = await file.read(into, total, into.length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

async function readHeader(file: FileHandle, path: string): Promise<Y4mHeader> {
  const buf = Buffer.alloc(MAX_HEADER_BYTES);
  const { bytesRead } = await file.read(buf, 0, buf.length, 0);
  if (bytesRead === 0) {
    throw new EkycError('VIDEO_INVALID', `${path} is empty; expected a YUV4MPEG2 (.y4m) video`, { path, reason: 'empty' });
  }
  const head = buf.subarray(0, bytesRead);
  if (head.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
    throw new EkycError('VIDEO_INVALID', `${path} is not a YUV4MPEG2 (.y4m) video: it does not start with "${MAGIC}". Convert it with: ffmpeg -i INPUT -pix_fmt yuv420p OUT.y4m`, { path, reason: 'bad-magic' });
  }
  const newline = head.indexOf(0x0a);
  if (newline === -1) {
    throw new EkycError('VIDEO_INVALID', `${path}: the Y4M header line is not terminated within ${MAX_HEADER_BYTES} bytes`, { path, reason: 'bad-header' });
  }
  const tags = head.subarray(MAGIC.length, newline).toString('latin1').trim().split(/ +/).filter(Boolean);
  let width = 0;
  let height = 0;
  let fpsNumerator = 0;
  let fpsDenominator = 0;
  let colourspace = '420jpeg';
  let fullRange = false;
  for (const tag of tags) {
    const value = tag.slice(1);
    switch (tag[0]) {
      case 'W': width = Number(value); break;
      case 'H': height = Number(value); break;
      case 'F': {
        const [n, d] = value.split(':').map(Number);
        fpsNumerator = n;
        fpsDenominator = d;
        break;
      }
      case 'C': colourspace = value; break;
      case 'X': if (value.toUpperCase() === 'COLORRANGE=FULL') fullRange = true; break;
      default: break; // I (interlacing), A (aspect ratio) and unknown tags do not change how frames decode
    }
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 2 || height < 2 || width * height > MAX_PIXELS) {
    throw new EkycError('VIDEO_INVALID', `${path}: invalid frame size W${width} H${height} in the Y4M header`, { path, reason: 'bad-size' });
  }
  if (!Number.isSafeInteger(fpsNumerator) || !Number.isSafeInteger(fpsDenominator) || !(fpsNumerator > 0) || !(fpsDenominator > 0)) {
    throw new EkycError('VIDEO_INVALID', `${path}: the Y4M header has no valid frame rate (F tag, e.g. F30:1)`, { path, reason: 'bad-frame-rate' });
  }
  const fps = fpsNumerator / fpsDenominator;
  if (fps < MIN_FPS || fps > MAX_FPS) {
    throw new EkycError('VIDEO_INVALID', `${path}: the Y4M header says F${fpsNumerator}:${fpsDenominator}, ${fps.toPrecision(4)} frames per second; a recording must be ${MIN_FPS} to ${MAX_FPS} fps (re-encode it with ffmpeg -r 30)`, { path, reason: 'bad-frame-rate', fps });
  }
  if (!SUPPORTED_COLOURSPACES.has(colourspace)) {
    throw new EkycError('VIDEO_INVALID', `${path}: colourspace C${colourspace} is not supported; only 8-bit 4:2:0 is. Convert with: ffmpeg -i INPUT -pix_fmt yuv420p OUT.y4m`, { path, reason: 'unsupported-colourspace', colourspace });
  }
  return { width, height, fpsNumerator, fpsDenominator, colourspace, fullRange, headerBytes: newline + 1 };
}

/**
 * Planar 4:2:0 to interleaved RGB with BT.601 coefficients (what Y4M from ffmpeg and
 * webcams use at these sizes), integer arithmetic for speed.
 */
export function yuv420ToRgb(planes: Uint8Array, width: number, height: number, fullRange: boolean): Uint8Array {
  const chromaWidth = Math.ceil(width / 2);
  const chromaHeight = Math.ceil(height / 2);
  const uOffset = width * height;
  const vOffset = uOffset + chromaWidth * chromaHeight;
  const rgb = new Uint8Array(width * height * 3);
  // Fixed-point (x1024) BT.601; studio range stretches 16..235 to 0..255.
  const yScale = fullRange ? 1024 : 1192;
  const yBase = fullRange ? 0 : 16;
  const crR = fullRange ? 1436 : 1634;
  const cbG = fullRange ? 352 : 401;
  const crG = fullRange ? 731 : 832;
  const cbB = fullRange ? 1815 : 2066;
  let out = 0;
  for (let y = 0; y < height; y++) {
    const chromaRow = (y >> 1) * chromaWidth;
    const lumaRow = y * width;
    for (let x = 0; x < width; x++) {
      const c = chromaRow + (x >> 1);
      const yy = (planes[lumaRow + x] - yBase) * yScale;
      const cb = planes[uOffset + c] - 128;
      const cr = planes[vOffset + c] - 128;
      rgb[out++] = clampByte((yy + crR * cr) >> 10);
      rgb[out++] = clampByte((yy - cbG * cb - crG * cr) >> 10);
      rgb[out++] = clampByte((yy + cbB * cb) >> 10);
    }
  }
  return rgb;
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
