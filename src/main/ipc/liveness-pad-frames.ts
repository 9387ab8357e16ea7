/**
 * The liveness session's camera samples, kept in main only until the session's
 * presentation-attack decision (session:finish) and then zeroed: one decision over the whole
 * session (the model's median, still pictures, the background moving with the face, a
 * medium's edges) instead of the face check's single frame, which a replay or a print can
 * pass by one lucky frame.
 *
 * Frames are shrunk to at most PAD_FRAME_SIDE pixels (the PAD model sees a 128 px crop; the
 * rigid-motion and bezel signals work on thumbnails) and at most MAX_PAD_SAMPLES are kept:
 * when full, every other frame is dropped and only every other new one is taken, so a long
 * session is still covered from start to end.
 */
import sharp from 'sharp';
import type { CameraFrame } from '../../shared/ipc-contract';
import { MAX_SESSION_PAD_SAMPLES } from '../liveness/sample-frames';
import type { RgbImage } from '../vision/image-decoder';

export const PAD_FRAME_SIDE = 640;
export const MAX_PAD_SAMPLES = MAX_SESSION_PAD_SAMPLES;
/** Fewer samples than this say nothing a session-level decision could add to the face check's. */
export const MIN_PAD_SAMPLES = 4;

export class LivenessPadFrames {
  private frames: RgbImage[] = [];
  private stride = 1;
  private offered = 0;

  /** Takes one accepted camera sample (RGBA, as the page sends it). */
  async add(frame: CameraFrame): Promise<void> {
    const index = this.offered++;
    if (index % this.stride !== 0) return;
    const scale = Math.min(1, PAD_FRAME_SIDE / Math.max(frame.width, frame.height));
    const width = Math.max(1, Math.round(frame.width * scale));
    const height = Math.max(1, Math.round(frame.height * scale));
    const rgb = await sharp(frame.rgba, { raw: { width: frame.width, height: frame.height, channels: 4 } })
      .removeAlpha().resize(width, height, { kernel: 'linear' }).raw().toBuffer();
    this.frames.push({ data: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length), width, height, scale: 1 });
    if (this.frames.length >= MAX_PAD_SAMPLES) {
      const dropped = this.frames.filter((_, i) => i % 2 === 1);
      for (const f of dropped) f.data.fill(0);
      this.frames = this.frames.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  get count(): number {
    return this.frames.length;
  }

  /** The kept frames in time order; the caller must clear() once it has judged them. */
  get all(): readonly RgbImage[] {
    return this.frames;
  }

  /** Zeroes and forgets every kept frame. */
  clear(): void {
    for (const f of this.frames) f.data.fill(0);
    this.frames = [];
    this.stride = 1;
    this.offered = 0;
  }
}
