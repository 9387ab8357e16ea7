import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertFiguresOnly, keepRecord } from '../../../src/main/records/record-keeper';
import type { SessionRecord } from '../../../src/shared/verdict';

const record: SessionRecord = {
  schema: 'ekyc-session/1', sessionId: 'abc-123', startedAt: '2025-01-01T10:00:00.000Z', finishedAt: '2025-01-01T10:01:00.000Z', verdict: 'verified',
  reasons: [{ code: 'face-match', passed: true, message: 'live face matches', value: 0.71, threshold: 0.5 }],
  document: { portraitFound: true, portraitScore: 0.99, mrz: null },
  faceMatch: { similarity: 0.71, threshold: 0.5, match: true, attempts: 1 },
  liveness: { challenges: [{ challenge: 'smile', passed: true, durationMs: 900 }], identity: { checks: 2, matched: 2, mismatched: 0, minSimilarity: 0.9, threshold: 0.5, changed: false } },
} as SessionRecord;

describe('keepRecord', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ekyc-records-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes nothing when retention is off', async () => {
    expect(await keepRecord(record, { enabled: false, folder: dir })).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes the record to the chosen folder when retention is on, never over an older one', async () => {
    const file = await keepRecord(record, { enabled: true, folder: dir });
    expect(file).toBe(join(dir, 'ekyc-session-abc-123.json'));
    expect(JSON.parse(readFileSync(file!, 'utf8'))).toEqual(record);
    await expect(keepRecord(record, { enabled: true, folder: dir })).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', message: expect.stringMatching(/check the records folder/) });
  });

  it('says so when the folder is gone', async () => {
    await expect(keepRecord(record, { enabled: true, folder: join(dir, 'gone') })).rejects.toMatchObject({ code: 'FILE_UNWRITABLE' });
  });
});

describe('assertFiguresOnly', () => {
  it('accepts a record of figures', () => {
    expect(() => assertFiguresOnly(record)).not.toThrow();
  });

  it.each([
    [{ ...record, selfie: new Uint8Array(10) }, /record.selfie holds binary data/],
    [{ ...record, embedding: Array.from({ length: 512 }, () => 0.1) }, /record.embedding holds 512 numbers/],
    [{ ...record, photo: `data:image/jpeg;base64,${'A'.repeat(40)}` }, /record.photo holds a .* text that may be an image/],
    [{ ...record, blob: 'x'.repeat(5000) }, /record.blob holds a 5000-character text/],
  ])('refuses a record carrying %#', (bad, message) => {
    expect(() => assertFiguresOnly(bad)).toThrow(message);
  });
});
