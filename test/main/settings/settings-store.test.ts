import { MATCH_THRESHOLD } from '../../../src/shared/defaults';
import { mkdirSync, mkdtempSync, promises as fsPromises, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_SETTINGS, MATCH_PRESETS, matchThresholdOf } from '../../../src/shared/operator-settings';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import { deadPid, fillDisk, mountTmpfs, tempOf, tmpfsUnavailable, unmountTmpfs } from '../../helpers/disk';

const at = (iso: string) => () => new Date(iso);

describe('SettingsStore', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ekyc-settings-')); });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const update = { matchPreset: 'strict', liveness: { challengesPerSession: 2, fixedChallenges: '' }, cameraId: 'cam-1', retention: { enabled: false, namesAndNumbers: false }, language: 'en', allowExpiredOverride: false };

  it('starts from privacy-preserving defaults without writing anything', async () => {
    const store = await SettingsStore.open(dir);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.current().retention).toEqual({ enabled: false, folder: null, namesAndNumbers: false });
    expect(matchThresholdOf(store.current())).toBe(MATCH_THRESHOLD);
    expect(store.problem).toBeNull();
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });

  it('saves an update to settings.json and reads it back', async () => {
    await (await SettingsStore.open(dir)).update(update);
    const again = await SettingsStore.open(dir);
    expect(again.current()).toMatchObject({ matchPreset: 'strict', cameraId: 'cam-1', liveness: { challengesPerSession: 2 } });
    expect(matchThresholdOf(again.current())).toBe(MATCH_PRESETS.strict.threshold);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).schema).toBe('ekyc-settings/1');
  });

  it.each([
    [{ ...update, matchPreset: 'lenient' }, /matchPreset: must be one of standard, strict, strictest/],
    [{ ...update, liveness: { challengesPerSession: 6, fixedChallenges: '' } }, /challengesPerSession: must be an integer from 1 to 5/],
    [{ ...update, liveness: { challengesPerSession: 3, fixedChallenges: 'jump' } }, /fixedChallenges: unknown challenge "jump"/],
    [{ ...update, language: 'de' }, /language: must be one of en, vi, fr/],
    [{ ...update, cameraId: '' }, /cameraId: must be null or a device id/],
    [{ ...update, allowExpiredOverride: 'yes' }, /allowExpiredOverride: must be true or false/],
    [{ ...update, extra: 1 }, /unexpected field extra/],
    [{ ...update, retention: { enabled: true, namesAndNumbers: false } }, /choose the records folder before turning retention on/],
  ])('refuses %p with a message naming the field', async (bad, message) => {
    const store = await SettingsStore.open(dir);
    await expect(store.update(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
  });

  it('loads a settings file of an older build (no cscaTrustList, no allowExpiredOverride) as "no trust list" and "no override", keeps a set one through page saves, and refuses a bad one', async () => {
    const older = { schema: 'ekyc-settings/1', matchPreset: 'strict', liveness: { challengesPerSession: 2, fixedChallenges: '' }, cameraId: null, retention: { enabled: false, folder: null, namesAndNumbers: false }, language: 'en' };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(older));
    const loaded = await SettingsStore.open(dir);
    expect(loaded.problem).toBeNull();
    // Nor an allowExpiredOverride: older files load with the override off.
    expect(loaded.current()).toMatchObject({ matchPreset: 'strict', cscaTrustList: null, allowExpiredOverride: false });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...older, cscaTrustList: '/etc/ekyc/csca' }));
    const withList = await SettingsStore.open(dir);
    expect(withList.current().cscaTrustList).toBe('/etc/ekyc/csca');
    // The settings page's update carries no trust list; saving it must not drop the one set.
    await withList.update(update);
    expect((await SettingsStore.open(dir)).current().cscaTrustList).toBe('/etc/ekyc/csca');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...older, cscaTrustList: 42 }));
    const bad = await SettingsStore.open(dir, { now: at('2026-12-02T20:00:00Z') });
    expect(bad.problem).toMatch(/cscaTrustList: must be null or the path of a CSCA folder or master list/);
    expect(bad.current().cscaTrustList).toBeNull();
  });

  it('turns retention on only after a folder was chosen, and only an existing folder', async () => {
    const store = await SettingsStore.open(dir);
    await expect(store.setRecordsFolder(join(dir, 'missing'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await store.setRecordsFolder(dir);
    const saved = await store.update({ ...update, retention: { enabled: true, namesAndNumbers: false } });
    expect(saved.retention).toEqual({ enabled: true, folder: dir, namesAndNumbers: false });
  });

  it.each([
    ['{ not json', /is not valid JSON/],
    [JSON.stringify({ ...DEFAULT_SETTINGS, matchPreset: 'lenient' }), /matchPreset: must be one of/],
    [JSON.stringify({ ...DEFAULT_SETTINGS, retention: { enabled: true, folder: null, namesAndNumbers: false } }), /retention: is on but has no folder/],
  ])('falls back to the defaults on a damaged file %p, keeps it aside with the time in its name and says why', async (text, why) => {
    writeFileSync(join(dir, 'settings.json'), text);
    const store = await SettingsStore.open(dir, { now: at('2026-03-04T05:06:07.089Z') });
    const aside = join(dir, 'settings.json.invalid-2026-03-04T05-06-07.089Z');
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toMatch(why);
    expect(store.problem).toMatch(`using the defaults and keeping the old file as ${aside}`);
    expect(readFileSync(aside, 'utf8')).toBe(text);
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });

  it('keeps every damaged file: a second corruption never overwrites the first copy, even in the same millisecond', async () => {
    const now = at('2026-03-04T05:06:07.089Z');
    writeFileSync(join(dir, 'settings.json'), '{ first');
    await SettingsStore.open(dir, { now });
    writeFileSync(join(dir, 'settings.json'), '{ second');
    const store = await SettingsStore.open(dir, { now });
    writeFileSync(join(dir, 'settings.json'), '{ third');
    await SettingsStore.open(dir, { now: at('2026-03-05T00:00:00.000Z') });
    expect(store.problem).toMatch(/keeping the old file as .*settings\.json\.invalid-2026-03-04T05-06-07\.089Z-2$/);
    expect(readdirSync(dir).sort()).toEqual(['settings.json.invalid-2026-03-04T05-06-07.089Z', 'settings.json.invalid-2026-03-04T05-06-07.089Z-2', 'settings.json.invalid-2026-03-05T00-00-00.000Z']);
    expect(readdirSync(dir).sort().map((n) => readFileSync(join(dir, n), 'utf8'))).toEqual(['{ first', '{ second', '{ third']);
  });

  it('serialises saves: each is built on the one committed before it, so none is lost', async () => {
    const store = await SettingsStore.open(dir);
    // Asked for together: the folder first, then retention on. Built at call time, the second
    // would see no folder yet and be refused.
    const [, on] = await Promise.all([store.setRecordsFolder(dir), store.update({ ...update, retention: { enabled: true, namesAndNumbers: false } })]);
    expect(on.retention).toEqual({ enabled: true, folder: dir, namesAndNumbers: false });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(store.current());
  });

  it('a save that fails changes neither memory nor file, and later saves still run', async () => {
    const store = await SettingsStore.open(dir);
    await store.update(update);
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    jest.spyOn(fsPromises, 'rename').mockRejectedValueOnce(Object.assign(new Error('EIO: mocked rename'), { code: 'EIO', syscall: 'rename' }));
    const [failed, next] = await Promise.allSettled([store.update({ ...update, cameraId: 'cam-2' }), store.update({ ...update, cameraId: 'cam-3' })]);
    expect(failed).toMatchObject({ status: 'rejected', reason: { code: 'FILE_UNWRITABLE', message: expect.stringMatching(/^the operator settings cannot be written to .*settings\.json: renaming into place failed \(EIO.*; the settings were not changed$/) } });
    expect(next).toMatchObject({ status: 'fulfilled', value: { cameraId: 'cam-3' } });
    expect(before).toContain('"cam-1"');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(store.current());
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('says a folder stands in place of settings.json, uses the defaults, and refuses to save over it', async () => {
    mkdirSync(join(dir, 'settings.json'));
    const store = await SettingsStore.open(dir);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toBe(`${join(dir, 'settings.json')} is a folder, not a settings file; using the defaults. Move or rename that folder so the settings can be saved`);
    await expect(store.update(update)).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', message: expect.stringContaining(`${join(dir, 'settings.json')} is a folder, not a file`) });
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('creates a missing user-data folder on save, but never a whole missing tree', async () => {
    const userData = join(dir, 'eKYC Station');
    const store = await SettingsStore.open(userData);
    expect(store.problem).toBeNull();
    await store.update(update);
    expect(JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8'))).toEqual(store.current());

    const gone = join(dir, 'no-profile', 'eKYC Station');
    const orphan = await SettingsStore.open(gone);
    await expect(orphan.update(update)).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', message: expect.stringContaining(`the folder ${gone} is missing and so is the folder above it (ENOENT)`) });
    expect(orphan.current()).toEqual(DEFAULT_SETTINGS);
    expect(existsSync(join(dir, 'no-profile'))).toBe(false);
  });

  it('removes the temporary files of a save a crash interrupted when it opens, and nothing else', async () => {
    const dead = deadPid();
    const stale = tempOf(join(dir, 'settings.json'), dead);
    const otherTarget = tempOf(join(dir, 'Preferences'), dead);
    writeFileSync(stale, '{"schema":"ekyc-se');
    writeFileSync(otherTarget, '{');
    writeFileSync(join(dir, 'settings.json.tmp'), 'an old-style temp file is not ours to remove');
    const store = await SettingsStore.open(dir);
    expect(store.problem).toBeNull();
    expect(readdirSync(dir).sort()).toEqual([basename(otherTarget), 'settings.json.tmp'].sort());
  });

  const fullDiskTitle = tmpfsUnavailable
    ? `on a full disk (mocked ENOSPC from fs.promises.writeFile: ${tmpfsUnavailable})`
    : 'on a full disk (a real 64 KiB tmpfs, filled up)';
  it(`${fullDiskTitle} a save fails with DISK_FULL, keeps the last settings in memory and on disk, and leaves no file behind`, async () => {
    const userData = tmpfsUnavailable ? dir : mountTmpfs(64);
    try {
      const store = await SettingsStore.open(userData);
      await store.update(update);
      const committed = readFileSync(join(userData, 'settings.json'), 'utf8');
      let expected = ['settings.json'];
      if (tmpfsUnavailable) {
        const realWrite = fsPromises.writeFile;
        jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (path, data, options) => {
          await realWrite(path, String(data).slice(0, 10), options);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
        });
      } else {
        expected = [fillDisk(userData), 'settings.json'].sort();
      }
      await expect(store.update({ ...update, cameraId: 'cam-2' })).rejects.toMatchObject({
        code: 'DISK_FULL',
        message: `the operator settings cannot be written to ${join(userData, 'settings.json')}: the disk holding ${userData} is full (ENOSPC); free space on that disk, then try again; the settings were not changed`,
      });
      expect(store.current().cameraId).toBe('cam-1');
      expect(readFileSync(join(userData, 'settings.json'), 'utf8')).toBe(committed);
      expect(readdirSync(userData).sort()).toEqual(expected);
    } finally {
      jest.restoreAllMocks();
      if (!tmpfsUnavailable) unmountTmpfs(userData);
    }
  });
});
