/**
 * 68-point landmarks (models/fr_landmark.onnx), iBUG order.
 *   input  `input`  [1, 1, 64, 64] float32, grey crop of the detector box, v / 256
 *   output `output` [1, 136] x, y pairs normalised to the crop
 */
import type { Box, Point } from '../../shared/geometry';
import type { RgbImage } from './image-decoder';
import { cropToGreyTensor } from './image-ops';
import { ModelSession } from './onnx-runtime';

const CROP = 64;

/** Pure postprocessing: crop-normalised pairs -> image points. */
export function landmarksFromOutput(output: Float32Array, box: Box): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < 68; i++) points.push({ x: box.x + output[i * 2] * box.width, y: box.y + output[i * 2 + 1] * box.height });
  return points;
}

export class FaceLandmarker {
  private constructor(private readonly model: ModelSession) {}

  static async load(modelsDir: string, threads?: number): Promise<FaceLandmarker> {
    return new FaceLandmarker(await ModelSession.load(modelsDir, 'landmarks', { threads }));
  }

  async detect(img: RgbImage, box: Box): Promise<Point[]> {
    const out = await this.model.run(cropToGreyTensor(img, box, CROP, 256));
    return landmarksFromOutput(out.output, box);
  }

  release(): Promise<void> {
    return this.model.release();
  }
}
