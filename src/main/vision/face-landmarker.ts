/**
 * 68-point landmarks (models/fr_landmark.onnx), iBUG order.
 *   input  `input`  [1, 1, 64, 64] float32, grey crop of the detector box, normalised as the manifest says
 *   output `output` [1, 136] x, y pairs normalised to the crop
 */
import type { Box, Point } from '../../shared/geometry';
import type { PixelNormalisation } from '../models/model-files';
import type { RgbImage } from './image-decoder';
import { cropToGreyTensor } from './image-ops';
import { normalisationOrRelease } from './model-normalisation';
import { ModelSession } from './onnx-runtime';

const CROP = 64;

/** Pure postprocessing: crop-normalised pairs -> image points. */
export function landmarksFromOutput(output: Float32Array, box: Box): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < 68; i++) points.push({ x: box.x + output[i * 2] * box.width, y: box.y + output[i * 2 + 1] * box.height });
  return points;
}

export class FaceLandmarker {
  private constructor(
    private readonly model: ModelSession,
    private readonly normalisation: PixelNormalisation,
  ) {}

  static async load(modelsDir: string, threads?: number): Promise<FaceLandmarker> {
    const model = await ModelSession.load(modelsDir, 'landmarks', { threads });
    return new FaceLandmarker(model, await normalisationOrRelease(model));
  }

  async detect(img: RgbImage, box: Box): Promise<Point[]> {
    const out = await this.model.run(cropToGreyTensor(img, box, CROP, this.normalisation));
    return landmarksFromOutput(out.output, box);
  }

  release(): Promise<void> {
    return this.model.release();
  }
}
