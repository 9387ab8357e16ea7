import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mrzKeysFromLines } from '../../../src/main/chip/chip-reader';
import { EF } from '../../../src/main/chip/files';
import { chipCommandWith, parseMrzKeys, type CardOpener } from '../../../src/main/cli/commands/chip';
import type { CliIO } from '../../../src/main/cli/cli-io';
import { runEkyc } from '../../helpers/cli';
import { repoRoot } from '../../helpers/paths';
import { dg1, SPECIMEN_TD3, testDocument, type TestDocument } from '../../helpers/emrtd';
import { SimulatedEmrtd } from '../../helpers/simulated-emrtd';
import { syntheticDocumentPng } from '../document/synthetic-document';

const KEYS = mrzKeysFromLines(SPECIMEN_TD3);
const KEYS_ARG = `${KEYS.documentNumber},${KEYS.birthDate},${KEYS.expiryDate}`;
const work = mkdtempSync(path.join(tmpdir(), 'ekyc-cli-chip-'));

function opener(doc: TestDocument): CardOpener {
  return async (reader) => ({
    reader: reader ?? 'Simulated reader',
    transport: new SimulatedEmrtd({ keys: KEYS, files: new Map([[EF.COM, doc.com], [EF.DG1, doc.dg1], [EF.DG2, doc.dg2], [EF.SOD, doc.sod]]) }),
    close: async () => undefined,
  });
}

async function run(open: CardOpener, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } };
  const code = await chipCommandWith(open)(argv, io);
  return { code, out, err };
}

describe('ekyc chip', () => {
  let doc: TestDocument;
  let csca: string;
  beforeAll(async () => {
    doc = await testDocument({ country: 'UT' });
    csca = path.join(work, 'csca.pem');
    writeFileSync(csca, new X509Certificate(doc.cscaCert).toString());
  });

  it('without pcscd says so and exits 2', async () => {
    const saved = process.env.PCSCLITE_CSOCK_NAME;
    process.env.PCSCLITE_CSOCK_NAME = path.join(work, 'no-pcscd.sock');
    try {
      const r = await runEkyc('chip', '--mrz-keys', KEYS_ARG);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/PC\/SC service is not running .*pcscd.*\[CHIP_READER_NOT_FOUND\]/);
    } finally {
      if (saved === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
      else process.env.PCSCLITE_CSOCK_NAME = saved;
    }
  });

  it('without pcscd, through the system PC/SC library (EKYC_PCSC=library), says the smart-card service is not running and exits 2', () => {
    // A process of its own: libpcsclite reads PCSCLITE_CSOCK_NAME once per process.
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'ekyc.js'), 'chip', '--mrz-keys', KEYS_ARG], {
      env: { ...process.env, EKYC_PCSC: 'library', PCSCLITE_CSOCK_NAME: path.join(work, 'no-pcscd.sock') }, encoding: 'utf8', timeout: 30000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/smart-card service is not running \(0x8010001D\).*pcscd.*\[CHIP_READER_NOT_FOUND\]/);
  });

  it('names a wrong EKYC_PCSC and exits 2', async () => {
    const saved = process.env.EKYC_PCSC;
    process.env.EKYC_PCSC = 'winscard';
    try {
      const r = await runEkyc('chip', '--mrz-keys', KEYS_ARG);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/EKYC_PCSC is "winscard"; it must be "socket".*or "library"/);
    } finally {
      if (saved === undefined) delete process.env.EKYC_PCSC;
      else process.env.EKYC_PCSC = saved;
    }
  });

  it('exits 0 with "signed by UT, chain valid" for a genuine chip', async () => {
    const r = await run(opener(doc), '--mrz-keys', KEYS_ARG, '--csca', csca);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Simulated reader: chip read over BAC in \d+ ms; signed by UT, chain valid/);
    expect(r.out).toContain(SPECIMEN_TD3[1]);
    expect(r.out).toMatch(/chip photo: jpeg 240x320/);
    expect(r.err).toMatch(/EF\.DG2: \d+ bytes/);
  });

  it('prints JSON with --json', async () => {
    const r = await run(opener(doc), '--reader', 'Desk', '--mrz-keys', KEYS_ARG, '--csca', csca, '--json');
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ reader: 'Desk', mrzLines: SPECIMEN_TD3, printedZone: 'not-compared', passiveAuth: { status: 'valid', country: 'UT' } });
  });

  it('exits 1 with "data altered" for a rewritten DG1', async () => {
    const forged = { ...doc, dg1: dg1([SPECIMEN_TD3[0].replace('ANNA', 'ANNE'), SPECIMEN_TD3[1]]) };
    const r = await run(opener(forged), '--mrz-keys', KEYS_ARG, '--csca', csca);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/data altered/);
    expect(r.out).toMatch(/DG1 ALTERED/);
  });

  it('exits 2 with "signer not trusted" when no CSCA vouches for the signer', async () => {
    const r = await run(opener(doc), '--mrz-keys', KEYS_ARG);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/signer not trusted \(no CSCA trust list installed\)/);
  });

  it('with --document takes the keys from the printed zone and finds DG1 equal to it', async () => {
    const image = path.join(work, 'passport.png');
    writeFileSync(image, await syntheticDocumentPng({ lines: SPECIMEN_TD3 }));
    const r = await run(opener(doc), '--document', image, '--csca', csca, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ printedZone: 'match', passiveAuth: { status: 'valid' } });
  });

  it('exits 1 when the printed zone was changed but the chip was not (a tampering flag)', async () => {
    // The page reprinted with another name; the chip keeps the issuer's.
    const printed = [SPECIMEN_TD3[0].replace('ERIKSSON<<ANNA', 'ERIKSSEN<<ANNA'), SPECIMEN_TD3[1]];
    const image = path.join(work, 'reprinted.png');
    writeFileSync(image, await syntheticDocumentPng({ lines: printed }));
    const r = await run(opener(doc), '--document', image, '--csca', csca);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/signed by UT, chain valid/);
    expect(r.out).toMatch(/DG1 DIFFERS from the printed zone/);
  });

  it('refuses malformed keys before touching a reader', async () => {
    const never: CardOpener = async () => {
      throw new Error('the reader must not be opened');
    };
    await expect(run(never, '--mrz-keys', 'L898902C3,740812')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(run(never, '--mrz-keys', 'L898902C3,1974-08-12,120415')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(run(never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/one of --mrz-keys, --document or --can/) });
    await expect(run(never, '--can', '123456', '--bac')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/--bac/) });
    await expect(run(never, '--can', '12345')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/six digits/) });
    expect(parseMrzKeys(' l898902c3 , 740812,120415')).toEqual({ documentNumber: 'L898902C3', birthDate: '740812', expiryDate: '120415' });
  });
});
