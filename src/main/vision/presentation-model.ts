/**
 * Passive presentation-attack model: MiniFASNet-style anti-spoofing (models/fr_liveness.onnx).
 *   input  `input`  [1, 3, 128, 128] float32, planar, raw 0..255 values (normalisation
 *                    { mean 0, scale 1 } in the manifest), channel order as the manifest's layout
 *   output `output` [1, 3] logits; softmax; class 0 = live, class 1 = attack (print or
 *                    screen), class 2 = a second attack class of the original training set
 * The crop is Silent-Face-Anti-Spoofing's: the detector box scaled 2.7x around its centre,
 * shrunk until it fits the image and shifted inside it, so a face near the edge keeps the
 * same context rather than grey padding (the model was trained on that context: bezel,
 * hand, print border are what it looks for).
 *
 * One signal among several (src/main/vision/presentation-attack.ts): measured per frame it
 * accepts many replays (docs/security.md, "Presentation attacks").
 */
import type { Box } from '../../shared/geometry';
import type { PixelNormalisation } from '../models/model-files';
import type { RgbImage } from './image-decoder';
import { resizeToPlanarTensor } from './image-ops';
import { normalisationOrRelease } from './model-normalisation';
import { ModelSession } from './onnx-runtime';

export const PAD_INPUT = 128;
/** Crop side over the detector box's side, as the model's training crops. */
export const PAD_CROP_SCALE = 2.7;

/** Pure: Silent-Face's crop of `box` scaled by `scale`, kept inside the image (never padded). */
export function padCropBox(box: Box, image: { width: number; height: number }, scale = PAD_CROP_SCALE): Box {
  if (!(box.width > 0 && box.height > 0)) throw new RangeError(`face box must have a positive size, got ${box.width}x${box.height}`);
  const s = Math.min((image.height - 1) / box.height, (image.width - 1) / box.width, scale);
  const w = box.width * s;
  const h = box.height * s;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let x = cx - w / 2;
  let y = cy - h / 2;
  // Shifted, not clipped: the crop keeps its size and aspect.
  x = Math.max(0, Math.min(x, image.width - 1 - w));
  y = Math.max(0, Math.min(y, image.height - 1 - h));
  return { x, y, width: w, height: h };
}

/** Pure postprocessing: 3 logits -> P(live) = softmax class 0. */
export function liveProbability(logits: Float32Array): number {
  if (logits.length !== 3 || ![...logits].every(Number.isFinite)) {
    throw new RangeError(`presentation-attack output must be 3 finite logits, got ${logits.length}`);
  }
  const m = Math.max(logits[0], logits[1], logits[2]);
  const e = [...logits].map((v) => Math.exp(v - m));
  return e[0] / (e[0] + e[1] + e[2]);
}

/** Pure: swaps the first and third planes of a [3, H, W] tensor in place (RGB <-> BGR). */
export function swapRedBlue(planar: Float32Array): Float32Array {
  const plane = planar.length / 3;
  for (let i = 0; i < plane; i++) {
    const r = planar[i];
    planar[i] = planar[2 * plane + i];
    planar[2 * plane + i] = r;
  }
  return planar;
}

export class PresentationModel {
  private constructor(
    private readonly model: ModelSession,
    private readonly normalisation: PixelNormalisation,
    private readonly bgr: boolean,
  ) {}

  static async load(modelsDir: string, threads?: number): Promise<PresentationModel> {
    const model = await ModelSession.load(modelsDir, 'presentation-attack', { threads });
    const normalisation = await normalisationOrRelease(model);
    const layout = String((model.entry.input as { layout?: unknown }).layout ?? '');
    return new PresentationModel(model, normalisation, layout.includes('BGR'));
  }

  /** Pure preprocessing, exposed for tests: the model's input for the face in `box`. */
  static inputTensor(img: RgbImage, box: Box, normalisation: PixelNormalisation, bgr: boolean): Float32Array {
    const t = resizeToPlanarTensor(img, padCropBox(box, img), PAD_INPUT, PAD_INPUT, normalisation);
    return bgr ? swapRedBlue(t) : t;
  }

  /** P(live) of the face in `box`. */
  async liveProbability(img: RgbImage, box: Box): Promise<number> {
    const out = await this.model.run(PresentationModel.inputTensor(img, box, this.normalisation, this.bgr));
    return liveProbability(out.output);
  }

  release(): Promise<void> {
    return this.model.release();
  }
}
