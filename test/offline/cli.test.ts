/**
 * Every `ekyc` command, run as a user runs it (node bin/ekyc.js, the built dist/) with a
 * fresh HOME, XDG folders and TMPDIR, watched from outside by strace (strace-watch.ts): no
 * socket, no resolver access, and no file created, written, renamed or deleted anywhere.
 * The CLI keeps nothing, so no folder at all is writable for it. Each home is also searched
 * afterwards: a file there would be a cache the trace should have shown.
 *
 * test/offline/station.test.ts does the same for a whole station session; test/e2e/offline.test.ts
 * checks the page's CSP in Chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths';
import { makeOfflineFixtures, type OfflineFixtures } from './offline-fixtures';
import { describeWithStrace, filesUnder, findStrace, freshHome, runWatched, type WatchedRun } from './strace-watch';

const strace = findStrace();

describeWithStrace('ekyc commands, watched from outside the process', () => {
  let work: string;
  let fixtures: OfflineFixtures;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'main', 'cli', 'ekyc.js'))) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    work = mkdtempSync(join(tmpdir(), 'ekyc-offline-cli-'));
    fixtures = await makeOfflineFixtures(work);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function ekyc(...args: string[]): Promise<WatchedRun & { homeFiles: string[] }> {
    const home = freshHome();
    try {
      const run = await runWatched(strace!, [join(repoRoot, 'bin', 'ekyc.js'), ...args], {
        env: home.env, cwd: home.root, writableDirs: [], logDir: work, name: `trace-${args[0]}`, timeoutMs: 60000,
      });
      return { ...run, homeFiles: filesUnder(home.root) };
    } finally {
      home.remove();
    }
  }

  /** What the run did against the rules (each kind of violation once), and what it left in its home. */
  const clean = (run: WatchedRun & { homeFiles: string[] }) => ({ violations: [...new Set(run.violations.map((v) => v.why))], homeFiles: run.homeFiles });
  const model = (file: string) => join(repoRoot, 'models', file);

  it('detect, portrait and verify: no network, no file written', async () => {
    const detect = await ekyc('detect', fixtures.facePhoto);
    expect(detect.stdout).toMatch(/^1 face\(s\) in /);
    // The trace saw the model being read: it watched the real work, not an early exit.
    expect(detect.opened).toEqual(expect.arrayContaining([model('fr_detect.onnx'), model('fr_feature.onnx')]));
    expect(clean(detect)).toEqual({ violations: [], homeFiles: [] });

    const portrait = await ekyc('portrait', fixtures.idCardFront, '--json');
    expect(portrait.code).toBe(0);
    expect(clean(portrait)).toEqual({ violations: [], homeFiles: [] });

    const verify = await ekyc('verify', '--id', fixtures.idCardFront, '--selfie', fixtures.facePhoto);
    expect(verify.stdout).toMatch(/^SAME PERSON/);
    expect(clean(verify)).toEqual({ violations: [], homeFiles: [] });
  });

  it('eval on a two-pair file: no network, no file written', async () => {
    const evaluation = await ekyc('eval', '--pairs', fixtures.pairsCsv, '--root', fixtures.dir, '--json');
    expect(evaluation.code).toBe(0);
    expect(JSON.parse(evaluation.stdout)).toMatchObject({ pairs: 2 });
    expect(clean(evaluation)).toEqual({ violations: [], homeFiles: [] });
  });

  it('liveness on a Y4M clip (face-api on TensorFlow.js wasm): no network, no file written', async () => {
    const liveness = await ekyc('liveness', '--video', fixtures.clipY4m, '--json');
    // The clip is one photo looped: the presentation-attack check (onnxruntime, traced too) refuses it.
    expect(liveness.code).toBe(1);
    expect(JSON.parse(liveness.stdout)).toMatchObject({ frames: 10, presentation: { live: false } });
    expect(liveness.opened.some((f) => f.endsWith('tfjs-backend-wasm-simd.wasm') || f.endsWith('tfjs-backend-wasm.wasm'))).toBe(true);
    expect(clean(liveness)).toEqual({ violations: [], homeFiles: [] });
  });

  it('mrz on a drawn card (Tesseract wasm workers): no network, no file written', async () => {
    const mrz = await ekyc('mrz', fixtures.idCardBack, '--json');
    expect(mrz.code).toBe(0);
    expect(JSON.parse(mrz.stdout)).toMatchObject({ mrz: { valid: true, expired: false } });
    expect(mrz.opened).toContain(model('eng.traineddata.gz'));
    expect(clean(mrz)).toEqual({ violations: [], homeFiles: [] });
  });
});
