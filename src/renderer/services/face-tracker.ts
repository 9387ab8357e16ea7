/**
 * face-api in the page: tiny face detector + 68 landmarks + expressions on camera frames,
 * producing the LandmarkFrames the shared liveness logic consumes.
 *
 * Backend and input size were chosen by measurement in headless Chromium on this 2-core
 * machine, 640x480 single-face webcam frames (docs/station.md): wasm (SIMD) 224 -> 38
 * frames/s (21 ms median), wasm 320 -> 20/s, webgl on SwiftShader 224 -> 2.8/s, cpu 224
 * -> 1.7/s. The detector settings are `ekyc liveness`'s (FACE_TRACKER_SETTINGS), so the
 * thresholds hold for both.
 */
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm.js';
import { toTrackedFace, type LandmarkFrame, type TrackedFace } from '../../shared/liveness/landmark-frame';
import { cutFaceCrop, faceCropBox, faceCropReadRegion } from '../../shared/liveness/face-crop';
import { FACE_TRACKER_SETTINGS } from '../../shared/liveness/liveness-defaults';
import { luma } from '../../shared/luma';
import { widestFace } from '../../shared/people-in-view';

/** The parts of the bundled TensorFlow.js used here (face-api's typings omit them). */
const tf = faceapi.tf as unknown as {
  setWasmPaths(prefix: string): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
};

export const TRACKER_BACKEND = 'wasm';
/** Served beside index.html by the build. */
const MODELS_URL = './face-api-models';
const WASM_URL = './tfjs-wasm/';

/** A frame as the tracker saw it: landmarks plus the mean luma of the face, for guidance. */
export interface TrackedFrame extends LandmarkFrame {
  /** Mean luma 0..255 of the largest face's box; null without a face. */
  faceBrightness: number | null;
}

export class FaceTracker {
  private readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D;
  private readonly options = new faceapi.TinyFaceDetectorOptions(FACE_TRACKER_SETTINGS);
  private frameIndex = 0;

  private constructor() {
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('this browser has no 2D canvas');
    this.context = context;
  }

  static async load(): Promise<FaceTracker> {
    tf.setWasmPaths(WASM_URL);
    if (!(await tf.setBackend(TRACKER_BACKEND))) throw new Error(`the ${TRACKER_BACKEND} backend of TensorFlow.js cannot start here`);
    await tf.ready();
    await Promise.all([
      faceapi.nets.tinyFaceDetector.loadFromUri(MODELS_URL),
      faceapi.nets.faceLandmark68Net.loadFromUri(MODELS_URL),
      faceapi.nets.faceExpressionNet.loadFromUri(MODELS_URL),
    ]);
    return new FaceTracker();
  }

  get backend(): string {
    return tf.getBackend();
  }

  /** Analyses the current picture of the video; landmarks are in unmirrored video pixels. */
  async track(video: HTMLVideoElement, timeMs: number): Promise<TrackedFrame> {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.context.drawImage(video, 0, 0, width, height);
    const detections = await faceapi.detectAllFaces(this.canvas, this.options).withFaceLandmarks().withFaceExpressions();
    const faces: TrackedFace[] = detections.map(toTrackedFace);
    const largest = widestFace(faces);
    return { index: this.frameIndex++, timeMs, frameWidth: width, frameHeight: height, faces, faceBrightness: largest ? this.meanLuma(largest) : null };
  }

  /**
   * The grey crop main reads the eyes from (src/shared/liveness/face-crop.ts), from the very
   * picture the last track() analysed, so the landmarks and the pixels are of one frame. Cut
   * by the shared cutFaceCrop from the frame's own pixels (only the part the crop needs is
   * read back), as `ekyc liveness` cuts a recording's: not by the canvas's own scaling.
   */
  faceCrop(face: TrackedFace): Uint8Array {
    const box = faceCropBox(face.landmarks);
    const { width, height } = this.canvas;
    const read = faceCropReadRegion(box, width, height);
    const pixels = this.context.getImageData(read.x, read.y, read.width, read.height).data;
    return cutFaceCrop({ data: pixels, width: read.width, height: read.height, channels: 4 }, box, undefined, { x: read.x, y: read.y, frameWidth: width, frameHeight: height });
  }

  private meanLuma(face: TrackedFace): number {
    const x = Math.max(0, Math.round(face.box.x + face.box.width * 0.2));
    const y = Math.max(0, Math.round(face.box.y + face.box.height * 0.2));
    const w = Math.max(1, Math.min(this.canvas.width - x, Math.round(face.box.width * 0.6)));
    const h = Math.max(1, Math.min(this.canvas.height - y, Math.round(face.box.height * 0.6)));
    const px = this.context.getImageData(x, y, w, h).data;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < px.length; i += 16) {
      sum += luma(px[i], px[i + 1], px[i + 2]);
      n++;
    }
    return n > 0 ? sum / n : 0;
  }
}
