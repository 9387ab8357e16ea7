/**
 * The whole path through the real PC/SC stack: pcscd with Debian's virtual reader driver
 * (vsmartcard-vpcd), the station's pcsc-lite client, and a simulated eMRTD inserted into
 * the virtual reader. Reads are made both ways the station reaches readers: pcscd's socket
 * (Linux's default) and the system's PC/SC library through koffi (libpcsclite here; the code
 * Windows' WinSCard and macOS's PCSC framework run, with their own types). Skipped, with a
 * message, when pcscd or the vpcd driver is not installed (Debian: apt install pcscd
 * vsmartcard-vpcd). The test starts its own pcscd when none runs.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mrzKeysFromLines, readChip } from '../../../src/main/chip/chip-reader';
import { EF } from '../../../src/main/chip/files';
import { PcscContext, type PcscService } from '../../../src/main/chip/pcsc';
import { openPcscCard, type PcscWay } from '../../../src/main/chip/pcsc-service';
import { WinscardContext } from '../../../src/main/chip/winscard';
import { CscaTrustStore } from '../../../src/main/chip/trust-store';
import { runEkyc } from '../../helpers/cli';
import { SPECIMEN_TD3, testDocument, type TestDocument } from '../../helpers/emrtd';
import { SimulatedEmrtd } from '../../helpers/simulated-emrtd';
import { ensurePcscd, pcscdAvailable, pcscdMissing, until, virtualCardPresent as cardPresent } from '../../helpers/pcscd';
import { VpcdCard } from '../../helpers/vpcd-card';

if (!pcscdAvailable) console.log(`pcsc-vpcd.test: skipped, ${pcscdMissing}`);
const describeIf = pcscdAvailable ? describe : describe.skip;

const KEYS = mrzKeysFromLines(SPECIMEN_TD3);

describeIf('reading a chip through pcscd and the vpcd virtual reader', () => {
  let doc: TestDocument;
  let cscaDir: string;

  beforeAll(async () => {
    await ensurePcscd();
    doc = await testDocument({ country: 'UT' });
    cscaDir = await mkdtemp(join(tmpdir(), 'csca-'));
    await writeFile(join(cscaDir, 'ut.pem'), new X509Certificate(doc.cscaCert).toString());
  });

  afterAll(async () => {
    await rm(cscaDir, { recursive: true, force: true });
  });

  const chip = (pace?: { parameterId: 12 | 13 }) => new SimulatedEmrtd({ keys: KEYS, files: new Map([[EF.COM, doc.com], [EF.DG1, doc.dg1], [EF.DG2, doc.dg2], [EF.SOD, doc.sod]]), pace, noBac: pace !== undefined });

  it('names an empty reader', async () => {
    await cardPresent(false);
    await expect(openPcscCard('Virtual PCD 00 00')).rejects.toMatchObject({ code: 'CHIP_NO_CARD' });
    await expect(openPcscCard('no such reader')).rejects.toMatchObject({ code: 'CHIP_READER_NOT_FOUND', message: expect.stringMatching(/Virtual PCD 00 00/) });
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

  it('lists the readers and their cards the same way through the library as through the socket', async () => {
    await cardPresent(false);
    const viaSocket = await PcscContext.establish();
    const viaLibrary = await WinscardContext.establish();
    try {
      const names = (await viaSocket.readers()).map((r) => r.name);
      expect(names).toContain('Virtual PCD 00 00');
      expect(await viaLibrary.readers()).toEqual(await viaSocket.readers());
    } finally {
      await viaSocket.release();
      await viaLibrary.release();
    }
    await expect(openPcscCard('Virtual PCD 00 00', undefined, 0, () => WinscardContext.establish())).rejects.toMatchObject({ code: 'CHIP_NO_CARD' });
    await expect(openPcscCard('no such reader', undefined, 0, () => WinscardContext.establish())).rejects.toMatchObject({ code: 'CHIP_READER_NOT_FOUND', message: expect.stringMatching(/Virtual PCD 00 00/) });
  });

  /** The two ways the station reaches readers; Windows and macOS take the library's code with their own types. */
  const WAYS: { way: PcscWay; name: string; establish: () => Promise<PcscService> }[] = [
    { way: 'socket', name: "pcscd's socket (the station's own client)", establish: () => PcscContext.establish() },
    { way: 'library', name: 'the system PC/SC library (libpcsclite through koffi)', establish: () => WinscardContext.establish() },
  ];

  describe.each(WAYS)('through $name', ({ way, establish }) => {
    it('reads and verifies DG1 and DG2 over BAC with `ekyc chip`', async () => {
      await cardPresent(false);
      const card = await until('vpcd to accept a card', () => VpcdCard.insert(chip()));
      const before = process.env.EKYC_PCSC;
      process.env.EKYC_PCSC = way;
      try {
        await cardPresent(true);
        const run = await runEkyc('chip', '--reader', 'Virtual PCD 00 00', '--mrz-keys', `${KEYS.documentNumber},${KEYS.birthDate},${KEYS.expiryDate}`, '--csca', cscaDir, '--json');
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ reader: 'Virtual PCD 00 00', accessControl: 'BAC', mrzLines: SPECIMEN_TD3, face: { format: 'jpeg', decoded: true }, passiveAuth: { status: 'valid', summary: 'signed by UT, chain valid' } });
      } finally {
        if (before === undefined) delete process.env.EKYC_PCSC;
        else process.env.EKYC_PCSC = before;
        card.remove();
      }
    });

    it('reads a PACE-only chip', async () => {
      await cardPresent(false);
      const card = await until('vpcd to accept a card', () => VpcdCard.insert(chip({ parameterId: 13 })));
      try {
        await cardPresent(true);
        const opened = await openPcscCard('Virtual PCD 00 00', undefined, 0, establish);
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
      const opened = await openPcscCard('Virtual PCD 00 00', undefined, 0, establish);
      try {
        const err = await readChip(opened.transport, KEYS, { trust: new CscaTrustStore([]) }).catch((e) => e);
        expect(err).toMatchObject({ code: 'CHIP_REMOVED' });
      } finally {
        await opened.close();
        card.remove();
      }
    });
  });
});
