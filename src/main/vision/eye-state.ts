/**
 * Eye open/closed, one eye at a time (models/fr_eye.onnx).
 *   input  `input`  [1, 1, 24, 24] float32, grey square crop around one eye, normalised as
 *                    the manifest says (v / 255)
 *   output `output` [1, 2] logits [closed, open]; softmax gives P(closed)
 * The crop is the one the model's package makes: a square centred on the mean of the four
 * eyelid points, 1.6 times the corner-to-corner eye width on a side. Class 0 is "closed":
 * on lp_d0's annotated blink (2.60-2.73 s) it goes from under 0.05 to over 0.9 on both eyes
 * (test/main/vision/eye-state.test.ts checks it on real frames).
 *
 * Why a classifier and not the eye aspect ratio: neither face-api's 68-point nets nor the
 * engine's fr_landmark.onnx follow eyelids far enough; on real clips the best EAR counter
 * found 28 of 39 blinks with 9 false, this classifier 34 with 1 (bench/liveness-ear-candidates.mjs,
 * docs/liveness.md).
 */
import type { Box, Point } from '../../shared/geometry';
import type { EyeClosure } from '../../shared/liveness/landmark-frame';
import type { PixelNormalisation } from '../models/model-files';
import type { RgbImage } from './image-decoder';
import { cropToGreyTensor } from './image-ops';
import { normalisationOrRelease } from './model-normalisation';
import { ModelSession } from './onnx-runtime';

const CROP = 24;
/** Crop side over the eye's corner-to-corner width, as the model's own package crops. */
const EYE_CROP_SCALE = 1.6;

/** iBUG-68 indices of each eye: outer/inner corners and the four eyelid points. */
const EYES = {
  /** The customer's right eye: image-left in the unmirrored frame (points 36-41). */
  right: { corners: [36, 39], lids: [37, 38, 40, 41] },
  /** The customer's left eye (points 42-47). */
  left: { corners: [42, 45], lids: [43, 44, 46, 47] },
} as const;

export type EyeSide = keyof typeof EYES;

/** Pure: the square crop of one eye from 68 landmarks. */
export function eyeCropBox(landmarks: readonly Point[], side: EyeSide): Box {
  if (landmarks.length < 68) throw new RangeError(`eye crop needs 68 landmarks, got ${landmarks.length}`);
  const { corners, lids } = EYES[side];
  const cx = lids.reduce((s, i) => s + landmarks[i].x, 0) / lids.length;
  const cy = lids.reduce((s, i) => s + landmarks[i].y, 0) / lids.length;
  const a = landmarks[corners[0]];
  const b = landmarks[corners[1]];
  const side_ = Math.max(2, Math.hypot(b.x - a.x, b.y - a.y) * EYE_CROP_SCALE);
  return { x: cx - side_ / 2, y: cy - side_ / 2, width: side_, height: side_ };
}

/** Pure postprocessing: logits [closed, open] -> P(closed). */
export function closedProbability(logits: Float32Array): number {
  if (logits.length !== 2 || !Number.isFinite(logits[0]) || !Number.isFinite(logits[1])) {
    throw new RangeError(`eye-state output must be 2 finite logits, got ${logits.length}`);
  }
  // softmax of two classes = logistic of the difference; stable for large logits.
  return 1 / (1 + Math.exp(logits[1] - logits[0]));
}

export class EyeStateClassifier {
  private constructor(
    private readonly model: ModelSession,
    private readonly normalisation: PixelNormalisation,
  ) {}

  static async load(modelsDir: string, threads?: number): Promise<EyeStateClassifier> {
    const model = await ModelSession.load(modelsDir, 'eye-state', { threads });
    return new EyeStateClassifier(model, await normalisationOrRelease(model));
  }

  /** P(closed) of one eye. */
  async closedProbability(img: RgbImage, landmarks: readonly Point[], side: EyeSide): Promise<number> {
    const input = cropToGreyTensor(img, eyeCropBox(landmarks, side), CROP, this.normalisation);
    return closedProbability((await this.model.run(input)).output);
  }

  /** P(closed) of both eyes of the face whose 68 landmarks are given. */
  async classify(img: RgbImage, landmarks: readonly Point[]): Promise<EyeClosure> {
    return { right: await this.closedProbability(img, landmarks, 'right'), left: await this.closedProbability(img, landmarks, 'left') };
  }

  /**
   * P(closed) of both eyes from the grey face crop (src/shared/liveness/face-crop.ts), the
   * landmarks in the crop's pixels: how main reads a live session's eyes, and a recording's.
   */
  async classifyFaceCrop(crop: { data: Uint8Array; width: number; height: number }, landmarksInCrop: readonly Point[]): Promise<EyeClosure> {
    const rgb = new Uint8Array(crop.data.length * 3);
    for (let i = 0; i < crop.data.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = crop.data[i];
    return this.classify({ data: rgb, width: crop.width, height: crop.height, scale: 1 }, landmarksInCrop);
  }

  release(): Promise<void> {
    return this.model.release();
  }
}
