import type { Challenge } from '../../shared/liveness/challenges';
import { ChallengeSession, type ChallengeFailure } from '../../shared/liveness/challenge-session';
import type { Box, Point } from '../../shared/geometry';
import { alignEyes } from '../../shared/liveness/eye-alignment';
import { cutFaceCrop, FACE_CROP_SIDE, faceCropBox, landmarksInCrop } from '../../shared/liveness/face-crop';
import type { LandmarkFrame } from '../../shared/liveness/landmark-frame';
import { facePresence, LivenessEventDetector, type LivenessEvent } from '../../shared/liveness/liveness-events';
import { defaultModelsDir } from '../models/model-files';
import { EyeStateClassifier } from '../vision/eye-state';
import { NodeFaceTracker } from './node-face-tracker';
import { Y4mReader, type Y4mFrame } from './y4m-reader';

export interface ChallengeOutcome {
  name: string;
  passed: boolean;
  /** Milliseconds from the start of the video at which the challenge passed; null when it did not. */
  atMs: number | null;
  failure?: ChallengeFailure;
}

/** What `ekyc liveness` reports for one recording. */
export interface LivenessVideoReport {
  frames: number;
  /** Frames in which at least one face was found. */
  faceFrames: number;
  events: LivenessEvent[];
  challenges: ChallengeOutcome[];
  /** Why the challenge session failed, when challenges were asked and one did not pass. */
  failure?: ChallengeFailure;
  video: { width: number; height: number; fps: number };
  /** Mean tracking time per analysed frame, milliseconds (face-api and the eye-state model, not decoding). */
  trackerMsPerFrame: number;
}

export interface AnalyseOptions {
  /** Challenges to run in order, as a live session would; none means "just report events". */
  challenges?: readonly Challenge[];
  tracker?: NodeFaceTracker;
  /** The eye open/closed model (loaded from the models folder unless given; not released here when given). */
  eyeState?: EyeStateClassifier;
  /**
   * Analyse one frame in every `frameStride` (1: all), as a slower tracker would see the
   * recording: 2 on a 30 fps clip measures what a 15 fps counter PC sees.
   */
  frameStride?: number;
  /**
   * With frameStride > 1, read the eyes of the skipped frames too, followed from the last
   * tracked crop, as the station does while a blink challenge runs (default true; false: the
   * tracker's frames only).
   */
  skippedFrameEyes?: boolean;
  /** Called with every tracked frame (for debugging and benchmarks). */
  onFrame?: (frame: LandmarkFrame) => void;
  /** Called with every decoded frame, analysed or not (a FrameSampler keeps the presentation-attack samples from the same read). */
  onVideoFrame?: (frame: Y4mFrame, fps: number) => void;
}

/**
 * Runs the shared liveness logic over a Y4M recording, frame by frame, exactly as the
 * renderer runs it over the camera: this is how recorded sessions are audited.
 */
export async function analyseLivenessVideo(videoPath: string, options: AnalyseOptions = {}): Promise<LivenessVideoReport> {
  const stride = options.frameStride ?? 1;
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`frameStride must be a positive integer, got ${stride}`);
  const reader = await Y4mReader.open(videoPath);
  let ownEyeState: EyeStateClassifier | undefined;
  try {
    const tracker = options.tracker ?? (await NodeFaceTracker.create());
    const eyeState = options.eyeState ?? (ownEyeState = await EyeStateClassifier.load(defaultModelsDir()));
    const detector = new LivenessEventDetector();
    const session = options.challenges && options.challenges.length > 0 ? new ChallengeSession(options.challenges) : undefined;
    const events: LivenessEvent[] = [];
    let frames = 0;
    let faceFrames = 0;
    let trackerMs = 0;
    const fps = reader.header.fpsNumerator / reader.header.fpsDenominator;
    // The last tracked frame's face crop: a slower tracker's skipped frames are cut at its square
    // and their eyes followed from it, as the station's page and main do (eye-alignment.ts).
    let lastTracked: { box: Box; crop: Uint8Array; points: Point[] } | undefined;
    for await (const f of reader.frames()) {
      options.onVideoFrame?.(f, fps);
      if (f.index % stride !== 0) {
        if (!lastTracked || options.skippedFrameEyes === false) continue;
        const crop = cutFaceCrop({ data: f.rgb, width: f.width, height: f.height, channels: 3 }, lastTracked.box);
        const points = alignEyes(lastTracked.crop, crop, lastTracked.points);
        if (!points) continue;
        const eyes = await eyeState.classifyFaceCrop({ data: crop, width: FACE_CROP_SIDE, height: FACE_CROP_SIDE }, points);
        events.push(...detector.pushEyes(f.timeMs, eyes));
        session?.pushEyes(f.timeMs, eyes);
        continue;
      }
      const started = performance.now();
      const frame = await tracker.track(f.rgb, f.width, f.height, f.index, f.timeMs);
      // Only the customer's face (the largest) needs its eyes read: theirs are the blinks that
      // count. From the same grey face crop the page sends main in a live session, cut the same
      // way, so a recording is judged on the pixels its live session was.
      const customer = facePresence(frame).face;
      lastTracked = undefined;
      if (customer) {
        const box = faceCropBox(customer.landmarks);
        const crop = cutFaceCrop({ data: f.rgb, width: f.width, height: f.height, channels: 3 }, box);
        const points = landmarksInCrop(customer.landmarks, box);
        customer.eyesClosed = await eyeState.classifyFaceCrop({ data: crop, width: FACE_CROP_SIDE, height: FACE_CROP_SIDE }, points);
        lastTracked = { box, crop, points };
      }
      trackerMs += performance.now() - started;
      frames++;
      if (frame.faces.length > 0) faceFrames++;
      options.onFrame?.(frame);
      events.push(...detector.push(frame));
      session?.push(frame);
    }
    const final = session?.finish();
    const { width, height } = reader.header;
    return {
      frames,
      faceFrames,
      events,
      challenges: final
        ? final.challenges.map((c) => ({ name: c.name, passed: c.status === 'passed', atMs: c.passedAtMs ?? null, ...(c.failure ? { failure: c.failure } : {}) }))
        : [],
      ...(final?.failure ? { failure: final.failure } : {}),
      video: { width, height, fps },
      trackerMsPerFrame: frames > 0 ? trackerMs / frames : 0,
    };
  } finally {
    await ownEyeState?.release();
    await reader.close();
  }
}
