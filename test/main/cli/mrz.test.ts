import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/main/cli/ekyc';
import type { CliIO } from '../../../src/main/cli/cli-io';
import { pngHeaderOnly, syntheticDocumentPng } from '../document/synthetic-document';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const idcards = path.resolve(repoRoot, '..', 'shared', 'facedata', 'idcards');
const work = mkdtempSync(path.join(tmpdir(), 'ekyc-cli-mrz-'));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } };
  const code = await main(['mrz', ...argv], io);
  return { code, out, err };
}

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

describe('ekyc mrz', () => {
  it('exits 0 and prints the zone as JSON when every check digit holds', async () => {
    const file = path.join(work, 'passport.jpg');
    writeFileSync(file, await syntheticDocumentPng({ lines: TD3, rotateDeg: 3, blurSigma: 0.8 }));
    const { code, out } = await run(file, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json).sort()).toEqual(['mrz', 'rotation', 'timingsMs']);
    expect(json.mrz.format).toBe('TD3');
    expect(json.mrz.lines).toEqual(TD3);
    expect(json.mrz.fields).toMatchObject({ documentNumber: 'L898902C3', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', birthDate: '1974-08-12', expirationDate: '2012-04-15', sex: 'F' });
    expect(json.mrz.checks).toEqual({ documentNumber: true, birthDate: true, expirationDate: true, personalNumber: true, composite: true });
    expect(json.mrz.valid).toBe(true);
    expect(json.mrz.expired).toBe(true);
    expect(json.rotation).toBe(0);
    expect(json.timingsMs.total).toBeGreaterThan(0);
  });

  it('exits 1 and names the failing check when a digit was altered', async () => {
    // The birth date says 1974-08-13 but its check digit is still the one for the 12th.
    const altered = [TD3[0], TD3[1].replace('7408122', '7408132')];
    const file = path.join(work, 'altered.jpg');
    writeFileSync(file, await syntheticDocumentPng({ lines: altered }));
    const { code, out } = await run(file);
    expect(code).toBe(1);
    expect(out).toMatch(/check digit\(s\) fail: birth date, composite/);
  });

  it('exits 2 with the reason when the image has no zone', async () => {
    const { code, err } = await run(path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo/sample1.jpg'));
    expect(code).toBe(2);
    expect(err).toMatch(/no machine-readable zone could be read .*\[NO_MRZ\]/);
  });

  it('exits 2 on a truncated file and on a huge image, naming the file', async () => {
    const truncated = path.join(work, 'cut.jpg');
    writeFileSync(truncated, (await syntheticDocumentPng({ lines: TD3 })).subarray(0, 3000));
    const cut = await run(truncated);
    expect(cut.code).toBe(2);
    expect(cut.err).toMatch(/cut\.jpg is truncated.*\[IMAGE_TRUNCATED\]/);

    const huge = path.join(work, 'huge.png');
    writeFileSync(huge, pngHeaderOnly(20000, 20000));
    const big = await run(huge);
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/huge\.png .*megapixel limit.*\[IMAGE_TOO_LARGE\]/);
  });

  it('exits 2 on a usage error', async () => {
    const { code, err } = await run();
    expect(code).toBe(2);
    expect(err).toMatch(/give exactly one DOC_IMAGE/);
  });

  (existsSync(idcards) ? it : it.skip)('reads the ICAO specimen passport photo (skipped when shared/facedata is absent)', async () => {
    const { code, out } = await run(path.join(idcards, '100_pass-uto.jpg'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).mrz.fields.documentNumber).toBe('L898902C3');
  });
});
