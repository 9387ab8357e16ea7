import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, MATCH_PRESETS, matchThresholdOf } from '../../../src/shared/operator-settings';
import { SettingsStore } from '../../../src/main/settings/settings-store';

describe('SettingsStore', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ekyc-settings-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const update = { matchPreset: 'strict', liveness: { challengesPerSession: 2, fixedChallenges: '' }, cameraId: 'cam-1', retention: { enabled: false, namesAndNumbers: false }, language: 'en' };

  it('starts from privacy-preserving defaults without writing anything', async () => {
    const store = await SettingsStore.open(dir);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.current().retention).toEqual({ enabled: false, folder: null, namesAndNumbers: false });
    expect(matchThresholdOf(store.current())).toBe(0.55);
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
    [{ ...update, language: 'fr' }, /language: must be one of en/],
    [{ ...update, cameraId: '' }, /cameraId: must be null or a device id/],
    [{ ...update, extra: 1 }, /unexpected field extra/],
    [{ ...update, retention: { enabled: true, namesAndNumbers: false } }, /choose the records folder before turning retention on/],
  ])('refuses %p with a message naming the field', async (bad, message) => {
    const store = await SettingsStore.open(dir);
    await expect(store.update(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
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
  ])('falls back to the defaults on a damaged file %p, keeps it aside and says why', async (text, why) => {
    writeFileSync(join(dir, 'settings.json'), text);
    const store = await SettingsStore.open(dir);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toMatch(why);
    expect(readFileSync(join(dir, 'settings.json.invalid'), 'utf8')).toBe(text);
  });
});
