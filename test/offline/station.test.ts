/**
 * A whole station session in the built main-process code (station-session.driver.cjs: the
 * real handlers behind their request checks, FaceAnalyzer, MrzReader, the settings store),
 * watched from outside by strace with a fresh HOME, XDG folders and TMPDIR. Allowed to be
 * written: the user-data folder (settings.json) and the records folder the operator chose
 * (the session record). Nothing else, and no socket or resolver access at all.
 *
 * The driver stays up 12 s after the models load: onnxruntime's telemetry client, when it
 * was on, first resolved its host about 9 s after loading, so a delayed client like it has
 * time to show itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths';
import { makeOfflineFixtures } from './offline-fixtures';
import { describeWithStrace, filesUnder, findStrace, freshHome, runWatched } from './strace-watch';

const strace = findStrace();
const HOLD_AFTER_MODELS_MS = 12000;

describeWithStrace('a station session, watched from outside the process', () => {
  let work: string;
  beforeAll(() => {
    if (!existsSync(join(repoRoot, 'dist', 'main', 'ipc', 'station-handlers.js'))) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    work = mkdtempSync(join(tmpdir(), 'ekyc-offline-station-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('settings saved, an ID analysed, its MRZ read and its printed dates and portrait age checked, a face check (refused: the selfie is the card\'s own photo), the record kept: writes only settings.json and the record, no network', async () => {
    const fixtures = await makeOfflineFixtures(work);
    const home = freshHome();
    try {
      // Where Electron's app.getPath('userData') and the operator's records folder would be.
      const userDataDir = join(home.env.XDG_CONFIG_HOME!, 'ekyc-station');
      const recordsDir = join(home.root, 'records');
      mkdirSync(userDataDir, { recursive: true });
      mkdirSync(recordsDir);
      const config = join(work, 'driver.json');
      writeFileSync(config, JSON.stringify({ repoRoot, userDataDir, recordsDir, idCardFront: fixtures.idCardFront, idCardBack: fixtures.idCardBack, selfie: fixtures.selfie, holdMs: HOLD_AFTER_MODELS_MS }));

      const run = await runWatched(strace!, [join(__dirname, 'station-session.driver.cjs'), config], {
        env: home.env, cwd: home.root, writableDirs: [userDataDir, recordsDir], logDir: work, name: 'trace-station', timeoutMs: 80000,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const outcome = JSON.parse(run.stdout);
      // The session really ran: every call answered, and each step did its work.
      // The fixture's selfie is the very photo printed on its card (face-api's demo has one
      // photo per person), which the face check refuses as a presentation attack; the models
      // still ran on it, and the rest of the session runs as before.
      expect(outcome.replies).toEqual({
        ...Object.fromEntries(['settings:choose-records-folder', 'settings:get', 'settings:set', 'id:open-file', 'id:analyze', 'document:read-mrz', 'session:finish', 'session:reset'].map((c) => [c, { ok: true }])),
        'face:verify': { ok: false, code: 'PRESENTATION_ATTACK', message: expect.stringMatching(/^presentation attack refused/) },
        'liveness:start': { ok: false, code: 'SESSION_STATE', message: expect.any(String) },
      });
      expect(outcome).toMatchObject({ portraitFound: true, mrzValid: true, match: null, livenessStarted: false, verdict: 'rejected' });
      // The printed dates and sex were read off the card (the page OCR's own worker) under the same watch.
      expect(outcome.printedDates).toMatchObject({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' } });
      expect(outcome.printedSex).toEqual({ status: 'matches' });
      // So was the portrait's apparent age (TensorFlow.js's wasm backend and the pinned age model), judged against the zone.
      expect(outcome.portraitAge?.status).toMatch(/^(consistent|differs)$/);
      expect(outcome.heldAfterModelsMs).toBeGreaterThanOrEqual(HOLD_AFTER_MODELS_MS);
      // The trace saw the models and the OCR data being read, so it watched the real work.
      expect(run.opened).toEqual(expect.arrayContaining([join(repoRoot, 'models', 'fr_feature.onnx'), join(repoRoot, 'models', 'eng.traineddata.gz'), join(repoRoot, 'models', 'age_gender_model.bin')]));

      expect([...new Set(run.violations.map((v) => v.why))]).toEqual([]);
      // What is on disk afterwards: the settings and the one record, nothing else in the home.
      expect(filesUnder(home.root).sort()).toEqual([
        join('home', '.config', 'ekyc-station', 'settings.json'),
        join('records', `ekyc-session-${outcome.sessionId}.json`),
      ]);
      expect(JSON.parse(readFileSync(join(userDataDir, 'settings.json'), 'utf8')).retention).toEqual({ enabled: true, folder: recordsDir, namesAndNumbers: false });
    } finally {
      home.remove();
    }
  });
});
