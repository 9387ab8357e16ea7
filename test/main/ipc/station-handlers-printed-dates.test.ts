/**
 * The station holds the zone's dates and sex against those printed on the card, in the
 * background from the zone's reading to the session's end: a card whose zone was altered
 * (another birth year or sex, every check digit recomputed, so the zone itself validates) is
 * finished with the printed field flagged as differing; a genuine card with all three confirmed. Cards drawn by
 * code around a real portrait, read by the real models.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MrzReader } from '../../../src/main/document/mrz-reader';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { drawCardBack, drawCardFront, td1Lines, VALID_CARD_HOLDER } from '../../e2e/id-card-fixtures';
import { describeWithFacedata, facedata } from '../../helpers/paths';
import { valueOf } from '../../helpers/ipc-replies';
import { scannedCard, type Invoke } from '../../helpers/scanned-card';

jest.setTimeout(180_000);

let analyzer: FaceAnalyzer;
let mrz: MrzReader;
let workDir: string;

beforeAll(async () => {
  [analyzer, mrz] = await Promise.all([FaceAnalyzer.create(), MrzReader.create()]);
  workDir = mkdtempSync(join(tmpdir(), 'ekyc-printed-'));
});
afterAll(async () => {
  await Promise.all([analyzer?.dispose(), mrz?.dispose()]);
  rmSync(workDir, { recursive: true, force: true });
});

/** A station with the card's front analysed and its back's zone read, as the ID page does it. */
function scanned(front: Buffer, back: Buffer, mrzEngine: Pick<MrzReader, 'readImage' | 'assessFrame'> & Partial<Pick<MrzReader, 'readPrintedLines'>> = mrz): Promise<Invoke> {
  return scannedCard(front, back, workDir, { faceEngine: async () => analyzer, mrzEngine: async () => mrzEngine as MrzReader });
}

describeWithFacedata('the printed dates and sex against the zone, at the end of the session', () => {
  let front: Buffer;
  beforeAll(async () => {
    front = await drawCardFront(readFileSync(facedata('verification', 'obama_2.jpg')), VALID_CARD_HOLDER);
  });

  it('confirms both dates and the sex of a genuine card, as a passed reason that is not flagged', async () => {
    const invoke = await scanned(front, await drawCardBack(td1Lines(VALID_CARD_HOLDER)));
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.document.printedDates).toMatchObject({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' } });
    expect(record.document.printedSex).toEqual({ status: 'matches' });
    const printed = record.reasons.filter((r) => r.code === 'document-printed');
    expect(printed).toEqual([expect.objectContaining({ passed: true, message: 'the document prints the same birth date, expiry date and sex as its zone' })]);
    expect(printed[0].flagged).toBeUndefined();
  });

  it('flags a card whose zone gives another birth year than the front prints, though every check digit holds', async () => {
    const tampered = { ...VALID_CARD_HOLDER, birthDate: '1964-08-12' };
    const invoke = await scanned(front, await drawCardBack(td1Lines(tampered)));
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.document.printedDates).toMatchObject({ birthDate: { status: 'differs', part: 'year' }, expirationDate: { status: 'matches' } });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-printed', passed: true, flagged: true, message: expect.stringMatching(/^the birth date printed on the document differs from the zone's in its year/) }));
    // The record says which part differs, never the dates themselves.
    expect(JSON.stringify(record.document.printedDates)).not.toMatch(/19[67]4|12 08/);
  });

  it('flags a card whose zone gives the other sex than the front prints (no check digit covers it)', async () => {
    const invoke = await scanned(front, await drawCardBack(td1Lines({ ...VALID_CARD_HOLDER, sex: 'F' })));
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.document.printedSex).toEqual({ status: 'differs' });
    expect(record.document.printedDates).toMatchObject({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' } });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-printed', passed: true, flagged: true, message: expect.stringMatching(/^the sex printed on the document differs from the zone's/) }));
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-printed', message: 'the document prints the same birth date and expiry date as its zone' }));
  });

  it('reads the front and the last back whose zone was read, not a back read before it', async () => {
    const pagesRead: number[] = [];
    const counting = { readImage: mrz.readImage.bind(mrz), assessFrame: mrz.assessFrame.bind(mrz), readPrintedLines: (pages: Parameters<MrzReader['readPrintedLines']>[0]) => {
      pagesRead.push(pages.length);
      return mrz.readPrintedLines(pages);
    } };
    const invoke = await scanned(front, await drawCardBack(td1Lines({ ...VALID_CARD_HOLDER, birthDate: '1964-08-12' })), counting);
    // The operator reads the back again (here the same file, opened anew: another handle).
    const again = valueOf(await invoke('id:open-file', { preview: false }));
    if (again.canceled) throw new Error('the back was not opened again');
    valueOf(await invoke('document:read-mrz', { documentId: again.document.documentId }));
    const record = valueOf(await invoke('session:finish', {}));
    expect(pagesRead).toEqual([2, 2]);
    expect(record.document.printedDates).toMatchObject({ birthDate: { status: 'differs', part: 'year' } });
  });

  it('says plainly, flagged, when the printed text could not be read at all, and still finishes the session', async () => {
    const failing = { readImage: mrz.readImage.bind(mrz), assessFrame: mrz.assessFrame.bind(mrz), readPrintedLines: async () => { throw new Error('the OCR worker crashed'); } };
    const invoke = await scanned(front, await drawCardBack(td1Lines(VALID_CARD_HOLDER)), failing);
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.document.printedDates).toMatchObject({ datesRead: 0, problem: 'the printed text could not be read: the OCR worker crashed' });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-printed', passed: true, flagged: true, message: expect.stringMatching(/could not be checked \(the printed text could not be read: the OCR worker crashed\)/) }));
  });
});
