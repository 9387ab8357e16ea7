import { mkdtempSync, promises as fsPromises, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { assertFiguresOnly, keepRecord } from '../../../src/main/records/record-keeper';
import type { SessionRecord } from '../../../src/shared/verdict';
import { deadPid, fillDisk, mountTmpfs, tempOf, tmpfsUnavailable, unmountTmpfs } from '../../helpers/disk';

const record: SessionRecord = {
  schema: 'ekyc-session/1', sessionId: 'abc-123', startedAt: '2025-01-01T10:00:00.000Z', finishedAt: '2025-01-01T10:01:00.000Z', verdict: 'verified',
  reasons: [{ code: 'face-match', passed: true, message: 'live face matches', value: 0.71, threshold: 0.5 }],
  document: { portraitFound: true, portraitScore: 0.99, mrz: null },
  faceMatch: { similarity: 0.71, threshold: 0.5, match: true, attempts: 1 }, matchLockout: null,
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
    const again: SessionRecord = { ...record, verdict: 'rejected' };
    await expect(keepRecord(again, { enabled: true, folder: dir })).rejects.toMatchObject({ code: 'FILE_EXISTS', details: { file }, message: expect.stringMatching(/already exists and is never overwritten .*; check the records folder in Settings$/) });
    expect(JSON.parse(readFileSync(file!, 'utf8'))).toEqual(record);
    expect(readdirSync(dir)).toEqual(['ekyc-session-abc-123.json']);
  });

  it('says which folder is gone and what to do', async () => {
    const gone = join(dir, 'gone');
    await expect(keepRecord(record, { enabled: true, folder: gone })).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE',
      message: `the session record cannot be written to ${join(gone, 'ekyc-session-abc-123.json')}: the folder ${gone} does not exist (ENOENT); create it or choose another folder; check the records folder in Settings`,
    });
  });

  it("removes a crashed station's unfinished record files before writing, and nothing else", async () => {
    const dead = deadPid();
    const stale = tempOf(join(dir, 'ekyc-session-old.json'), dead);
    const staleSettings = tempOf(join(dir, 'settings.json'), dead);
    writeFileSync(stale, '{"schema":"ekyc-se');
    writeFileSync(staleSettings, '{');
    writeFileSync(join(dir, 'ekyc-session-kept.json'), '{}');
    writeFileSync(join(dir, 'notes.txt'), 'operator notes');
    await keepRecord(record, { enabled: true, folder: dir });
    expect(readdirSync(dir).sort()).toEqual([basename(staleSettings), 'ekyc-session-abc-123.json', 'ekyc-session-kept.json', 'notes.txt'].sort());
  });

  const fullDiskTitle = tmpfsUnavailable
    ? `on a full disk (mocked ENOSPC from fs.promises.writeFile: ${tmpfsUnavailable})`
    : 'on a full disk (a real 64 KiB tmpfs, filled up)';
  it(`${fullDiskTitle} fails with DISK_FULL naming the folder and leaves no file behind`, async () => {
    let folder = dir;
    let filler: string[] = [];
    if (tmpfsUnavailable) {
      const realWrite = fsPromises.writeFile;
      jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (path, data, options) => {
        await realWrite(path, String(data).slice(0, 10), options);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      });
    } else {
      folder = mountTmpfs(64);
      filler = [fillDisk(folder)];
    }
    try {
      const error = await keepRecord(record, { enabled: true, folder }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DISK_FULL', details: { errno: 'ENOSPC', file: join(folder, 'ekyc-session-abc-123.json') } });
      expect((error as Error).message).toBe(`the session record cannot be written to ${join(folder, 'ekyc-session-abc-123.json')}: the disk holding ${folder} is full (ENOSPC); free space on that disk, then try again; check the records folder in Settings`);
      expect(readdirSync(folder)).toEqual(filler);
    } finally {
      jest.restoreAllMocks();
      if (!tmpfsUnavailable) unmountTmpfs(folder);
    }
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
