/** The detector's postprocessing, and its normalisation coming from the manifest. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDetections, FaceDetector } from '../../../src/main/vision/face-detector';
import { EkycError } from '../../../src/shared/errors';
import { repoRoot } from '../../helpers/paths';

describe('decodeDetections', () => {
  // Five anchors: [background, face] scores and x1, y1, x2, y2 relative to the region.
  const scores = Float32Array.from([0.125, 0.875, 0.75, 0.25, 0.25, 0.75, 0.5, 0.5, 0.375, 0.625]);
  const boxes = Float32Array.from([
    0.125, 0.25, 0.5, 0.625, // a face
    0, 0, 1, 1, // below the threshold
    -0.125, 0.875, 0.25, 1.25, // partly outside the image
    0.25, 0.25, 0.5, 0.5, // exactly at the threshold
    0.5, 0.5, 0.5078125, 0.5078125, // 2.5 px wide: not a face
  ]);
  const region = { x: -20, y: 10, width: 320, height: 240 };
  const image = { width: 300, height: 250 };

  it('maps boxes from the region to image pixels, clipped to the image, keeping scores at or above the threshold', () => {
    expect(decodeDetections(scores, boxes, region, 0.5, image)).toEqual([
      // x1 = -20 + 0.125 * 320 = 20, y1 = 10 + 0.25 * 240 = 70, x2 = -20 + 160 = 140, y2 = 10 + 150 = 160
      { box: { x: 20, y: 70, width: 120, height: 90 }, score: 0.875 },
      // x1 = -60 -> 0, y1 = 220, x2 = 60, y2 = 310 -> 250
      { box: { x: 0, y: 220, width: 60, height: 30 }, score: 0.75 },
      // x1 = 60, y1 = 70, x2 = 140, y2 = 130
      { box: { x: 60, y: 70, width: 80, height: 60 }, score: 0.5 },
    ]);
  });

  it('finds nothing above a threshold no anchor reaches', () => {
    expect(decodeDetections(scores, boxes, region, 0.9, image)).toEqual([]);
  });
});

describe('FaceDetector.load', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ekyc-detector-'));
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'models', 'manifest.json'), 'utf8'));
    const detector = manifest.models.find((m: { id: string }) => m.id === 'detector');
    delete detector.input.normalisation;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    copyFileSync(join(repoRoot, 'models', detector.file), join(dir, detector.file));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a manifest that does not say how to normalise the input, naming the model', async () => {
    const err = await FaceDetector.load(dir).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(EkycError);
    expect((err as EkycError).code).toBe('MODEL_CORRUPT');
    expect((err as EkycError).message).toMatch(/model "detector" no input normalisation .*restore models\/manifest\.json/);
  });
});
