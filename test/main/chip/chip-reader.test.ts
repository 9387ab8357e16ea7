import { X509Certificate } from 'node:crypto';
import { compareWithPrintedZone, decodeChipFace, mrzKeysFromLines, readChip } from '../../../src/main/chip/chip-reader';
import { EF, type ReadProgress } from '../../../src/main/chip/files';
import { parseCom, parseDg1, parseDg2 } from '../../../src/main/chip/lds';
import { CscaTrustStore } from '../../../src/main/chip/trust-store';
import { dg1, dg2, facialRecord, SPECIMEN_TD3, testDocument, type TestDocument } from '../../helpers/emrtd';
import { j2kCodestream, jp2File } from '../../helpers/jpeg2000';
import { SimulatedEmrtd, type SimulatedChipOptions } from '../../helpers/simulated-emrtd';

const KEYS = mrzKeysFromLines(SPECIMEN_TD3);

function chip(doc: TestDocument, extra: Partial<SimulatedChipOptions> = {}): SimulatedEmrtd {
  const files = new Map([[EF.COM, doc.com], [EF.DG1, doc.dg1], [EF.DG2, doc.dg2], [EF.SOD, doc.sod]]);
  return new SimulatedEmrtd({ keys: KEYS, files, ...extra });
}

describe('LDS parsing', () => {
  let doc: TestDocument;
  beforeAll(async () => {
    doc = await testDocument();
  });

  it('reads EF.COM\'s data group list, DG1\'s lines and DG2\'s JPEG', async () => {
    expect(parseCom(doc.com)).toEqual({ ldsVersion: '0107', unicodeVersion: '040000', dataGroups: [1, 2] });
    expect(parseDg1(doc.dg1)).toEqual(SPECIMEN_TD3);
    const [face] = parseDg2(doc.dg2);
    expect(face).toMatchObject({ format: 'jpeg', width: 240, height: 320 });
    expect(face.data.equals(doc.jpeg)).toBe(true);
    expect(await decodeChipFace(face)).toEqual({ width: 240, height: 320 });
  });

  it('decodes a JPEG 2000 photo (JP2, as many passports store it), and names a damaged one', async () => {
    const rgb = new Uint8Array(300 * 400 * 3).map((_, i) => (i * 7) % 256);
    const jp2 = jp2File(await j2kCodestream(rgb, 300, 400, 3), 300, 400, 3);
    const [face] = parseDg2(dg2(facialRecord(jp2, 1, 300, 400)));
    expect(face.format).toBe('jpeg2000');
    expect(await decodeChipFace(face)).toEqual({ width: 300, height: 400 });
    const [cut] = parseDg2(dg2(facialRecord(jp2.subarray(0, jp2.length >> 1), 1, 300, 400)));
    await expect(decodeChipFace(cut)).rejects.toMatchObject({ code: 'IMAGE_TRUNCATED', message: expect.stringMatching(/^the chip photo is JPEG 2000 but its image data is cut/) });
  });

  it('refuses a facial record whose type disagrees with its bytes', () => {
    expect(() => parseDg2(dg2(facialRecord(doc.jpeg, 1, 240, 320)))).toThrow(/declares image type 1/);
  });

  it('refuses a DG2 whose lengths run past its end', () => {
    const cut = Buffer.from(doc.dg2.subarray(0, doc.dg2.length - 10));
    expect(() => parseDg2(cut)).toThrow(expect.objectContaining({ code: 'CHIP_PROTOCOL' }));
  });

  it('takes BAC keys from TD1 and TD3 zones, long TD1 document numbers included', () => {
    expect(mrzKeysFromLines(SPECIMEN_TD3)).toEqual({ documentNumber: 'L898902C3', birthDate: '740812', expiryDate: '120415' });
    const td1 = ['I<UTOD23145890<7349<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
    expect(mrzKeysFromLines(td1)).toEqual({ documentNumber: 'D23145890734', birthDate: '740812', expiryDate: '120415' });
  });

  it('compares DG1 with the printed zone character for character', () => {
    expect(compareWithPrintedZone(SPECIMEN_TD3, SPECIMEN_TD3)).toBe('match');
    expect(compareWithPrintedZone(SPECIMEN_TD3, [SPECIMEN_TD3[0], SPECIMEN_TD3[1].replace('F', 'M')])).toBe('mismatch');
    expect(compareWithPrintedZone(SPECIMEN_TD3, undefined)).toBe('not-compared');
  });
});

describe('a full read of a simulated chip', () => {
  let doc: TestDocument;
  let trust: CscaTrustStore;
  beforeAll(async () => {
    doc = await testDocument({ country: 'UT' });
    trust = new CscaTrustStore([new X509Certificate(doc.cscaCert)]);
  });

  it('opens it with BAC, reads DG1 and DG2 in chunks and verifies them', async () => {
    const progress: ReadProgress[] = [];
    const read = await readChip(chip(doc), KEYS, { trust, printedZone: SPECIMEN_TD3, onProgress: (p) => progress.push(p) });
    expect(read.summary).toMatchObject({
      accessControl: 'BAC',
      dataGroupsPresent: [1, 2],
      mrzLines: SPECIMEN_TD3,
      printedZone: 'match',
      face: { format: 'jpeg', width: 240, height: 320, decoded: true },
      passiveAuth: { status: 'valid', summary: 'signed by UT, chain valid' },
    });
    expect(read.face!.data.equals(doc.jpeg)).toBe(true);
    const dg2Steps = progress.filter((p) => p.file === 'DG2');
    expect(dg2Steps.length).toBe(1 + Math.ceil((doc.dg2.length - 6) / 0xdf));
    expect(dg2Steps.at(-1)).toEqual({ file: 'DG2', read: doc.dg2.length, total: doc.dg2.length });
  });

  it('copes with a chip that serves fewer bytes than asked', async () => {
    const read = await readChip(chip(doc, { maxRead: 100 }), KEYS, { trust });
    expect(read.files.DG2!.equals(doc.dg2)).toBe(true);
  });

  it('flags a chip whose DG1 differs from the printed zone', async () => {
    const printed = [SPECIMEN_TD3[0].replace('ANNA', 'ANNE'), SPECIMEN_TD3[1]];
    const read = await readChip(chip(doc), KEYS, { trust, printedZone: printed });
    expect(read.summary.printedZone).toBe('mismatch');
    expect(read.summary.passiveAuth.status).toBe('valid');
  });

  it('says "data altered" for a chip whose DG1 was rewritten after signing', async () => {
    const forged = { ...doc, dg1: dg1([SPECIMEN_TD3[0].replace('ANNA', 'ANNE'), SPECIMEN_TD3[1]]) };
    const read = await readChip(chip(forged), KEYS, { trust });
    expect(read.summary.passiveAuth).toMatchObject({ status: 'altered', summary: 'data altered' });
  });

  it('names wrong MRZ keys', async () => {
    await expect(readChip(chip(doc), { ...KEYS, birthDate: '740813' }, { trust })).rejects.toMatchObject({ code: 'CHIP_ACCESS_DENIED' });
  });

  it('names a card removed mid-read', async () => {
    await expect(readChip(chip(doc, { removeAfter: 12 }), KEYS, { trust })).rejects.toMatchObject({ code: 'CHIP_REMOVED' });
  });

  it('times out on a chip that stops answering mid-read, never hangs', async () => {
    await expect(readChip(chip(doc, { silentAfter: 10 }), KEYS, { trust, apduTimeoutMs: 100 })).rejects.toMatchObject({ code: 'CHIP_TIMEOUT' });
  });

  it('refuses a response altered between chip and reader', async () => {
    const tamper = (r: Buffer, n: number) => {
      if (n !== 9) return r;
      const t = Buffer.from(r);
      t[4] ^= 0x01;
      return t;
    };
    await expect(readChip(chip(doc, { tamper }), KEYS, { trust })).rejects.toMatchObject({ code: 'CHIP_PROTOCOL', message: expect.stringMatching(/MAC/) });
  });

  it.each([[13, 'brainpoolP256r1'], [12, 'NIST P-256']] as const)('opens a PACE chip (curve %i, %s) with AES secure messaging', async (parameterId: 12 | 13, _curve: string) => {
    const card = chip(doc, { pace: { parameterId }, noBac: true });
    const read = await readChip(card, KEYS, { trust, printedZone: SPECIMEN_TD3 });
    expect(read.summary).toMatchObject({ accessControl: 'PACE', printedZone: 'match', passiveAuth: { status: 'valid' }, face: { decoded: true } });
    expect(read.files.DG2!.equals(doc.dg2)).toBe(true);
    // MSE:Set AT names id-PACE-ECDH-GM-AES-CBC-CMAC-128, the MRZ and the curve.
    expect(card.log[1]).toBe(`0022c1a412800a04007f000702020402028301018401${parameterId.toString(16).padStart(2, '0')}`);
  });

  it('names wrong MRZ keys under PACE', async () => {
    await expect(readChip(chip(doc, { pace: { parameterId: 13 }, noBac: true }), { ...KEYS, expiryDate: '120416' }, { trust })).rejects.toMatchObject({ code: 'CHIP_ACCESS_DENIED' });
  });

  it('says a PACE-only chip needs PACE when asked for BAC', async () => {
    await expect(readChip(chip(doc, { pace: { parameterId: 13 }, noBac: true }), KEYS, { trust, forceBac: true })).rejects.toMatchObject({ code: 'CHIP_PROTOCOL', message: expect.stringMatching(/PACE/) });
  });

  it('refuses an altered response under AES secure messaging', async () => {
    const tamper = (r: Buffer, n: number) => {
      if (n !== 9) return r;
      const t = Buffer.from(r);
      t[4] ^= 0x01;
      return t;
    };
    await expect(readChip(chip(doc, { pace: { parameterId: 13 }, tamper }), KEYS, { trust })).rejects.toMatchObject({ code: 'CHIP_PROTOCOL', message: expect.stringMatching(/MAC/) });
  });

  it('opens a PACE chip with the card access number', async () => {
    const card = chip(doc, { pace: { parameterId: 13 }, noBac: true, can: '123456' });
    const read = await readChip(card, { can: '123456' }, { trust });
    expect(read.summary).toMatchObject({ accessControl: 'PACE', passiveAuth: { status: 'valid' } });
    // Password reference 02: the CAN.
    expect(card.log[1]).toMatch(/^0022c1a412800a04007f0007020204020283010284010d$/);
    await expect(readChip(chip(doc, { pace: { parameterId: 13 }, noBac: true, can: '123456' }), { can: '654321' }, { trust })).rejects.toMatchObject({ code: 'CHIP_ACCESS_DENIED', message: expect.stringMatching(/CAN/) });
  });

  it('says a CAN cannot open a BAC-only chip', async () => {
    await expect(readChip(chip(doc), { can: '123456' }, { trust })).rejects.toMatchObject({ code: 'CHIP_ACCESS_DENIED', message: expect.stringMatching(/MRZ keys instead/) });
  });

  it('still verifies a chip whose photo it cannot read, and says why', async () => {
    const other = await testDocument({ country: 'UT', dg2Record: Buffer.from('an ISO 39794-5 record, say') });
    const read = await readChip(chip(other), KEYS, { trust: new CscaTrustStore([new X509Certificate(other.cscaCert)]) });
    expect(read.summary.face).toBeNull();
    expect(read.faceProblem).toMatch(/39794-5/);
    expect(read.summary.passiveAuth.status).toBe('valid');
  });
});
