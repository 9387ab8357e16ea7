/**
 * A worker that sees every camera frame, even while the page's thread runs the face tracker
 * (face-api on wasm holds it 30-70 ms a frame; bench/camera-worker.mjs). For each frame after
 * the last tracked one it cuts the grey face crop at that tracked frame's square, with the
 * shared cutFaceCrop, and posts it back: the page sends these crops with its next tracked frame,
 * so main can read the eyes of the frames the tracker skipped (docs/liveness.md).
 *
 * Messages in: { kind: 'start', readable } (the camera track's MediaStreamTrackProcessor stream),
 * { kind: 'square', id, box, afterMs } (the tracked frame `id`'s face square, frame pixels, and
 * its time; box null without a face). Out: { id, timeMs, crop } per skipped frame. Times are
 * epoch milliseconds (performance.timeOrigin + performance.now()), the page converts them.
 */
import type { Box } from '../../shared/geometry';
import { cutFaceCrop, FACE_CROP_SIDE, faceCropReadRegion, holdsFaceCrop } from '../../shared/liveness/face-crop';
import type { SkippedFrameCrop, SkippedFramesMessage } from '../services/skipped-frames';

interface Stashed {
  timeMs: number;
  region: { x: number; y: number; width: number; height: number };
  frameWidth: number;
  frameHeight: number;
  pixels: Uint8ClampedArray;
}

/** Frames kept until the square they belong to arrives: the tracker's run, about 2-3 camera frames. */
const STASH = 4;
/** The stored part of a frame, around the last square: room for the head to move before the next square. */
const STASH_MARGIN = 0.3;

let square: { id: number; box: Box; afterMs: number } | null = null;
/** Off unless a blink challenge runs: the rest of the session needs no skipped frames, and the work is not free. */
let armed = false;
const stash: Stashed[] = [];
let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

const now = (): number => performance.timeOrigin + performance.now();

function post(id: number, timeMs: number, source: Stashed, box: Box): void {
  const r = source.region;
  const region = { x: r.x, y: r.y, frameWidth: source.frameWidth, frameHeight: source.frameHeight };
  // The square must lie in the part kept (the head did not leave it).
  if (!holdsFaceCrop(r.width, r.height, region, box)) return;
  const crop = cutFaceCrop({ data: source.pixels, width: r.width, height: r.height, channels: 4 }, box, FACE_CROP_SIDE, region);
  const message: SkippedFrameCrop = { id, timeMs, crop };
  (self as unknown as Worker).postMessage(message, [crop.buffer]);
}

function keep(frame: VideoFrame, timeMs: number): Stashed | null {
  if (!square) return null;
  const w = frame.displayWidth;
  const h = frame.displayHeight;
  if (!canvas || canvas.width !== w || canvas.height !== h) {
    canvas = new OffscreenCanvas(w, h);
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!context) return null;
  const b = square.box;
  const grown = { x: b.x - b.width * STASH_MARGIN, y: b.y - b.height * STASH_MARGIN, width: b.width * (1 + 2 * STASH_MARGIN), height: b.height * (1 + 2 * STASH_MARGIN) };
  const region = faceCropReadRegion(grown, w, h);
  context.drawImage(frame, region.x, region.y, region.width, region.height, region.x, region.y, region.width, region.height);
  const pixels = context.getImageData(region.x, region.y, region.width, region.height).data;
  return { timeMs, region, frameWidth: w, frameHeight: h, pixels };
}

async function read(readable: ReadableStream<VideoFrame>): Promise<void> {
  const reader = readable.getReader();
  for (;;) {
    const { value: frame, done } = await reader.read();
    if (done || !frame) return;
    const timeMs = now();
    try {
      if (!armed) continue;
      const kept = keep(frame, timeMs);
      if (!kept) continue;
      if (square && timeMs > square.afterMs) post(square.id, timeMs, kept, square.box);
      stash.push(kept);
      if (stash.length > STASH) stash.shift();
    } finally {
      frame.close();
    }
  }
}

self.onmessage = (event: MessageEvent<SkippedFramesMessage>) => {
  const m = event.data;
  if (m.kind === 'start') {
    void read(m.readable);
    return;
  }
  if (m.kind === 'arm') {
    armed = m.on;
    if (!armed) stash.length = 0;
    return;
  }
  if (!m.box) {
    square = null;
    return;
  }
  square = { id: m.id, box: m.box, afterMs: m.afterMs };
  // The frames that came while the tracker ran: they follow the tracked one, and its square is now known.
  for (const s of stash) if (s.timeMs > m.afterMs) post(m.id, s.timeMs, s, m.box);
  stash.length = 0;
};
