/**
 * Face detector: Ultra-Light-Fast-Generic-Face-Detector RFB-320 (models/fr_detect.onnx).
 *   input  `input`  [1, 3, 240, 320] float32, RGB planar, normalised as the manifest says
 *   output `scores` [1, 4420, 2] softmax (column 1 = face)
 *          `boxes`  [1, 4420, 4] x1, y1, x2, y2 normalised to the input (anchors decoded)
 * The model sees a 4:3 region; `detect` letterboxes the whole image into one, and with
 * `tiles` adds overlapping regions so faces a few percent of a document's width are found.
 */
import type { Box } from '../../shared/geometry';
import { DETECTION_SCORE_THRESHOLD, NMS_IOU_THRESHOLD } from '../../shared/defaults';
import type { PixelNormalisation } from '../models/model-files';
import type { RgbImage } from './image-decoder';
import { resizeToPlanarTensor } from './image-ops';
import { nonMaxSuppression, type ScoredBox } from './nms';
import { normalisationOrRelease } from './model-normalisation';
import { ModelSession } from './onnx-runtime';

export const DETECTOR_INPUT = { width: 320, height: 240 } as const;
/** A face wider than 1/8 of the image's long side is 40+ px at the detector's input: tiles add nothing. */
const SMALL_FACE_FRACTION = 8;
const CONFIDENT_SCORE = 0.9;

export interface DetectOptions {
  /**
   * Also scan overlapping tiles of twice the detector's input size (documents): `true`
   * always, `'if-small'` only when the whole-image pass found no face large enough that
   * tiles could not have done better.
   */
  tiles?: boolean | 'if-small';
  /**
   * Widen the whole-image region by this share of the long side on every side (read as
   * grey), so a face cropped edge to edge gets the margin the detector was trained with.
   */
  padRatio?: number;
  scoreThreshold?: number;
}

/** The smallest 4:3 region centred on `box` that contains it. */
export function letterboxRegion(box: Box): Box {
  const aspect = DETECTOR_INPUT.width / DETECTOR_INPUT.height;
  if (box.width / box.height > aspect) {
    const height = box.width / aspect;
    return { x: box.x, y: box.y - (height - box.height) / 2, width: box.width, height };
  }
  const width = box.height * aspect;
  return { x: box.x - (width - box.width) / 2, y: box.y, width, height: box.height };
}

/** Regions to scan: the whole image, plus overlapping tiles when asked and worthwhile. */
export function detectionRegions(width: number, height: number, tiles: boolean, padRatio = 0): Box[] {
  const pad = Math.max(width, height) * padRatio;
  const regions = [letterboxRegion({ x: -pad, y: -pad, width: width + 2 * pad, height: height + 2 * pad })];
  const tileW = DETECTOR_INPUT.width * 2;
  const tileH = DETECTOR_INPUT.height * 2;
  if (!tiles || Math.max(width / tileW, height / tileH) < 1.5) return regions;
  const starts = (size: number, tile: number) => {
    if (size <= tile) return [(size - tile) / 2];
    const count = Math.ceil((size - tile) / (tile * 0.75)) + 1;
    return Array.from({ length: count }, (_, i) => ((size - tile) * i) / (count - 1));
  };
  for (const y of starts(height, tileH)) for (const x of starts(width, tileW)) regions.push({ x, y, width: tileW, height: tileH });
  return regions;
}

/** Pure postprocessing: model outputs of one region -> scored boxes in image pixels. */
export function decodeDetections(scores: Float32Array, boxes: Float32Array, region: Box, threshold: number, image: { width: number; height: number }): ScoredBox[] {
  const found: ScoredBox[] = [];
  const count = scores.length / 2;
  for (let i = 0; i < count; i++) {
    const score = scores[i * 2 + 1];
    if (score < threshold) continue;
    const x1 = Math.max(0, region.x + boxes[i * 4] * region.width);
    const y1 = Math.max(0, region.y + boxes[i * 4 + 1] * region.height);
    const x2 = Math.min(image.width, region.x + boxes[i * 4 + 2] * region.width);
    const y2 = Math.min(image.height, region.y + boxes[i * 4 + 3] * region.height);
    if (x2 - x1 < 4 || y2 - y1 < 4) continue;
    found.push({ box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }, score });
  }
  return found;
}

export class FaceDetector {
  private constructor(
    private readonly model: ModelSession,
    private readonly normalisation: PixelNormalisation,
  ) {}

  static async load(modelsDir: string, threads?: number): Promise<FaceDetector> {
    const model = await ModelSession.load(modelsDir, 'detector', { threads });
    return new FaceDetector(model, await normalisationOrRelease(model));
  }

  /** Every face in the image, best first, after non-maximum suppression across regions. */
  async detect(img: RgbImage, options: DetectOptions = {}): Promise<ScoredBox[]> {
    const threshold = options.scoreThreshold ?? DETECTION_SCORE_THRESHOLD;
    const [whole, ...tiles] = detectionRegions(img.width, img.height, options.tiles !== false && options.tiles !== undefined, options.padRatio ?? 0);
    const all = await this.detectInRegion(img, whole, threshold);
    const tilesCanHelp = options.tiles === true ||
      !all.some((f) => f.score >= CONFIDENT_SCORE && f.box.width >= Math.max(img.width, img.height) / SMALL_FACE_FRACTION);
    if (tilesCanHelp) for (const region of tiles) all.push(...(await this.detectInRegion(img, region, threshold)));
    return nonMaxSuppression(all, NMS_IOU_THRESHOLD);
  }

  private async detectInRegion(img: RgbImage, region: Box, threshold: number): Promise<ScoredBox[]> {
    const input = resizeToPlanarTensor(img, region, DETECTOR_INPUT.width, DETECTOR_INPUT.height, this.normalisation);
    const out = await this.model.run(input);
    return decodeDetections(out.scores, out.boxes, region, threshold, img);
  }

  release(): Promise<void> {
    return this.model.release();
  }
}
