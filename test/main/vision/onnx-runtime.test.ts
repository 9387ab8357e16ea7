/** Model files are trusted only when they match models/manifest.json, and the installer repairs them. */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { readManifest } from '../../../src/main/models/model-files';
import { ModelSession } from '../../../src/main/vision/onnx-runtime';
import { EkycError } from '../../../src/shared/errors';
import { repoRoot } from '../../helpers/paths';

const run = promisify(execFile);
const modelsDir = join(repoRoot, 'models');

function readManifestSync(): { file: string }[] {
  return JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8')).models;
}

/** A private copy of the models folder that a test may damage. */
function copyModels(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ekyc-models-'));
  copyFileSync(join(modelsDir, 'manifest.json'), join(dir, 'manifest.json'));
  for (const m of readManifestSync()) copyFileSync(join(modelsDir, m.file), join(dir, m.file));
  return dir;
}

async function loadError(dir: string): Promise<EkycError> {
  const err = await FaceAnalyzer.create({ modelsDir: dir }).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(EkycError);
  return err as EkycError;
}

describe('model files', () => {
  it('loads every ONNX model of the manifest with the input and outputs it declares', async () => {
    for (const m of (await readManifest(modelsDir)).filter((e) => e.file.endsWith('.onnx'))) {
      const session = await ModelSession.load(modelsDir, m.id);
      expect(session.entry.file).toBe(m.file);
      await session.release();
    }
  });

  it('stops on a missing model file, naming it and the command that repairs it', async () => {
    const dir = copyModels();
    rmSync(join(dir, 'fr_feature.onnx'));
    const err = await loadError(dir);
    expect(err.code).toBe('MODEL_MISSING');
    expect(err.message).toContain(join(dir, 'fr_feature.onnx'));
    expect(err.message).toContain('npm run models');
  });

  it('stops on a corrupted model file before handing it to onnxruntime', async () => {
    const dir = copyModels();
    const path = join(dir, 'fr_detect.onnx');
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(path, bytes);
    const err = await loadError(dir);
    expect(err.code).toBe('MODEL_CORRUPT');
    expect(err.message).toMatch(/fr_detect\.onnx is corrupted \(SHA-256 [0-9a-f]{12}… is not the manifest's 6c0256ccd316…\)/);
  });

  it('stops on a missing manifest', async () => {
    const err = await loadError(mkdtempSync(join(tmpdir(), 'ekyc-empty-')));
    expect(err.code).toBe('MODEL_MISSING');
    expect(err.message).toMatch(/manifest\.json is missing/);
  });

  it('has the installer report damage with --check and repair it from the pinned package', async () => {
    const dir = copyModels();
    writeFileSync(join(dir, 'fr_landmark.onnx'), 'not a model');
    const env = { ...process.env, EKYC_MODELS_DIR: dir };
    const script = join(repoRoot, 'scripts', 'install-models.mjs');
    const check = await run(process.execPath, [script, '--check'], { env }).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(check?.code).toBe(1);
    expect(check?.stderr).toMatch(/fr_landmark\.onnx is missing or does not match its SHA-256/);
    const repair = await run(process.execPath, [script], { env });
    expect(repair.stdout).toMatch(/fr_landmark\.onnx installed and verified/);
    const again = await run(process.execPath, [script], { env });
    expect(again.stdout).toMatch(/all \d+ files present and verified/);
    await (await FaceAnalyzer.create({ modelsDir: dir })).dispose();
  });
});
