/**
 * `ekyc chip` reading a simulated passport in Debian's virtual reader, watched from outside
 * by strace (strace-watch.ts), both ways the station reaches readers: its own pcscd socket
 * client and the system's PC/SC library (libpcsclite through koffi, native code Node never
 * sees). The one connection allowed is the local one to pcscd; no other socket, no resolver,
 * no file written, nothing left in a fresh HOME. Skipped, saying so, without strace, pcscd
 * or the vpcd driver.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mrzKeysFromLines } from '../../src/main/chip/chip-reader';
import { EF } from '../../src/main/chip/files';
import { DEFAULT_PCSCD_SOCKET } from '../../src/main/chip/pcsc';
import { SPECIMEN_TD3, testDocument } from '../helpers/emrtd';
import { repoRoot } from '../helpers/paths';
import { ensurePcscd, pcscdAvailable, pcscdMissing, until, VIRTUAL_READERS, virtualCardPresent } from '../helpers/pcscd';
import { SimulatedEmrtd } from '../helpers/simulated-emrtd';
import { VpcdCard } from '../helpers/vpcd-card';
import { describeWithStrace, filesUnder, findStrace, freshHome, runWatched } from './strace-watch';

const strace = findStrace();
if (!pcscdAvailable) console.log(`offline/chip.test: skipped, ${pcscdMissing}`);
const describeIf = pcscdAvailable ? describeWithStrace : describe.skip;
const KEYS = mrzKeysFromLines(SPECIMEN_TD3);
/** The second virtual reader: test/main/chip/pcsc-vpcd.test.ts, which may run at the same time, uses the first. */
const READER = VIRTUAL_READERS[1];

describeIf('ekyc chip, watched from outside the process', () => {
  let work: string;
  let chip: () => SimulatedEmrtd;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'main', 'cli', 'ekyc.js'))) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    work = mkdtempSync(join(tmpdir(), 'ekyc-offline-chip-'));
    await ensurePcscd();
    const doc = await testDocument({ country: 'UT' });
    writeFileSync(join(work, 'ut.pem'), new X509Certificate(doc.cscaCert).toString());
    chip = () => new SimulatedEmrtd({ keys: KEYS, files: new Map([[EF.COM, doc.com], [EF.DG1, doc.dg1], [EF.DG2, doc.dg2], [EF.SOD, doc.sod]]) });
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it.each([
    ['socket', "pcscd's socket, spoken by the station"],
    ['library', 'the system PC/SC library (libpcsclite through koffi)'],
  ])('reads and verifies the chip through %s (%s): pcscd is the only connection, no file written', async (way) => {
    await virtualCardPresent(false, READER.name);
    const card = await until('vpcd to accept a card', () => VpcdCard.insert(chip(), { port: READER.port }));
    const home = freshHome();
    try {
      await virtualCardPresent(true, READER.name);
      const run = await runWatched(strace!, [join(repoRoot, 'bin', 'ekyc.js'), 'chip', '--reader', READER.name, '--mrz-keys', `${KEYS.documentNumber},${KEYS.birthDate},${KEYS.expiryDate}`, '--csca', join(work, 'ut.pem'), '--json'], {
        env: { ...home.env, EKYC_PCSC: way }, cwd: home.root, writableDirs: [], localSockets: [DEFAULT_PCSCD_SOCKET], logDir: work, name: `trace-chip-${way}`, timeoutMs: 60000,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ reader: READER.name, accessControl: 'BAC', passiveAuth: { status: 'valid' } });
      // The trace saw the read itself: the connection to pcscd, and for the library way libpcsclite loaded.
      expect(run.localConnects).toEqual([DEFAULT_PCSCD_SOCKET]);
      if (way === 'library') expect(run.opened.some((f) => /libpcsclite\.so/.test(f))).toBe(true);
      else expect(run.opened.some((f) => /libpcsclite\.so/.test(f))).toBe(false);
      expect({ violations: [...new Set(run.violations.map((v) => v.why))], homeFiles: filesUnder(home.root) }).toEqual({ violations: [], homeFiles: [] });
    } finally {
      home.remove();
      card.remove();
    }
  });
});
