/**
 * Face embedding (models/fr_feature.onnx), ArcFace-style 512-d.
 *   input  `input`  [1, 3, 112, 112] float32, BGR planar of a face aligned to the ArcFace
 *                    template, normalised as the manifest says
 *   output `output` [1, 512] not normalised; we return it L2-normalised
 * The channel order is BGR, as insightface trains with OpenCV images: on the 903 pairs of
 * ../shared/facedata/verification it raised the mean genuine similarity from 0.754 (RGB) to
 * 0.787 at the same impostor mean (0.02) and lowered the equal error rate from 0.41% to 0.24%
 * (measured before anti-aliased alignment, which brought it to 0.18%).
 */
import type { PixelNormalisation } from '../models/model-files';
import { ARCFACE_SIZE } from './align';
import { l2Normalize } from './matching';
import { normalisationOrRelease } from './model-normalisation';
import { ModelSession } from './onnx-runtime';

/** Pure preprocessing: aligned RGB interleaved -> BGR planar normalised tensor. */
export function embedderInput(alignedRgb: Uint8Array, normalisation: PixelNormalisation): Float32Array {
  const { mean, scale } = normalisation;
  const plane = ARCFACE_SIZE * ARCFACE_SIZE;
  if (alignedRgb.length !== plane * 3) throw new RangeError(`aligned face must be ${ARCFACE_SIZE}x${ARCFACE_SIZE} RGB`);
  const out = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    out[i] = (alignedRgb[i * 3 + 2] - mean) / scale;
    out[plane + i] = (alignedRgb[i * 3 + 1] - mean) / scale;
    out[2 * plane + i] = (alignedRgb[i * 3] - mean) / scale;
  }
  return out;
}

/** Pure: the aligned face mirrored left to right (the ArcFace template is symmetric). */
export function mirrorAlignedFace(alignedRgb: Uint8Array): Uint8Array {
  if (alignedRgb.length !== ARCFACE_SIZE * ARCFACE_SIZE * 3) throw new RangeError(`aligned face must be ${ARCFACE_SIZE}x${ARCFACE_SIZE} RGB`);
  const out = new Uint8Array(alignedRgb.length);
  for (let y = 0; y < ARCFACE_SIZE; y++) {
    for (let x = 0; x < ARCFACE_SIZE; x++) {
      const from = (y * ARCFACE_SIZE + x) * 3;
      const to = (y * ARCFACE_SIZE + (ARCFACE_SIZE - 1 - x)) * 3;
      out[to] = alignedRgb[from];
      out[to + 1] = alignedRgb[from + 1];
      out[to + 2] = alignedRgb[from + 2];
    }
  }
  return out;
}

/**
 * Embeddings are the sum of the face's and its mirror image's raw vectors, normalised (the
 * standard ArcFace evaluation): a face lit or turned to one side reads more like its mirror
 * twin. Measured by `npm run calibrate` (bench/CALIBRATION.md): on lfw-dev TAR at FAR 1e-3
 * 98.16% -> 98.27%, at FAR 1e-4 96.65% -> 96.86%; it costs one more model run per face.
 */
export const MIRROR_AVERAGED_EMBEDDINGS = true;

export class FaceEmbedder {
  private constructor(
    private readonly model: ModelSession,
    private readonly normalisation: PixelNormalisation,
    readonly mirrorAveraged: boolean,
  ) {}

  static async load(modelsDir: string, threads?: number, options: { mirrorAveraged?: boolean } = {}): Promise<FaceEmbedder> {
    const model = await ModelSession.load(modelsDir, 'embedder', { threads });
    return new FaceEmbedder(model, await normalisationOrRelease(model), options.mirrorAveraged ?? MIRROR_AVERAGED_EMBEDDINGS);
  }

  async embed(alignedRgb: Uint8Array): Promise<Float32Array> {
    return (await this.embedWithNorm(alignedRgb)).embedding;
  }

  /**
   * The normalised embedding and the raw vector's length. The length says how much the model
   * sees a face it was trained on (as MagFace uses it): an upright face gives a longer vector
   * than the same face sideways or upside down. It is the unmirrored face's length, so a
   * mirrored twin cannot change which orientation of a document wins.
   */
  async embedWithNorm(alignedRgb: Uint8Array): Promise<{ embedding: Float32Array; norm: number }> {
    const raw = await this.rawEmbedding(alignedRgb);
    const norm = Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0));
    if (this.mirrorAveraged) {
      const mirroredFace = mirrorAlignedFace(alignedRgb);
      const mirrored = await this.rawEmbedding(mirroredFace);
      mirroredFace.fill(0);
      for (let i = 0; i < raw.length; i++) raw[i] += mirrored[i];
      mirrored.fill(0);
    }
    const embedding = l2Normalize(raw);
    // The raw vectors are the same template unnormalised: only the normalised copy leaves here.
    raw.fill(0);
    return { embedding, norm };
  }

  /** The model's output vector for one aligned face, not normalised; the caller zeroes it when done. */
  async rawEmbedding(alignedRgb: Uint8Array): Promise<Float32Array> {
    const input = embedderInput(alignedRgb, this.normalisation);
    const output = (await this.model.run(input)).output;
    input.fill(0);
    return output;
  }

  release(): Promise<void> {
    return this.model.release();
  }
}
