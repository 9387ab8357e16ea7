/**
 * The camera frames the page's tracker skips, as grey face crops for main (issue 12: a 15 fps
 * tracker misses blinks a 30 fps camera shows). The camera track's frames go to a worker
 * (src/renderer/workers/skipped-frames-worker.ts) through MediaStreamTrackProcessor, so they
 * reach it while face-api holds this thread; the worker cuts each one at the last tracked
 * frame's square and this service hands them to the next tracked frame (`between`).
 * Where the browser has no MediaStreamTrackProcessor the station works as before, at the
 * tracker's rate.
 */
import type { LivenessEyeCrop } from '../../shared/ipc-contract';
import { MAX_BETWEEN_CROPS } from '../../shared/ipc-contract';
import type { Box } from '../../shared/geometry';

export type SkippedFramesMessage =
  | { kind: 'start'; readable: ReadableStream<VideoFrame> }
  | { kind: 'arm'; on: boolean }
  | { kind: 'square'; id: number; box: Box | null; afterMs: number };

export interface SkippedFrameCrop {
  /** The tracked frame whose square the crop was cut at. */
  id: number;
  /** Epoch milliseconds (performance.timeOrigin + performance.now()) when the frame reached the worker. */
  timeMs: number;
  crop: Uint8Array;
}

/** Chromium's MediaStreamTrackProcessor (not in TypeScript's DOM library). */
type TrackProcessorConstructor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };

const WORKER_URL = './skipped-frames-worker.js';
/** Crops kept for the next tracked frame; older ones are of frames long gone. */
const KEEP = 12;

export class SkippedFrames {
  private crops: SkippedFrameCrop[] = [];
  private armed = false;
  private stopped = false;

  private constructor(private readonly worker: Worker, private readonly track: MediaStreamTrack, private readonly clockOriginMs: number) {
    worker.onmessage = (e: MessageEvent<SkippedFrameCrop>) => {
      this.crops.push(e.data);
      if (this.crops.length > KEEP) this.crops.shift();
    };
  }

  /**
   * Starts reading `track`'s frames in a worker; page time 0 (the liveness session's clock) is
   * `clockOriginMs` on performance.now()'s scale. Null where the browser cannot do it.
   */
  static start(track: MediaStreamTrack, clockOriginMs: number): SkippedFrames | null {
    const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;
    if (!Processor || typeof Worker === 'undefined') return null;
    let own: MediaStreamTrack | undefined;
    try {
      own = track.clone();
      const processor = new Processor({ track: own, maxBufferSize: 2 });
      const worker = new Worker(WORKER_URL);
      const start: SkippedFramesMessage = { kind: 'start', readable: processor.readable };
      worker.postMessage(start, [processor.readable as unknown as Transferable]);
      const skipped = new SkippedFrames(worker, own, performance.timeOrigin + clockOriginMs);
      // A worker that fails (its script refused, the stream broken) only costs the skipped
      // frames: the tracked frames go on as before.
      worker.onerror = (e) => {
        console.warn(`skipped-frames worker stopped: ${e.message}`);
        skipped.stop();
      };
      return skipped;
    } catch (err) {
      console.warn(`skipped frames not read (the tracker's frames only): ${(err as Error).message}`);
      own?.stop();
      return null;
    }
  }

  /** Cuts skipped frames only while `on` (a blink challenge runs): elsewhere they are not needed, and on a slow PC the work is not free. */
  arm(on: boolean): void {
    if (on === this.armed || this.stopped) return;
    this.armed = on;
    if (!on) this.crops = [];
    const message: SkippedFramesMessage = { kind: 'arm', on };
    this.worker.postMessage(message);
  }

  /** After each tracked frame (sent or not): the square later frames are cut at, null without a face. */
  tracked(id: number, box: Box | null, pageTimeMs: number): void {
    if (this.stopped) return;
    const message: SkippedFramesMessage = { kind: 'square', id, box, afterMs: this.clockOriginMs + pageTimeMs };
    this.worker.postMessage(message);
  }

  /**
   * The crops cut at tracked frame `id`'s square of frames before page time `beforeMs` (the
   * next tracked frame's), oldest first, at most MAX_BETWEEN_CROPS (the latest); they leave the store.
   */
  take(id: number, afterMs: number, beforeMs: number): LivenessEyeCrop[] {
    if (!this.armed || this.stopped) return [];
    const out: LivenessEyeCrop[] = [];
    for (const c of this.crops) {
      const t = c.timeMs - this.clockOriginMs;
      if (c.id === id && t > afterMs && t < beforeMs) out.push({ timeMs: t, faceCrop: c.crop });
    }
    this.crops = this.crops.filter((c) => c.timeMs - this.clockOriginMs >= beforeMs);
    return out.slice(-MAX_BETWEEN_CROPS);
  }

  stop(): void {
    this.stopped = true;
    this.crops = [];
    this.worker.terminate();
    this.track.stop();
  }
}
