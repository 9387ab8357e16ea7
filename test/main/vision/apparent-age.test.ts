/**
 * ApparentAgeEstimator: face-api's age net on the detector's face box, from the pinned weights
 * in models/. On real photos of people whose ages are known it errs by years, not decades; a
 * missing or altered weights file is refused with the file and the repair; a face too small to
 * say anything is refused, not guessed.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EkycError } from '../../../src/shared/errors';
import { ApparentAgeEstimator, MIN_AGE_FACE_PX } from '../../../src/main/vision/apparent-age';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { decodeImageFile } from '../../../src/main/vision/image-decoder';
import { describeWithFacedata, faceApiDemo, facedata, repoRoot } from '../../helpers/paths';

jest.setTimeout(120_000);

let estimator: ApparentAgeEstimator;
let analyzer: FaceAnalyzer;
beforeAll(async () => {
  [estimator, analyzer] = await Promise.all([ApparentAgeEstimator.create(), FaceAnalyzer.create()]);
});
afterAll(async () => {
  estimator?.dispose();
  await analyzer?.dispose();
});

describe('ApparentAgeEstimator', () => {
  it('reads every adult face of a group photo as an adult', async () => {
    const image = await decodeImageFile(faceApiDemo('sample1.jpg'));
    const faces = await analyzer.detectFaces(image);
    expect(faces.length).toBeGreaterThanOrEqual(3);
    for (const face of faces) {
      const age = await estimator.estimate(image, face.box);
      expect(age).toBeGreaterThan(16);
      expect(age).toBeLessThan(70);
    }
  });

  it(`refuses a face under ${MIN_AGE_FACE_PX} px rather than guess its age`, async () => {
    const image = await decodeImageFile(faceApiDemo('sample1.jpg'));
    const err = await estimator.estimate(image, { x: 10, y: 10, width: 20, height: 24 }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'NO_USABLE_PORTRAIT', message: expect.stringMatching(/24 px, under the 32 px/) });
  });
});

describeWithFacedata('ApparentAgeEstimator on people of known age (LFW)', () => {
  it('errs by under 10 years on average, with no large bias, on one photo each of 60 people', async () => {
    const born = readFileSync(join(repoRoot, 'test/fixtures/lfw-birth-years.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const meta = new Map<string, string>();
    for (const line of readFileSync(facedata('lfw-dev', 'meta.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [file, id] = line.split(',');
      if (!meta.has(id)) meta.set(id, file);
    }
    const errors: number[] = [];
    // Every sixth person: young and old, men and women, spread over the alphabet.
    for (const [id, year] of born.filter((_, i) => i % 6 === 0)) {
      const image = await decodeImageFile(facedata('lfw-dev', meta.get(id)!));
      // A photo whose face the portrait search cannot use is left out, as the station would.
      const found = await analyzer.findPortrait(image).catch(() => null);
      if (!found) continue;
      errors.push((await estimator.estimate(found.upright, found.portrait.box)) - (2003 - Number(year)));
    }
    expect(errors.length).toBeGreaterThanOrEqual(50);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(errors.map(Math.abs))).toBeLessThan(10);
    expect(Math.abs(mean(errors))).toBeLessThan(6);
  });
});

describe('ApparentAgeEstimator.create', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ekyc-age-'));
    copyFileSync(join(repoRoot, 'models', 'manifest.json'), join(dir, 'manifest.json'));
    copyFileSync(join(repoRoot, 'models', 'age_gender_model-weights_manifest.json'), join(dir, 'age_gender_model-weights_manifest.json'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a missing weights file, naming it and the repair', async () => {
    const err = await ApparentAgeEstimator.create(dir).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(EkycError);
    expect(err).toMatchObject({ code: 'MODEL_MISSING', message: expect.stringMatching(/age_gender_model\.bin is missing; run `npm run models`/) });
  });

  it('refuses a weights file that is not the pinned one', async () => {
    const bytes = readFileSync(join(repoRoot, 'models', 'age_gender_model.bin'));
    bytes[1000] ^= 0xff;
    writeFileSync(join(dir, 'age_gender_model.bin'), bytes);
    const err = await ApparentAgeEstimator.create(dir).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringMatching(/age_gender_model\.bin is corrupted/) });
  });
});
