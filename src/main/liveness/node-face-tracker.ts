import type { LandmarkFrame, TrackedFace } from '../../shared/liveness/landmark-frame';
import { loadFaceApi } from './tfjs-runtime';

/**
 * face-api in Node (wasm backend) over RGB frames: the tiny face detector, 68 landmarks
 * and expressions per face, as the LandmarkFrames the shared liveness logic consumes.
 * The renderer produces the same frames from the camera with face-api's browser bundle.
 */

export interface NodeFaceTrackerOptions {
  /**
   * Tiny face detector input size (a multiple of 32). 320 measured ~2x faster than 416 on
   * 640x480 frames with a face filling a third of the frame, and found the same faces;
   * see docs/liveness.md for the figures.
   */
  inputSize?: number;
  /** Detector score below which a box is not a face. face-api's default 0.5 misses turned heads. */
  scoreThreshold?: number;
}

export const DEFAULT_TRACKER_INPUT_SIZE = 320;
export const DEFAULT_TRACKER_SCORE_THRESHOLD = 0.4;

export class NodeFaceTracker {
  private constructor(
    private readonly faceapi: Awaited<ReturnType<typeof loadFaceApi>>,
    private readonly options: Required<NodeFaceTrackerOptions>,
  ) {}

  static async create(options: NodeFaceTrackerOptions = {}): Promise<NodeFaceTracker> {
    const faceapi = await loadFaceApi();
    return new NodeFaceTracker(faceapi, {
      inputSize: options.inputSize ?? DEFAULT_TRACKER_INPUT_SIZE,
      scoreThreshold: options.scoreThreshold ?? DEFAULT_TRACKER_SCORE_THRESHOLD,
    });
  }

  /** Finds every face in one interleaved-RGB frame. */
  async track(rgb: Uint8Array, width: number, height: number, index: number, timeMs: number): Promise<LandmarkFrame> {
    const { faceapi } = this;
    const tensor = faceapi.tf.tensor3d(rgb, [height, width, 3], 'int32');
    try {
      const detections = await faceapi
        .detectAllFaces(tensor as never, new faceapi.TinyFaceDetectorOptions({ inputSize: this.options.inputSize, scoreThreshold: this.options.scoreThreshold }))
        .withFaceLandmarks()
        .withFaceExpressions();
      const faces: TrackedFace[] = detections.map((d) => ({
        box: { x: d.detection.box.x, y: d.detection.box.y, width: d.detection.box.width, height: d.detection.box.height },
        landmarks: d.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
        expressions: {
          neutral: d.expressions.neutral,
          happy: d.expressions.happy,
          sad: d.expressions.sad,
          angry: d.expressions.angry,
          fearful: d.expressions.fearful,
          disgusted: d.expressions.disgusted,
          surprised: d.expressions.surprised,
        },
        detectionScore: d.detection.score,
      }));
      return { index, timeMs, frameWidth: width, frameHeight: height, faces };
    } finally {
      tensor.dispose();
    }
  }
}
