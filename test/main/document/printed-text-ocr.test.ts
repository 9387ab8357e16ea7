/**
 * The visual zone's OCR (MrzReader.readPrintedLines, printed-text-ocr.ts) on real pixels: a card
 * drawn by code, turned as a scan may come, and ICAO's specimen passport; the dates it reads
 * confirm a genuine zone and catch one whose date was altered with its check digits recomputed.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { decodeDocumentImage, type GreyImage } from '../../../src/main/document/document-image';
import { MrzReader } from '../../../src/main/document/mrz-reader';
import { checkPrintedDates } from '../../../src/main/document/printed-dates';
import { checkPrintedSex } from '../../../src/main/document/printed-sex';
import { EkycError } from '../../../src/shared/errors';
import { drawCardFront, VALID_CARD_HOLDER } from '../../e2e/id-card-fixtures';
import { announceSkip, facedata } from '../../helpers/paths';

jest.setTimeout(120_000);

let reader: MrzReader;
let front: GreyImage;

async function grey(bytes: Buffer, rotate = 0): Promise<GreyImage> {
  const { data, info } = await sharp(bytes).rotate(rotate).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

beforeAll(async () => {
  reader = await MrzReader.create();
  // The portrait plays no part in reading the dates: a plain patch stands in for it.
  const portrait = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#a08070' } }).png().toBuffer();
  front = await grey(await drawCardFront(portrait, VALID_CARD_HOLDER));
});
afterAll(async () => {
  await reader?.dispose();
});

const ZONE = { birthDate: VALID_CARD_HOLDER.birthDate, expirationDate: VALID_CARD_HOLDER.expirationDate };

describe('the printed dates of a card front drawn by code (birth 12 08 1974, expiry 15 04 2034)', () => {
  let lines: Awaited<ReturnType<MrzReader['readPrintedLines']>>;
  beforeAll(async () => {
    lines = await reader.readPrintedLines([{ image: front, rotation: 0 }]);
  });

  it('reads both printed dates, each line by both recognisers', () => {
    expect(lines.map((l) => l.tesseract)).toEqual(expect.arrayContaining(['12 08 1974', '15 04 2034']));
    expect(lines.every((l) => typeof l.paddle === 'string')).toBe(true);
  });

  it('confirms the genuine zone\'s birth date and expiry', () => {
    expect(checkPrintedDates(ZONE, lines)).toMatchObject({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' } });
  });

  it('catches a zone whose birth year was changed (the holder made ten years older)', () => {
    expect(checkPrintedDates({ ...ZONE, birthDate: '1964-08-12' }, lines).birthDate).toEqual({ status: 'differs', part: 'year' });
  });

  it('catches a zone whose expiry month was pushed back', () => {
    expect(checkPrintedDates({ ...ZONE, expirationDate: '2034-10-15' }, lines).expirationDate).toEqual({ status: 'differs', part: 'month' });
  });
});

it('reads a front scanned upside down once told its rotation (the portrait\'s, or the zone\'s)', async () => {
  const portrait = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#a08070' } }).png().toBuffer();
  const upsideDown = await grey(await drawCardFront(portrait, VALID_CARD_HOLDER), 180);
  const lines = await reader.readPrintedLines([{ image: upsideDown, rotation: 180 }]);
  expect(checkPrintedDates(ZONE, lines)).toMatchObject({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' } });
});

it('refuses to read once the reader is shut down, with a clear error, instead of using a released model', async () => {
  const shortLived = await MrzReader.create();
  const reading = shortLived.readPrintedLines([{ image: front, rotation: 0 }]);
  // Shutting down waits for the read in flight, which completes.
  await shortLived.dispose();
  await expect(reading).resolves.toEqual(expect.any(Array));
  const late = shortLived.readPrintedLines([{ image: front, rotation: 0 }]);
  await expect(late).rejects.toBeInstanceOf(EkycError);
  await expect(late).rejects.toMatchObject({ code: 'MODEL_FAILED', message: expect.stringMatching(/shut down/) });
});

const SPECIMEN = facedata('idcards', 'passport-td3.jpg');
(existsSync(SPECIMEN) ? describe : describe.skip)('ICAO 9303\'s specimen passport (../shared/facedata/idcards/passport-td3.jpg)', () => {
  if (!existsSync(SPECIMEN)) announceSkip('the specimen passport\'s printed dates', `${path.relative(process.cwd(), SPECIMEN)} is not present`);

  it('confirms the zone\'s dates against "12 AUGUST/AOUT 74" and "15 APR/AVR 12", and flags either shifted by ten years', async () => {
    const image = await decodeDocumentImage(SPECIMEN);
    const zone = await reader.readImage(image, 'passport-td3.jpg');
    const lines = await reader.readPrintedLines([{ image, rotation: zone.rotation }]);
    const { birthDate, expirationDate } = zone.mrz.fields;
    expect(birthDate).toBe('1974-08-12');
    expect(checkPrintedDates({ birthDate, expirationDate }, lines)).toEqual({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 });
    expect(checkPrintedDates({ birthDate: '1984-08-12', expirationDate }, lines).birthDate).toEqual({ status: 'differs', part: 'year' });
    expect(checkPrintedDates({ birthDate, expirationDate: '2022-04-15' }, lines).expirationDate).toEqual({ status: 'differs', part: 'year' });
    // Tesseract finds no line under "Sex/ Sexe" on this copy: PP-OCR reads the area and confirms
    // the F, but its reading alone cannot make M differ.
    expect(lines.some((l) => l.tesseract === '' && l.paddle === 'F')).toBe(true);
    expect(checkPrintedSex('F', lines)).toEqual({ status: 'matches' });
    expect(checkPrintedSex('M', lines)).toEqual({ status: 'not-read' });
  });
});
