import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { decodeDocumentBytes, decodeDocumentImage } from '../../../src/main/document/document-image';
import { locateMrzBands } from '../../../src/main/document/mrz-band';
import { cutBand, OCR_GLYPH_HEIGHT, resizeGrey, uprightRotation } from '../../../src/main/document/mrz-strip';
import { commonZoneLineLength, decodeZoneLine, PaddleMrzOcr, stripRows, zoneCharacterClasses } from '../../../src/main/document/paddle-mrz-ocr';
import { MRZ_CHARACTERS } from '../../../src/main/document/tesseract-mrz-ocr';
import type { GreyImage } from '../../../src/main/document/document-image';
import { defaultModelsDir } from '../../../src/main/models/model-files';
import { announceSkip } from '../../helpers/paths';
import { syntheticDocumentPng } from './synthetic-document';

const idcards = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'facedata', 'idcards');
const idcardsDev = path.resolve(idcards, '..', 'idcards-dev');

describe('stripRows', () => {
  it('finds each text row of a strip, widened by a quarter glyph height, and ignores specks', () => {
    const width = 100;
    const height = 140;
    const grey = new Uint8Array(width * height).fill(255);
    const ink = (top: number, bottom: number, from = 10, to = 90): void => {
      for (let y = top; y < bottom; y++) for (let x = from; x < to; x += 2) grey[y * width + x] = 0;
    };
    ink(20, 52);
    ink(70, 102);
    // A speck 4 px tall: not a row of 32 px glyphs.
    ink(120, 124, 10, 40);
    expect(stripRows(grey, width, height, 32)).toEqual([{ top: 12, bottom: 60 }, { top: 62, bottom: 110 }]);
  });

  it('finds no row on a blank strip', () => {
    expect(stripRows(new Uint8Array(50 * 50).fill(255), 50, 50, 32)).toEqual([]);
  });

  it('widens the same rows by another margin when asked, never past the strip', () => {
    const width = 100;
    const grey = new Uint8Array(width * 80).fill(255);
    for (let y = 10; y < 42; y++) for (let x = 10; x < 90; x += 2) grey[y * width + x] = 0;
    expect(stripRows(grey, width, 80, 32, 0.1)).toEqual([{ top: 7, bottom: 45 }]);
    expect(stripRows(grey, width, 80, 32, 0.6)).toEqual([{ top: 0, bottom: 61 }]);
  });
});

describe('commonZoneLineLength', () => {
  it('is the zone line length most rows were read with', () => {
    expect(commonZoneLineLength(['x'.repeat(30), 'x'.repeat(25), 'x'.repeat(30)])).toBe(30);
    expect(commonZoneLineLength(['x'.repeat(44), 'x'.repeat(43)])).toBe(44);
  });

  it('takes the longer of two lengths as often read, and none when no row has a zone length', () => {
    expect(commonZoneLineLength(['x'.repeat(36), 'x'.repeat(44)])).toBe(44);
    expect(commonZoneLineLength(['SCHENGENERSTAATEN', '0797886501'])).toBeUndefined();
  });
});

describe('zoneCharacterClasses', () => {
  it('gives each zone character the class of its line in the keys file, counting from 1', () => {
    const keys = ['x', ...MRZ_CHARACTERS].join('\n');
    expect(zoneCharacterClasses(keys)).toEqual([...MRZ_CHARACTERS].map((_, i) => i + 2));
  });

  it('refuses a keys file that lacks a zone character', () => {
    expect(() => zoneCharacterClasses('A\nB')).toThrow(/has no "C"/);
  });
});

describe('decodeZoneLine', () => {
  // Classes: 0 blank, 1 'A', 2 'B', 3 a character that is not in a zone ('$').
  const classes = [1, 2, ...Array.from({ length: MRZ_CHARACTERS.length - 2 }, () => 99)];
  const steps = (rows: number[][]): Float32Array => {
    const out = new Float32Array(rows.length * 100);
    rows.forEach((p, t) => p.forEach((v, c) => (out[t * 100 + c] = v)));
    return out;
  };

  it('merges repeats, drops blanks and keeps a doubled letter that a blank separates', () => {
    const probs = steps([[0.1, 0.9, 0], [0.1, 0.9, 0], [0.9, 0.1, 0], [0.2, 0.8, 0], [0, 0, 1]]);
    expect(decodeZoneLine(probs, 5, 100, classes)).toBe('AAB');
  });

  it('reads the likeliest zone character where a character outside the zone is likeliest', () => {
    const probs = steps([[0.1, 0.2, 0.3, 0.4]]);
    expect(decodeZoneLine(probs, 1, 100, classes)).toBe('B');
  });
});

describe('PaddleMrzOcr with the installed model', () => {
  let ocr: PaddleMrzOcr;
  beforeAll(async () => {
    ocr = await PaddleMrzOcr.load(defaultModelsDir());
  });
  afterAll(async () => {
    await ocr?.release();
  });

  async function readZone(image: GreyImage): Promise<string> {
    const scale = Math.min(1, 1200 / Math.max(image.width, image.height));
    const small = scale < 1 ? await resizeGrey(image, scale) : image;
    const [band] = locateMrzBands(small);
    const strip = await cutBand(image, band, scale, uprightRotation(band), 'grey');
    return ocr.read(strip, OCR_GLYPH_HEIGHT);
  }

  /** Characters to insert, delete or change to turn `a` into `b`. */
  function editDistance(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length];
  }

  // Drawn in DejaVu Sans Mono, not OCR-B: the model drops or confuses a character here and there
  // (the check-digit repair's work), so this asks for the rows and nearly all of their text.
  it('reads a drawn passport zone row by row, at most two characters off in a row', async () => {
    const lines = ['P<CZESPECIMEN<<VZOR<<<<<<<<<<<<<<<<<<<<<<<<<', '99003853<1CZE1101018M1207046110101111<<<<<94'];
    const image = await decodeDocumentBytes(await syntheticDocumentPng({ lines, blurSigma: 0.8 }), 'drawn passport');
    const rows = (await readZone(image)).split('\n');
    expect(rows).toHaveLength(2);
    rows.forEach((row, k) => expect(editDistance(row, lines[k])).toBeLessThanOrEqual(2));
  });

  // 9 px glyphs: with a quarter glyph height of margin line 2 reads `940401411061720E4128<44<2`
  // (25 characters); read again with more of its neighbours in view it has its 30.
  it('reads a row again with another margin when it is shorter than the zone\'s other rows (the Dutch residence permit)', async () => {
    const file = path.join(idcardsDev, 'arg0s_resident_cards_Netherland.png');
    if (!existsSync(file)) return announceSkip('PaddleMrzOcr on the Dutch residence permit', `${file} is absent (../shared/facedata is not on this machine)`);
    const rows = (await readZone(await decodeDocumentImage(file))).split('\n');
    expect(rows.map((r) => r.length)).toEqual([30, 30, 30]);
    expect(rows[1]).toBe('9404014F1106172CHE<1<28<<<<<<2');
  });

  it('reads a real passport specimen (idcards/100_pass-cze.jpg) exactly', async () => {
    const file = path.join(idcards, '100_pass-cze.jpg');
    if (!existsSync(file)) return announceSkip('PaddleMrzOcr on 100_pass-cze.jpg', `${file} is absent (../shared/facedata is not on this machine)`);
    expect((await readZone(await decodeDocumentImage(file))).split('\n')).toEqual([
      'P<CZESPECIMEN<<VZOR<<<<<<<<<<<<<<<<<<<<<<<<<',
      '99003853<1CZE1101018M1207046110101111<<<<<94',
    ]);
  });
});
