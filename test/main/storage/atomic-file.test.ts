import { chmodSync, existsSync, mkdirSync, mkdtempSync, promises as fsPromises, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseTempFileName, STALE_TEMP_AGE_MS, sweepStaleTempFiles, tempFileFor, writeFileAtomic } from '../../../src/main/storage/atomic-file';
import { deadPid, fillDisk, mountTmpfs, tempOf, tmpfsUnavailable, unmountTmpfs } from '../../helpers/disk';
import { announceSkip } from '../../helpers/paths';

const errnoError = (code: string, syscall: string) => Object.assign(new Error(`${code}: mocked ${syscall}`), { code, syscall });

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ekyc-atomic-')); });
  afterEach(() => {
    jest.restoreAllMocks();
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a new file, replaces an existing one in one step, and leaves no temporary file', async () => {
    const file = join(dir, 'settings.json');
    await writeFileAtomic(file, '{"v":1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"v":1}\n');
    await writeFileAtomic(file, new TextEncoder().encode('{"v":2}\n'));
    expect(readFileSync(file, 'utf8')).toBe('{"v":2}\n');
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('writes through a unique temporary file in the same folder, named after the target', async () => {
    const seen: string[] = [];
    const realWrite = fsPromises.writeFile;
    jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (path, data, options) => {
      seen.push(String(path));
      return realWrite(path, data, options);
    });
    const file = join(dir, 'a.json');
    await Promise.all([writeFileAtomic(file, '1'), writeFileAtomic(file, '2'), writeFileAtomic(file, '3')]);
    expect(new Set(seen).size).toBe(3);
    for (const tmp of seen) {
      expect(join(tmp, '..')).toBe(dir);
      expect(parseTempFileName(basename(tmp))).toMatchObject({ target: 'a.json', pid: process.pid });
    }
    expect(['1', '2', '3']).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('with exclusive never replaces an existing file: FILE_EXISTS names it and nothing changes', async () => {
    const file = join(dir, 'ekyc-session-1.json');
    await writeFileAtomic(file, 'first', { exclusive: true });
    const error = await writeFileAtomic(file, 'second', { exclusive: true, label: 'the session record', hint: 'check the records folder in Settings' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_EXISTS', details: { file, errno: 'EEXIST' } });
    expect((error as Error).message).toBe(`the session record cannot be written to ${file}: ${file} already exists and is never overwritten (EEXIST); keep the existing file; nothing was changed; check the records folder in Settings`);
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['ekyc-session-1.json']);
  });

  it('with exclusive lets exactly one of many racing writers of the same name win (link() is atomic)', async () => {
    const file = join(dir, 'ekyc-session-race.json');
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => writeFileAtomic(file, `writer ${i}`, { exclusive: true })));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(11).fill('FILE_EXISTS'));
    expect(readFileSync(file, 'utf8')).toBe(`writer ${won[0]}`);
    expect(readdirSync(dir)).toEqual(['ekyc-session-race.json']);
  });

  it('with exclusive on a file system without hard links (link refused) still never replaces a file', async () => {
    jest.spyOn(fsPromises, 'link').mockRejectedValue(errnoError('EPERM', 'link'));
    const file = join(dir, 'r.json');
    await writeFileAtomic(file, 'first', { exclusive: true });
    expect(readFileSync(file, 'utf8')).toBe('first');
    await expect(writeFileAtomic(file, 'second', { exclusive: true })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('says the folder does not exist, and what to do, when it is missing', async () => {
    const missing = join(dir, 'gone');
    await expect(writeFileAtomic(join(missing, 'r.json'), 'x', { label: 'the session record' })).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE',
      message: `the session record cannot be written to ${join(missing, 'r.json')}: the folder ${missing} does not exist (ENOENT); create it or choose another folder`,
    });
  });

  it('with createFolder creates one missing folder, never a whole missing tree', async () => {
    await writeFileAtomic(join(dir, 'user-data', 'settings.json'), 'x', { createFolder: true });
    expect(readFileSync(join(dir, 'user-data', 'settings.json'), 'utf8')).toBe('x');
    const deep = join(dir, 'no', 'such', 'tree');
    await expect(writeFileAtomic(join(deep, 'settings.json'), 'x', { createFolder: true })).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE', message: expect.stringContaining(`the folder ${deep} is missing and so is the folder above it (ENOENT)`),
    });
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('says a folder stands where the file should be', async () => {
    mkdirSync(join(dir, 'settings.json'));
    await expect(writeFileAtomic(join(dir, 'settings.json'), 'x')).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE', message: expect.stringContaining(`${join(dir, 'settings.json')} is a folder, not a file`),
    });
    await expect(writeFileAtomic(join(dir, 'settings.json'), 'x', { exclusive: true })).rejects.toMatchObject({ message: expect.stringMatching(/is a folder, not a file/) });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('says part of the path is a file, not a folder', async () => {
    writeFileSync(join(dir, 'plain'), '');
    await expect(writeFileAtomic(join(dir, 'plain', 'r.json'), 'x')).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE', message: expect.stringContaining(`part of the path ${join(dir, 'plain')} is a file, not a folder (ENOTDIR); choose a folder`),
    });
  });

  it.each([
    ['EACCES', 'FILE_UNWRITABLE', /this user may not write in .* \(EACCES\); give the station's user write access to that folder/],
    ['EDQUOT', 'DISK_FULL', /disk quota on .* is used up \(EDQUOT\); free space or ask the administrator to raise the quota/],
    ['EIO', 'FILE_UNWRITABLE', /writing failed \(EIO: EIO: mocked write\); check the disk and the folder, then try again/],
  ])('maps %s from the write (mocked: root ignores permissions, quotas are not set up here) to %s and removes the partial file', async (errno, code, message) => {
    const realWrite = fsPromises.writeFile;
    jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (path, data, options) => {
      await realWrite(path, String(data).slice(0, 3), options);
      throw errnoError(errno, 'write');
    });
    const file = join(dir, 'r.json');
    await expect(writeFileAtomic(file, 'complete', { exclusive: true })).rejects.toMatchObject({ code, message: expect.stringMatching(message), details: { file, errno, step: 'write' } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the temporary file when the flush to disk fails, and leaves the old file as it was', async () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, 'old');
    const realOpen = fsPromises.open;
    jest.spyOn(fsPromises, 'open').mockImplementation(async (path, flags, mode) => {
      const handle = await realOpen(path, flags, mode);
      if (flags === 'r+') jest.spyOn(handle, 'sync').mockRejectedValue(errnoError('EIO', 'fsync'));
      return handle;
    });
    await expect(writeFileAtomic(file, 'new')).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', details: { step: 'sync', errno: 'EIO' }, message: expect.stringMatching(/flushing to disk failed \(EIO/) });
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('removes the temporary file when the rename fails', async () => {
    jest.spyOn(fsPromises, 'rename').mockRejectedValue(errnoError('EBUSY', 'rename'));
    await expect(writeFileAtomic(join(dir, 'settings.json'), 'new')).rejects.toMatchObject({ details: { step: 'commit', errno: 'EBUSY' }, message: expect.stringMatching(/renaming into place failed/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says when the temporary file could not be removed after a failure', async () => {
    jest.spyOn(fsPromises, 'rename').mockRejectedValue(errnoError('EIO', 'rename'));
    jest.spyOn(fsPromises, 'unlink').mockRejectedValue(errnoError('EROFS', 'unlink'));
    await expect(writeFileAtomic(join(dir, 'settings.json'), 'new')).rejects.toMatchObject({ message: expect.stringMatching(/the temporary file .*\.settings\.json\..*\.tmp could not be removed \(EROFS\) and is removed when the station next starts/) });
  });

  if (tmpfsUnavailable) announceSkip('writeFileAtomic "on a real tmpfs"', tmpfsUnavailable);
  (tmpfsUnavailable ? describe.skip : describe)('on a real tmpfs', () => {
    it('a full disk gives DISK_FULL naming the folder, and leaves nothing behind', async () => {
      const disk = mountTmpfs(64);
      try {
        writeFileSync(join(disk, 'settings.json'), 'old');
        const filler = fillDisk(disk);
        const big = 'x'.repeat(256 * 1024);
        for (const options of [{}, { exclusive: true }]) {
          await expect(writeFileAtomic(join(disk, 'settings.json'), big, options)).rejects.toMatchObject({
            code: 'DISK_FULL', details: { errno: 'ENOSPC', step: 'write' },
            message: `the file settings.json cannot be written to ${join(disk, 'settings.json')}: the disk holding ${disk} is full (ENOSPC); free space on that disk, then try again`,
          });
        }
        expect(readdirSync(disk).sort()).toEqual([filler, 'settings.json']);
        expect(readFileSync(join(disk, 'settings.json'), 'utf8')).toBe('old');
      } finally {
        unmountTmpfs(disk);
      }
    });

    it('a read-only disk gives EROFS in words', async () => {
      const disk = mountTmpfs(64, { readOnly: true });
      try {
        await expect(writeFileAtomic(join(disk, 'r.json'), 'x')).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', message: expect.stringContaining(`${disk} is on a read-only disk (EROFS); choose a folder on a writable disk`) });
        expect(readdirSync(disk)).toEqual([]);
      } finally {
        unmountTmpfs(disk);
      }
    });
  });
});

describe('sweepStaleTempFiles', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ekyc-sweep-')); });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('removes the temporary files of a writer that no longer runs on this host', async () => {
    const stale = tempOf(join(dir, 'settings.json'), deadPid());
    writeFileSync(stale, '{"half');
    expect(await sweepStaleTempFiles(dir)).toEqual([stale]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps a running writer's fresh temporary file, and removes it once it is older than an hour", async () => {
    const live = tempOf(join(dir, 'settings.json'), process.ppid);
    writeFileSync(live, '{"half');
    expect(await sweepStaleTempFiles(dir)).toEqual([]);
    const old = (Date.now() - STALE_TEMP_AGE_MS - 60_000) / 1000;
    utimesSync(live, old, old);
    expect(await sweepStaleTempFiles(dir)).toEqual([live]);
  });

  it("keeps another computer's fresh temporary file (its pid cannot be checked here), and removes an old one", async () => {
    const other = join(dir, `.ekyc-session-a.json.00000000-${process.pid}-0123456789ab.tmp`);
    const name = basename(tempFileFor(join(dir, 'x')));
    const hostTag = parseTempFileName(name)!.host;
    const foreign = hostTag === '00000000' ? other.replace('00000000', '11111111') : other;
    writeFileSync(foreign, '{');
    expect(await sweepStaleTempFiles(dir)).toEqual([]);
    expect(await sweepStaleTempFiles(dir, { now: () => Date.now() + STALE_TEMP_AGE_MS + 1000 })).toEqual([foreign]);
  });

  it('never removes a write of this process in flight', async () => {
    const file = join(dir, 'settings.json');
    const realWrite = fsPromises.writeFile;
    let sweptDuringWrite: string[] | undefined;
    jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (path, data, options) => {
      await realWrite(path, data, options);
      sweptDuringWrite = await sweepStaleTempFiles(dir, { staleAfterMs: 0 });
    });
    await writeFileAtomic(file, 'complete');
    expect(sweptDuringWrite).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('complete');
  });

  it('touches nothing that is not exactly one of its temporary files, and only the targets asked for', async () => {
    const pid = deadPid();
    const others = ['settings.json', 'settings.json.tmp', '.settings.json.tmp', 'notes.tmp', `.settings.json.zzzzzzzz-${pid}-0123456789ab.tmp`, `settings.json.0123abcd-${pid}-0123456789ab.tmp`, `.settings.json.0123abcd-${pid}-0123456789ab.tmp.bak`];
    for (const name of others) writeFileSync(join(dir, name), 'keep');
    const folderLikeTemp = tempOf(join(dir, 'x.json'), pid);
    mkdirSync(folderLikeTemp);
    const record = tempOf(join(dir, 'ekyc-session-1.json'), pid);
    const settings = tempOf(join(dir, 'settings.json'), pid);
    writeFileSync(record, '{');
    writeFileSync(settings, '{');
    expect(await sweepStaleTempFiles(dir, { target: (name) => name.startsWith('ekyc-session-') })).toEqual([record]);
    expect(await sweepStaleTempFiles(dir, { staleAfterMs: 0 })).toEqual([settings]);
    expect(readdirSync(dir).sort()).toEqual([...others, basename(folderLikeTemp)].sort());
    expect(statSync(folderLikeTemp).isDirectory()).toBe(true);
  });

  it('has nothing to sweep in a missing folder', async () => {
    expect(await sweepStaleTempFiles(join(dir, 'gone'))).toEqual([]);
  });
});
