/**
 * The station holds the portrait's apparent age against the zone's birth date, in the background
 * from the zone's reading to the session's end: a card whose zone makes the holder decades older
 * or younger than the photo looks (a swapped photo, or an altered date with its check digits
 * recomputed) is finished with a flagged reason; a genuine card with a passed one. Cards drawn by
 * code around a real portrait, read by the real models.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MrzReader } from '../../../src/main/document/mrz-reader';
import { ApparentAgeEstimator } from '../../../src/main/vision/apparent-age';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { drawCardBack, drawCardFront, td1Lines, VALID_CARD_HOLDER, type CardHolder } from '../../e2e/id-card-fixtures';
import { describeWithFacedata, facedata } from '../../helpers/paths';
import { valueOf } from '../../helpers/ipc-replies';
import { scannedCard } from '../../helpers/scanned-card';

jest.setTimeout(180_000);

let analyzer: FaceAnalyzer;
let mrz: MrzReader;
let ages: ApparentAgeEstimator;
let workDir: string;

beforeAll(async () => {
  [analyzer, mrz, ages] = await Promise.all([FaceAnalyzer.create(), MrzReader.create(), ApparentAgeEstimator.create()]);
  workDir = mkdtempSync(join(tmpdir(), 'ekyc-age-'));
});
afterAll(async () => {
  ages?.dispose();
  await Promise.all([analyzer?.dispose(), mrz?.dispose()]);
  rmSync(workDir, { recursive: true, force: true });
});

describeWithFacedata('the portrait\'s apparent age against the zone\'s birth date, at the end of the session', () => {
  let front: Buffer;
  const finished = async (zoneHolder: CardHolder, withAges = true) => {
    const invoke = await scannedCard(front, await drawCardBack(td1Lines(zoneHolder)), workDir, {
      faceEngine: async () => analyzer, mrzEngine: async () => mrz, ...(withAges ? { ageEngine: async () => ages } : {}),
    });
    return valueOf(await invoke('session:finish', {}));
  };
  beforeAll(async () => {
    // A man in his late forties, on a card whose holder was born in 1974.
    front = await drawCardFront(readFileSync(facedata('verification', 'obama_2.jpg')), VALID_CARD_HOLDER);
  });

  it('passes a genuine card, not flagged', async () => {
    const record = await finished(VALID_CARD_HOLDER);
    expect(record.document.portraitAge).toEqual({ status: 'consistent' });
    expect(record.reasons).toContainEqual({ code: 'portrait-age', passed: true, message: 'the portrait looks as old as the zone\'s birth date allows', text: expect.anything() });
  });

  it('flags a zone that makes the holder decades older than the photo looks', async () => {
    const record = await finished({ ...VALID_CARD_HOLDER, birthDate: '1932-08-12' });
    expect(record.document.portraitAge).toMatchObject({ status: 'differs', looks: 'younger' });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'portrait-age', passed: true, flagged: true, message: expect.stringMatching(/^the portrait looks about \d+ years younger than the zone's birth date allows/) }));
    // The record keeps how far outside and which way, never the apparent age.
    expect(Object.keys(record.document.portraitAge!).sort()).toEqual(['looks', 'status', 'years']);
  });

  it('flags a zone that makes the holder a child', async () => {
    const record = await finished({ ...VALID_CARD_HOLDER, birthDate: '2014-08-12' });
    expect(record.document.portraitAge).toMatchObject({ status: 'differs', looks: 'older' });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'portrait-age', flagged: true, message: expect.stringMatching(/^the portrait looks about \d+ years older than/) }));
  });

  it('says plainly that the age was not compared when the station has no age model, and still finishes', async () => {
    const record = await finished(VALID_CARD_HOLDER, false);
    expect(record.document.portraitAge).toEqual({ status: 'not-judged', problem: expect.stringMatching(/no apparent-age model installed/) });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'portrait-age', passed: true, message: expect.stringMatching(/^the portrait's age was not compared with the birth date \(/) }));
  });
});
