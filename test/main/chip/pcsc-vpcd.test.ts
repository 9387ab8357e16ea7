/**
 * The whole path through the real PC/SC stack: pcscd with Debian's virtual reader driver
 * (vsmartcard-vpcd), the station's pcsc-lite client, and a simulated eMRTD inserted into
 * the virtual reader. Skipped, with a message, when pcscd or the vpcd driver is not installed
 * (Debian: apt install pcscd vsmartcard-vpcd). The test starts its own pcscd when none runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mrzKeysFromLines, readChip } from '../../../src/main/chip/chip-reader';
import { EF } from '../../../src/main/chip/files';
import { DEFAULT_PCSCD_SOCKET, openPcscCard, PcscContext } from '../../../src/main/chip/pcsc';
import { CscaTrustStore } from '../../../src/main/chip/trust-store';
import { runEkyc } from '../../helpers/cli';
import { SPECIMEN_TD3, testDocument, type TestDocument } from '../../helpers/emrtd';
import { SimulatedEmrtd } from '../../helpers/simulated-emrtd';
import { VpcdCard } from '../../helpers/vpcd-card';

const PCSCD = '/usr/sbin/pcscd';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const available = existsSync(PCSCD) && existsSync(VPCD_DRIVER) && process.platform === 'linux';
if (!available) {
  console.log(`pcsc-vpcd.test: skipped, needs ${PCSCD} and ${VPCD_DRIVER} (Debian: apt install pcscd vsmartcard-vpcd)`);
}
const describeIf = available ? describe : describe.skip;

const KEYS = mrzKeysFromLines(SPECIMEN_TD3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function cardPresent(present: boolean): Promise<void> {
  await until(`the virtual reader to show ${present ? 'a' : 'no'} card`, async () => {
    const ctx = await PcscContext.establish();
    try {
      const readers = await ctx.readers();
      return readers.some((r) => r.name.startsWith('Virtual PCD 00 00') && r.cardPresent === present) ? true : undefined;
    } finally {
      await ctx.release();
    }
  });
}

describeIf('reading a chip through pcscd and the vpcd virtual reader', () => {
  let daemon: ChildProcess | undefined;
  let doc: TestDocument;
  let cscaDir: string;

  beforeAll(async () => {
    if (!(await socketAnswers(DEFAULT_PCSCD_SOCKET))) {
      daemon = spawn(PCSCD, ['--foreground'], { stdio: 'ignore' });
      await until('pcscd to listen', async () => ((await socketAnswers(DEFAULT_PCSCD_SOCKET)) ? true : undefined));
    }
    doc = await testDocument({ country: 'UT' });
    cscaDir = await mkdtemp(join(tmpdir(), 'csca-'));
    await writeFile(join(cscaDir, 'ut.pem'), new X509Certificate(doc.cscaCert).toString());
  });

  afterAll(async () => {
    daemon?.kill();
    await rm(cscaDir, { recursive: true, force: true });
  });

  const chip = (pace?: { parameterId: 12 | 13 }) => new SimulatedEmrtd({ keys: KEYS, files: new Map([[EF.COM, doc.com], [EF.DG1, doc.dg1], [EF.DG2, doc.dg2], [EF.SOD, doc.sod]]), pace, noBac: pace !== undefined });

  it('names an empty reader', async () => {
    await cardPresent(false);
    await expect(openPcscCard('Virtual PCD 00 00')).rejects.toMatchObject({ code: 'CHIP_NO_CARD' });
    await expect(openPcscCard('no such reader')).rejects.toMatchObject({ code: 'CHIP_READER_NOT_FOUND', message: expect.stringMatching(/Virtual PCD 00 00/) });
  });

  it('reads and verifies DG1 and DG2 over BAC with `ekyc chip`', async () => {
    const card = await until('vpcd to accept a card', () => VpcdCard.insert(chip()));
    try {
      await cardPresent(true);
      const run = await runEkyc('chip', '--reader', 'Virtual PCD 00 00', '--mrz-keys', `${KEYS.documentNumber},${KEYS.birthDate},${KEYS.expiryDate}`, '--csca', cscaDir, '--json');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const json = JSON.parse(run.stdout);
      expect(json).toMatchObject({ reader: 'Virtual PCD 00 00', accessControl: 'BAC', mrzLines: SPECIMEN_TD3, face: { format: 'jpeg', decoded: true }, passiveAuth: { status: 'valid', summary: 'signed by UT, chain valid' } });
    } finally {
      card.remove();
    }
  });

  it('waits for the document to be laid on the reader', async () => {
    await cardPresent(false);
    let card: VpcdCard | undefined;
    const later = setTimeout(() => void VpcdCard.insert(chip()).then((c) => (card = c)), 1000);
    try {
      const t0 = Date.now();
      const opened = await openPcscCard('Virtual PCD 00 00', undefined, 8000);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
      await opened.close();
    } finally {
      clearTimeout(later);
      card?.remove();
    }
    await cardPresent(false);
    const t1 = Date.now();
    await expect(openPcscCard('Virtual PCD 00 00', undefined, 600)).rejects.toMatchObject({ code: 'CHIP_NO_CARD' });
    expect(Date.now() - t1).toBeGreaterThanOrEqual(500);
  });

  it('reads a PACE-only chip through pcscd', async () => {
    await cardPresent(false);
    const card = await until('vpcd to accept a card', () => VpcdCard.insert(chip({ parameterId: 13 })));
    try {
      await cardPresent(true);
      const opened = await openPcscCard('Virtual PCD 00 00');
      try {
        const read = await readChip(opened.transport, KEYS, { trust: new CscaTrustStore([new X509Certificate(doc.cscaCert)]) });
        expect(read.summary).toMatchObject({ accessControl: 'PACE', passiveAuth: { status: 'valid' } });
      } finally {
        await opened.close();
      }
    } finally {
      card.remove();
    }
  });

  it('names a card pulled out mid-read', async () => {
    await cardPresent(false);
    const card = await until('vpcd to accept a card', () => VpcdCard.insert(chip(), { leaveAfter: 10 }));
    await cardPresent(true);
    const opened = await openPcscCard('Virtual PCD 00 00');
    try {
      const err = await readChip(opened.transport, KEYS, { trust: new CscaTrustStore([]) }).catch((e) => e);
      expect(err).toMatchObject({ code: 'CHIP_REMOVED' });
    } finally {
      await opened.close();
      card.remove();
    }
  });
});
