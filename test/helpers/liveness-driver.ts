/**
 * Plays the liveness page's part against the real handlers: liveness:start, then tracked
 * frames (synthetic landmarks, the grey face crop cut from a real camera frame) and full
 * camera samples at main's rate, with main's clock advanced in step. What a page may do
 * wrong (repeat a sample, stop sending, claim a time) is a knob of the script.
 */
import type { CameraFrame, IpcChannel, IpcReply, LivenessStart, LivenessView } from '../../src/shared/ipc-contract';
import { cutFaceCrop, faceCropBox } from '../../src/shared/liveness/face-crop';
import { syntheticFace, type FacePose } from '../shared/liveness/synthetic-face';

export type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

/** Main's monotonic clock, moved by the test (StationDeps.monotonicMs). */
export interface FakeClock { t: number }

export function valueOf<T>(reply: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

/**
 * A camera's sensor noise on a still scene: every sample differs a little (±4 per channel),
 * as a live one does. An inline xorshift, one draw per pixel: a Full HD frame holds 8 million
 * bytes, and a closure-based generator per byte made the noise, not main, most of a session's time.
 */
export function withNoise(frame: CameraFrame, seed: number): CameraFrame {
  const rgba = new Uint8ClampedArray(frame.rgba);
  let s = (Math.imul(seed + 1, 0x9e3779b1) | 1) >>> 0;
  for (let i = 0; i < rgba.length; i += 4) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    // Three channels from three bytes of one draw, each a value in -4..4 (the clamped array saturates).
    rgba[i] += ((s & 0xff) % 9) - 4;
    rgba[i + 1] += (((s >>> 8) & 0xff) % 9) - 4;
    rgba[i + 2] += (((s >>> 16) & 0xff) % 9) - 4;
  }
  return { width: frame.width, height: frame.height, rgba: new Uint8Array(rgba.buffer) };
}

/** The page's grey face crop (FaceTracker.faceCrop: the shared cutFaceCrop), from a camera frame. */
export function greyFaceCrop(frame: CameraFrame, landmarks: readonly { x: number; y: number }[]): Uint8Array {
  return cutFaceCrop({ data: frame.rgba, width: frame.width, height: frame.height, channels: 4 }, faceCropBox(landmarks));
}

export interface PageScript {
  /** What the customer does at page time `t` (ms since liveness:start); null: nobody in view. */
  pose(t: number): FacePose | null;
  durationMs: number;
  /** The camera frame behind the face (crops and samples are cut from it). */
  camera: CameraFrame;
  fps?: number;
  /** The sample sent at page time `t`, the `n`-th; default: the camera with fresh noise. Null: none sent. */
  sample?: (t: number, n: number) => CameraFrame | null;
  /** Stop as soon as main's judgement is final (as the page does). Default true. */
  stopWhenOver?: boolean;
}

export interface PageRun {
  start: LivenessStart;
  views: LivenessView[];
  last: LivenessView;
}

export function framePayload(sessionId: string, t: number, pose: FacePose | null, camera: CameraFrame) {
  const faces = pose ? [syntheticFace(pose)] : [];
  return { sessionId, timeMs: t, frameWidth: camera.width, frameHeight: camera.height, faces, faceCrop: faces.length > 0 ? greyFaceCrop(camera, faces[0].landmarks) : null };
}

/** Runs the page's side of a liveness session; main's clock follows the page's frames exactly. */
export async function playLivenessPage(invoke: Invoke, clock: FakeClock, script: PageScript, started?: LivenessStart): Promise<PageRun> {
  const start = started ?? valueOf(await invoke('liveness:start', {}));
  const t0 = clock.t;
  const step = 1000 / (script.fps ?? 15);
  const views: LivenessView[] = [];
  let nextSample = start.sampleIntervalMs;
  let n = 0;
  for (let t = step; t <= script.durationMs; t += step) {
    clock.t = t0 + t;
    views.push(valueOf(await invoke('liveness:frame', framePayload(start.sessionId, t, script.pose(t), script.camera))));
    if (t >= nextSample) {
      const frame = script.sample ? script.sample(t, n) : withNoise(script.camera, n + 1);
      n++;
      nextSample += start.sampleIntervalMs;
      if (frame) views.push(valueOf(await invoke('liveness:sample', { sessionId: start.sessionId, timeMs: t, frame })));
    }
    // Let the engine's eye-state replies in, as the page's event loop would between frames.
    await new Promise((resolve) => setImmediate(resolve));
    if ((script.stopWhenOver ?? true) && views.at(-1)!.outcomes) break;
  }
  return { start, views, last: views.at(-1)! };
}
