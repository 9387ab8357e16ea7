/**
 * `npm run models` (scripts/install-models.mjs) on a models folder whose manifest is missing
 * or malformed: one line naming the file and what to do, exit 2, never a stack trace.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/paths';

const run = promisify(execFile);
const script = join(repoRoot, 'scripts', 'install-models.mjs');
const shipped = JSON.parse(readFileSync(join(repoRoot, 'models', 'manifest.json'), 'utf8'));

async function installInto(prepare: (dir: string) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ekyc-install-'));
  prepare(dir);
  // --check: never reach the registry, whatever the manifest says.
  return run(process.execPath, [script, '--check'], { env: { ...process.env, EKYC_MODELS_DIR: dir } })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
}

const withManifest = (value: unknown) => (dir: string) => writeFileSync(join(dir, 'manifest.json'), typeof value === 'string' ? value : JSON.stringify(value));
const firstModel = shipped.models[0];

describe('install-models with a bad manifest', () => {
  it.each<[string, (dir: string) => void, RegExp]>([
    ['missing', () => undefined, /manifest\.json is missing; restore it from the repository \(git checkout models\/manifest\.json\)/],
    ['a directory', (dir) => mkdirSync(join(dir, 'manifest.json')), /manifest\.json is a directory/],
    ['not JSON', withManifest('{"models": ['), /manifest\.json is not valid JSON/],
    ['{}', withManifest({}), /manifest\.json: "packages" must be an object/],
    ['without models', withManifest({ packages: shipped.packages, models: [] }), /"models" must be a non-empty list of models/],
    ['a model without sha256', withManifest({ packages: shipped.packages, models: [{ ...firstModel, sha256: undefined }] }), /models\[0\]\.sha256 must be a non-empty string/],
    ['a short sha256', withManifest({ packages: shipped.packages, models: [{ ...firstModel, sha256: 'abc' }] }), /models\[0\]\.sha256 must be 64 lowercase hex digits/],
    ['a file outside the folder', withManifest({ packages: shipped.packages, models: [{ ...firstModel, file: '../evil.onnx' }] }), /models\[0\]\.file "\.\.\/evil\.onnx" must be a bare file name/],
    ['a source without a package entry', withManifest({ packages: {}, models: [firstModel] }), /models\[0\]\.source "faceplugin-face-recognition-js@0\.0\.1" has no package entry/],
  ])('manifest %s: exit 2 and one clear line, no stack trace', async (_what, prepare, message) => {
    const r = await installInto(prepare);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('still exits 1 (not 2) when the manifest is right and a model file is missing', async () => {
    const r = await installInto(withManifest(shipped));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fr_detect\.onnx is missing or does not match its SHA-256/);
  });
});
