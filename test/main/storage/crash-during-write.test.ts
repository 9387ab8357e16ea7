import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { keepRecord } from '../../../src/main/records/record-keeper';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import { parseTempFileName } from '../../../src/main/storage/atomic-file';
import { validateSettings } from '../../../src/shared/operator-settings';
import { crashRecord } from './crash-fixtures';

const KILLS = 40;
/** A kill lands this long (uniformly random) after the child has opened its settings. */
const MAX_KILL_DELAY_MS = 200;

let work: string;
let bundle: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ekyc-crash-'));
  bundle = join(work, 'write-loop.js');
  // The child runs the real src/main code in plain Node, bundled the way scripts/build.mjs does.
  buildSync({ entryPoints: [join(__dirname, 'write-loop.fixture.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'error' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface ChildRun {
  records: number[];
  settings: number[];
  killed: boolean;
  stderr: string;
}

/** Starts the writing loop and kills it with SIGKILL at a random moment once it runs. */
function runAndKill(records: string, userData: string, run: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, records, userData, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result: ChildRun = { records: [], settings: [], killed: false, stderr: '' };
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      const ready = !out.includes('ready\n');
      out += text;
      if (ready && out.includes('ready\n')) {
        setTimeout(() => { result.killed = child.kill('SIGKILL'); }, Math.random() * MAX_KILL_DELAY_MS);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => { result.stderr += text; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writing child ended by itself (code ${code}, signal ${signal}): ${result.stderr}`));
        return;
      }
      for (const line of out.split('\n')) {
        const m = /^(record|settings) (\d+)$/.exec(line);
        if (m) (m[1] === 'record' ? result.records : result.settings).push(Number(m[2]));
      }
      resolve(result);
    });
  });
}

const temps = (dir: string) => readdirSync(dir).filter((n) => parseTempFileName(n) !== null);
const cameraVersion = (file: string): number | null => {
  if (!existsSync(file)) return null;
  const settings = validateSettings(JSON.parse(readFileSync(file, 'utf8')), file);
  return Number(/^camera-version-(\d+)$/.exec(settings.cameraId ?? '')![1]);
};

/** Every file in `records` but temporary ones is a crash record by name, and those of the runs `checked` are the complete record. */
function expectCompleteRecords(records: string, checked: (run: string) => boolean): void {
  for (const name of readdirSync(records).filter((n) => parseTempFileName(n) === null)) {
    const m = /^ekyc-session-crash-(\d+)-(\d+)\.json$/.exec(name);
    expect(m).not.toBeNull();
    if (checked(m![1])) expect(JSON.parse(readFileSync(join(records, name), 'utf8'))).toEqual(crashRecord(m![1], Number(m![2])));
  }
}

describe('kill -9 while records and settings are being written', () => {
  it(`${KILLS} SIGKILLs at random moments leave only complete records, a complete settings.json and temp files that the next open sweeps`, async () => {
    const records = join(work, 'records');
    const userData = join(work, 'user-data');
    mkdirSync(records);
    mkdirSync(userData);
    let settingsVersion: number | null = null;
    let recordsWritten = 0;
    let straysSeen = 0;

    for (let run = 0; run < KILLS; run++) {
      const child = await runAndKill(records, userData, run);
      expect(child.killed).toBe(true);

      // Every record file this child wrote parses and is the complete record; every write reported
      // as done is there. (The earlier children's files are checked again once, at the end: a child
      // writes only its own names, and checking all of them after every kill made the test
      // quadratic, 70 s of JSON comparison for 40 kills.)
      expectCompleteRecords(records, (owner) => owner === String(run));
      for (const i of child.records) expect(existsSync(join(records, `ekyc-session-crash-${run}-${i}.json`))).toBe(true);
      recordsWritten += child.records.length;

      // settings.json is one complete version: the last one reported saved, or the one in flight.
      const committed = child.settings.at(-1) ?? settingsVersion;
      const inFlight = run * 100_000 + child.settings.length;
      const now = cameraVersion(join(userData, 'settings.json'));
      expect([committed, inFlight]).toContain(now);
      settingsVersion = now;

      // Whatever the kill left half-written is only ever a temporary file, swept by the next child's open.
      straysSeen += temps(records).length + temps(userData).length;
    }

    expectCompleteRecords(records, () => true);
    const store = await SettingsStore.open(userData);
    expect(store.problem).toBeNull();
    expect(store.current().cameraId).toBe(`camera-version-${settingsVersion}`);
    await keepRecord(crashRecord('after', 0), { enabled: true, folder: records });
    expect(temps(userData)).toEqual([]);
    expect(temps(records)).toEqual([]);
    // The kills must have landed inside writes, or this proved nothing.
    expect(straysSeen).toBeGreaterThan(0);
    process.stderr.write(`crash-during-write: ${KILLS} kills, ${recordsWritten} records completed, ${straysSeen} temporary files left by kills and swept, 0 broken files\n`);
  }, 600_000); // 40 Node start-ups: about 20 s on an idle machine, minutes on a loaded 2-core one
});
