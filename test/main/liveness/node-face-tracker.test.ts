import path from 'node:path';
import sharp from 'sharp';
import { NodeFaceTracker } from '../../../src/main/liveness/node-face-tracker';
import { hasFullLandmarks } from '../../../src/shared/liveness/face-geometry';
import { repoRoot } from './y4m-fixtures';

const demo = (n: number): string => path.join(repoRoot, 'node_modules', '@vladmandic', 'face-api', 'demo', `sample${n}.jpg`);

async function rgbOf(file: string): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

describe('NodeFaceTracker (face-api on the tfjs wasm backend)', () => {
  let tracker: NodeFaceTracker;
  beforeAll(async () => {
    tracker = await NodeFaceTracker.create({ inputSize: 416 });
  });

  it('finds the faces of a group photo with 68 landmarks and expression scores each', async () => {
    const { rgb, width, height } = await rgbOf(demo(1));
    const frame = await tracker.track(rgb, width, height, 7, 700);
    expect(frame).toMatchObject({ index: 7, timeMs: 700, frameWidth: width, frameHeight: height });
    expect(frame.faces.length).toBeGreaterThanOrEqual(3);
    for (const face of frame.faces) {
      expect(hasFullLandmarks(face.landmarks)).toBe(true);
      const inside = face.landmarks.filter((p) => p.x >= face.box.x - 0.2 * face.box.width && p.x <= face.box.x + 1.2 * face.box.width);
      expect(inside.length).toBeGreaterThan(60);
      const total = Object.values(face.expressions).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 1);
    }
  });

  it('finds no face in an empty frame', async () => {
    const blank = new Uint8Array(320 * 240 * 3).fill(128);
    expect((await tracker.track(blank, 320, 240, 0, 0)).faces).toEqual([]);
  });
});
