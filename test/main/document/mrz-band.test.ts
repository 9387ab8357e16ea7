/** Finding the zone by its shape, before any OCR. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeDocumentImage } from '../../../src/main/document/document-image';
import { locateMrzBands } from '../../../src/main/document/mrz-band';
import type { MrzBand } from '../../../src/main/document/mrz-band';
import { syntheticDocumentPng } from './synthetic-document';
import type { SyntheticDocumentOptions } from './synthetic-document';

const work = mkdtempSync(path.join(tmpdir(), 'ekyc-mrz-band-'));
// The German MRV-B visa specimen's zone and the German residence permit's (TD1).
const MRVB = ['VBD<<DEDIC<<SIDNAN<<<<<<<<<<<<<<<<<<', 'D091740530BOS8201308M9708011<2020711'];
const TD1 = ['ARD<<Y701001V51<<<<<<<<<<<<<<<', '7611027M1609189IND<<<<<<<<<<<2', 'SINGH<<JASIN<ALI<<<<<<<<<<<<<<'];

async function bestBand(name: string, options: SyntheticDocumentOptions): Promise<MrzBand> {
  const file = path.join(work, `${name}.jpg`);
  writeFileSync(file, await syntheticDocumentPng({ fontPx: 20, ...options }));
  const bands = locateMrzBands(await decodeDocumentImage(file));
  expect(bands.length).toBeGreaterThan(0);
  return bands[0];
}

/** Each row spans the zone's longest row (a row cut in two would span about half). */
function expectWholeRows(band: MrzBand, count: number): void {
  expect(band.rows).toHaveLength(count);
  const extents = band.rows.map((r) => r.uMax - r.uMin);
  for (const extent of extents) expect(extent).toBeGreaterThan(0.95 * Math.max(...extents));
}

describe('locateMrzBands', () => {
  it('finds a visa zone whose lines are 3.5 glyph heights apart and whose fillers are under hatched security print', async () => {
    const band = await bestBand('visa', { lines: MRVB, linePitch: 2.6, hatchOverZone: true });
    expectWholeRows(band, 2);
    for (const row of band.rows) expect(row.glyphs).toBeGreaterThanOrEqual(33);
  });

  it('takes the three zone lines, not a short line of the same font just above them', async () => {
    const band = await bestBand('permit', { lines: TD1, lineAboveZone: '<Y701001V5<<<<<<<' });
    expectWholeRows(band, 3);
    for (const row of band.rows) expect(row.glyphs).toBe(30);
  });

  it('finds a card zone as before: three rows of 30 glyphs', async () => {
    const band = await bestBand('card', { lines: TD1, rotateDeg: -4 });
    expectWholeRows(band, 3);
  });
});
