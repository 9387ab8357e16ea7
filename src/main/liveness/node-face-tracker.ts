import { toTrackedFace, type LandmarkFrame, type TrackedFace } from '../../shared/liveness/landmark-frame';
import { loadFaceApi } from './tfjs-runtime';

/**
 * face-api in Node (wasm backend) over RGB frames: the tiny face detector, 68 landmarks
 * and expressions per face, as the LandmarkFrames the shared liveness logic consumes.
 * The renderer produces the same frames from the camera with face-api's browser bundle.
 */

export interface NodeFaceTrackerOptions {
  /**
   * Tiny face detector input size (a multiple of 32). Measured on hamilton_clip cropped to
   * 640x480 at 15 fps (2 shared cores): 224 -> 27 ms/frame, 320 -> 34, 416 -> 48, and 224
   * found the face in as many frames (66/120 vs 65 and 61). A counter customer's face is
   * large in the frame, which is what the small input size is good at.
   */
  inputSize?: number;
  /** Detector score below which a box is not a face. face-api's default 0.5 misses turned heads. */
  scoreThreshold?: number;
}

export const DEFAULT_TRACKER_INPUT_SIZE = 224;
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
      const faces: TrackedFace[] = detections.map(toTrackedFace);
      return { index, timeMs, frameWidth: width, frameHeight: height, faces };
    } finally {
      tensor.dispose();
    }
  }
}
