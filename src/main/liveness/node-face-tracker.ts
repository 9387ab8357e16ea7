import { toTrackedFace, type LandmarkFrame, type TrackedFace } from '../../shared/liveness/landmark-frame';
import { FACE_TRACKER_SETTINGS } from '../../shared/liveness/liveness-defaults';
import { loadFaceApi } from '../vision/tfjs-runtime';

/**
 * face-api in Node (wasm backend) over RGB frames: the tiny face detector, 68 landmarks
 * and expressions per face, as the LandmarkFrames the shared liveness logic consumes.
 * The renderer produces the same frames from the camera with face-api's browser bundle.
 */

export interface NodeFaceTrackerOptions {
  /** Tiny face detector input size (a multiple of 32); FACE_TRACKER_SETTINGS says why 224. */
  inputSize?: number;
  /** Detector score below which a box is not a face. */
  scoreThreshold?: number;
}

export class NodeFaceTracker {
  private constructor(
    private readonly faceapi: Awaited<ReturnType<typeof loadFaceApi>>,
    private readonly options: Required<NodeFaceTrackerOptions>,
  ) {}

  static async create(options: NodeFaceTrackerOptions = {}): Promise<NodeFaceTracker> {
    const faceapi = await loadFaceApi();
    return new NodeFaceTracker(faceapi, {
      inputSize: options.inputSize ?? FACE_TRACKER_SETTINGS.inputSize,
      scoreThreshold: options.scoreThreshold ?? FACE_TRACKER_SETTINGS.scoreThreshold,
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
