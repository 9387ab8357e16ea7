/**
 * A model is loaded only when it matches the SHA-256 this build of the app pins: the manifest
 * in the install folder (outside the asar) cannot vouch for a model it was changed to match.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPinnedModels, readVerifiedModel, type PinnedModels } from '../../../src/main/models/model-files';
import { EkycError } from '../../../src/shared/errors';
import { repoRoot } from '../../helpers/paths';

const modelsDir = join(repoRoot, 'models');
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { models: { id: string; file: string; sha256: string }[] };

/** A private models folder with the manifest and the (smallest) landmark model. */
function copyLandmarks(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ekyc-pins-'));
  copyFileSync(join(modelsDir, 'manifest.json'), join(dir, 'manifest.json'));
  copyFileSync(join(modelsDir, 'fr_landmark.onnx'), join(dir, 'fr_landmark.onnx'));
  return dir;
}

/** What someone who can write the install folder does: swap a model and fix its checksum in the manifest. */
function swapModelAndChecksum(dir: string): void {
  const other = Buffer.from('an attacker-chosen model');
  writeFileSync(join(dir, 'fr_landmark.onnx'), other);
  const manifest = manifestOf(dir);
  const entry = manifest.models.find((m) => m.id === 'landmarks')!;
  entry.sha256 = createHash('sha256').update(other).digest('hex');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
}

async function errorOf(promise: Promise<unknown>): Promise<EkycError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(EkycError);
  return err as EkycError;
}

/** The pins `npm run build` writes, made by the build's own code. */
function buildPins(fromModelsDir: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'ekyc-build-')), 'pinned-models.json');
  const script = `import { writePinnedModels } from ${JSON.stringify(join(repoRoot, 'scripts', 'model-manifest.mjs'))}; writePinnedModels(process.argv[1], process.argv[2]);`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script, fromModelsDir, out]);
  return out;
}

describe('readVerifiedModel against the pinned hashes', () => {
  it('loads a model whose manifest entry and bytes match the pins', async () => {
    const { entry, bytes } = await readVerifiedModel(copyLandmarks(), 'landmarks');
    expect(entry.file).toBe('fr_landmark.onnx');
    expect(bytes.length).toBeGreaterThan(1_000_000);
  });

  it('refuses a model swapped together with its checksum in the manifest: MODEL_CORRUPT naming the manifest and `npm run models`', async () => {
    const dir = copyLandmarks();
    swapModelAndChecksum(dir);
    const err = await errorOf(readVerifiedModel(dir, 'landmarks'));
    expect(err.code).toBe('MODEL_CORRUPT');
    expect(err.message).toContain(`model manifest ${join(dir, 'manifest.json')} was changed`);
    expect(err.message).toMatch(/this build of the app pins fr_landmark\.onnx with f10b0ba1d2a8…/);
    expect(err.message).toContain('npm run models');
    expect(err.details).toMatchObject({ file: join(dir, 'manifest.json'), model: 'fr_landmark.onnx' });
  });

  it('refuses a manifest that points a model at another file', async () => {
    const dir = copyLandmarks();
    const manifest = manifestOf(dir);
    manifest.models.find((m) => m.id === 'landmarks')!.file = 'fr_detect.onnx';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    expect((await errorOf(readVerifiedModel(dir, 'landmarks'))).message).toMatch(/gives model "landmarks" as fr_detect\.onnx .* pins fr_landmark\.onnx/);
  });

  it('refuses a model the build does not pin, even when the manifest lists it', async () => {
    const dir = copyLandmarks();
    const manifest = manifestOf(dir);
    manifest.models.push({ ...manifest.models.find((m) => m.id === 'landmarks')!, id: 'extra' });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const err = await errorOf(readVerifiedModel(dir, 'extra'));
    expect(err.code).toBe('MODEL_CORRUPT');
    expect(err.message).toMatch(/lists model "extra", which this build of the app does not pin/);
  });
});

describe('the pins the build writes (scripts/build.mjs → dist/main/models/pinned-models.json)', () => {
  it('hold each model of the manifest, file and SHA-256, and are what the app checks against', async () => {
    const pinsFile = buildPins(modelsDir);
    const pins = await readPinnedModels(pinsFile);
    expect(pins).toEqual(Object.fromEntries(manifestOf(modelsDir).models.map((m) => [m.id, { file: m.file, sha256: m.sha256 }])));
    expect(pins.landmarks).toEqual({ file: 'fr_landmark.onnx', sha256: 'f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258' });
    const dir = copyLandmarks();
    await expect(readVerifiedModel(dir, 'landmarks', pins)).resolves.toMatchObject({ entry: { id: 'landmarks' } });
    swapModelAndChecksum(dir);
    expect((await errorOf(readVerifiedModel(dir, 'landmarks', pins))).code).toBe('MODEL_CORRUPT');
  });

  it('come from the build, not the install folder: pins built from a changed manifest do not match the shipped one', async () => {
    const tampered = copyLandmarks();
    swapModelAndChecksum(tampered);
    const shipped: PinnedModels = await readPinnedModels(buildPins(modelsDir));
    const fromTampered: PinnedModels = await readPinnedModels(buildPins(tampered));
    expect(fromTampered.landmarks.sha256).not.toBe(shipped.landmarks.sha256);
  });

  it('are required: a built app without them loads no model', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'ekyc-nopins-')), 'pinned-models.json');
    const err = await errorOf(readPinnedModels(missing));
    expect(err.code).toBe('MODEL_MISSING');
    expect(err.message).toMatch(/this build of the app has no readable model pins .*ENOENT.*npm run build/);
  });
});
