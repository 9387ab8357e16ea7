/**
 * Frames of a Y4M recording sampled for presentation-attack detection: about 10 a second
 * (consecutive samples are still close enough for the rigid-motion signal to follow the
 * face), each shrunk to at most 640 px on its long side (the detector sees 320x240 and the
 * PAD model a 128 px crop, so nothing is lost), and at most MAX_PAD_FRAMES of them, so a long
 * clip neither fills memory nor takes minutes.
 */
import type { RgbImage } from '../vision/image-decoder';
import { Y4mReader, type Y4mFrame } from './y4m-reader';

export const PAD_SAMPLE_FPS = 10;
export const MAX_PAD_FRAMES = 60;
/**
 * Main takes a live session's camera sample once every SESSION_SAMPLE_INTERVAL_MS
 * (liveness:sample) and keeps at most MAX_SESSION_PAD_SAMPLES of them for the session's
 * presentation-attack decision (src/main/ipc/liveness-pad-frames.ts); a recording judged
 * "as the station would" is sampled the same way (sampleAsLiveSession).
 */
export const SESSION_SAMPLE_INTERVAL_MS = 500;
export const MAX_SESSION_PAD_SAMPLES = 24;
const MAX_SIDE = 640;

/** Pure: shrinks by the smallest integer factor that brings the long side to `maxSide` or less (box average). */
export function shrinkToMaxSide(rgb: Uint8Array, width: number, height: number, maxSide = MAX_SIDE): RgbImage {
  const f = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  if (f === 1) return { data: rgb, width, height, scale: 1 };
  const w = Math.floor(width / f);
  const h = Math.floor(height / f);
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let j = 0; j < f; j++) for (let i = 0; i < f; i++) s += rgb[((y * f + j) * width + x * f + i) * 3 + c];
        out[(y * w + x) * 3 + c] = Math.round(s / (f * f));
      }
    }
  }
  return { data: out, width: w, height: h, scale: 1 / f };
}

/** Sampled frames, in order, with their times. */
export interface SampledFrames {
  frames: RgbImage[];
  timesMs: number[];
  fps: number;
}

/**
 * Keeps one decoded frame in every `fps / sampleFps`, shrunk, up to `maxFrames`: the one rule
 * for sampling a recording, whether it is read for the samples alone (samplePadFrames) or
 * while its gestures are analysed (`ekyc liveness` reads the file once).
 */
export class FrameSampler {
  private readonly stride: number;
  private readonly max: number;
  private readonly kept: SampledFrames;

  /** `fps`: the recording's frame rate; `options.fps`: samples a second wanted. */
  constructor(fps: number, options: { fps?: number; maxFrames?: number } = {}) {
    this.stride = Math.max(1, Math.round(fps / (options.fps ?? PAD_SAMPLE_FPS)));
    this.max = options.maxFrames ?? MAX_PAD_FRAMES;
    this.kept = { frames: [], timesMs: [], fps };
  }

  /** True once `maxFrames` are kept: later frames are not needed. */
  get full(): boolean {
    return this.kept.frames.length >= this.max;
  }

  /** Offers one decoded frame; its RGB must not be reused by the caller (yuv420ToRgb makes a fresh array per frame). */
  offer(f: Pick<Y4mFrame, 'index' | 'rgb' | 'width' | 'height' | 'timeMs'>): void {
    if (this.full || f.index % this.stride !== 0) return;
    this.kept.frames.push(shrinkToMaxSide(f.rgb, f.width, f.height));
    this.kept.timesMs.push(f.timeMs);
  }

  get sampled(): SampledFrames {
    return this.kept;
  }
}

/** The sampled frames of `path`, in order, with their times. Throws VIDEO_INVALID for a bad file. */
export async function samplePadFrames(path: string, options: { fps?: number; maxFrames?: number } = {}): Promise<SampledFrames> {
  const reader = await Y4mReader.open(path);
  try {
    const sampler = new FrameSampler(reader.header.fpsNumerator / reader.header.fpsDenominator, options);
    for await (const f of reader.frames()) {
      sampler.offer(f);
      if (sampler.full) break;
    }
    return sampler.sampled;
  } finally {
    await reader.close();
  }
}

/** How main samples a live session, for a recording judged "as the station would" (its first 12 s). */
export const LIVE_SESSION_SAMPLING = { fps: 1000 / SESSION_SAMPLE_INTERVAL_MS, maxFrames: MAX_SESSION_PAD_SAMPLES } as const;

/** The frames of a recording main would have sampled from it as a live session (its first 12 s). */
export function sampleAsLiveSession(path: string): Promise<SampledFrames> {
  return samplePadFrames(path, LIVE_SESSION_SAMPLING);
}
