/** The eye open/closed model on real eye crops, and its pure crop and postprocessing. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Point } from '../../../src/shared/geometry';
import { NodeFaceTracker } from '../../../src/main/liveness/node-face-tracker';
import { defaultModelsDir } from '../../../src/main/models/model-files';
import type { RgbImage } from '../../../src/main/vision/image-decoder';
import { closedProbability, eyeCropBox, EyeStateClassifier } from '../../../src/main/vision/eye-state';
import { announceSkip, facedata } from '../../helpers/paths';

describe('eyeCropBox', () => {
  it('is a square centred on the eyelid points, 1.6 eye widths on a side', () => {
    const landmarks: Point[] = Array.from({ length: 68 }, () => ({ x: 0, y: 0 }));
    // Customer's right eye (image-left): corners at x 100 and 130, lids around y 50.
    landmarks[36] = { x: 100, y: 50 };
    landmarks[39] = { x: 130, y: 50 };
    for (const [i, x, y] of [[37, 110, 46], [38, 120, 46], [40, 120, 54], [41, 110, 54]] as const) landmarks[i] = { x, y };
    expect(eyeCropBox(landmarks, 'right')).toEqual({ x: 115 - 24, y: 50 - 24, width: 48, height: 48 });
  });

  it('refuses fewer than 68 landmarks', () => {
    expect(() => eyeCropBox([{ x: 0, y: 0 }], 'left')).toThrow(/68 landmarks/);
  });
});

describe('closedProbability', () => {
  it('is the softmax of the "closed" logit (class 0)', () => {
    expect(closedProbability(new Float32Array([2, 0]))).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(closedProbability(new Float32Array([0, 0]))).toBe(0.5);
    expect(closedProbability(new Float32Array([-500, 500]))).toBe(0);
  });

  it('refuses an output that is not two finite logits', () => {
    expect(() => closedProbability(new Float32Array([1, 2, 3]))).toThrow(RangeError);
    expect(() => closedProbability(new Float32Array([NaN, 0]))).toThrow(RangeError);
  });
});

const clip = facedata('liveness-dev', 'lp_d0.mp4');
const describeWithClip = existsSync(clip) ? describe : describe.skip;
if (!existsSync(clip)) announceSkip('EyeStateClassifier on real eyes', `${clip} is absent`);

describeWithClip('EyeStateClassifier on real eyes (lp_d0.mp4, frames extracted with ffmpeg)', () => {
  let dir: string;
  let tracker: NodeFaceTracker;
  let eyes: EyeStateClassifier;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ekyc-eyes-'));
    tracker = await NodeFaceTracker.create();
    eyes = await EyeStateClassifier.load(defaultModelsDir());
  });
  afterAll(async () => {
    await eyes?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Frame `n` (30 fps) of the clip as RGB, with face-api's 68 landmarks of its face. */
  async function frame(n: number): Promise<{ img: RgbImage; landmarks: Point[] }> {
    const png = path.join(dir, `frame-${n}.png`);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', clip, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', png]);
    const { data, info } = await sharp(readFileSync(png)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const rgb = new Uint8Array(data);
    const { faces } = await tracker.track(rgb, info.width, info.height, n, 0);
    expect(faces).toHaveLength(1);
    return { img: { data: rgb, width: info.width, height: info.height, scale: 1 }, landmarks: faces[0].landmarks };
  }

  it('reads both eyes open when the man looks at the camera (frame 6, 0.2 s)', async () => {
    const { img, landmarks } = await frame(6);
    const p = await eyes.classify(img, landmarks);
    expect(p.right).toBeLessThan(0.2);
    expect(p.left).toBeLessThan(0.2);
  });

  it('reads both eyes closed in the annotated blink (frame 79, 2.63 s)', async () => {
    const { img, landmarks } = await frame(79);
    const p = await eyes.classify(img, landmarks);
    expect(p.right).toBeGreaterThan(0.9);
    expect(p.left).toBeGreaterThan(0.9);
  });
});
