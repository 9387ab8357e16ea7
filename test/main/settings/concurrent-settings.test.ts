import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { settingsUpdateOf, DEFAULT_SETTINGS } from '../../../src/shared/operator-settings';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { SettingsStore } from '../../../src/main/settings/settings-store';

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

/** The station's real IPC path (validation, handlers, store on disk), with a map for ipcMain. */
function station(store: SettingsStore, recordsFolder: string): Invoke {
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), createStationHandlers({
    faceEngine: async () => { throw new Error('this test never needs the face models'); },
    chooseIdFile: async () => null,
    saveRecord: async () => null,
    chooseRecordsFolder: async () => recordsFolder,
    settings: store,
  }));
  return ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
}

describe('30 concurrent settings:set through the real handlers and a SettingsStore on disk', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ekyc-concurrent-settings-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('all succeed or fail typed, run in the order asked, and leave memory equal to the file', async () => {
    const records = join(dir, 'records');
    mkdirSync(records);
    const store = await SettingsStore.open(dir);
    const invoke = station(store, records);
    const base = settingsUpdateOf(DEFAULT_SETTINGS);
    // Every fifth request turns retention on with no records folder chosen: refused, typed,
    // in the store's turn, without disturbing the saves queued around it.
    const requests = Array.from({ length: 30 }, (_, i) => ({ ...base, cameraId: `cam-${i}`, retention: { enabled: i % 5 === 4, namesAndNumbers: false } }));
    const replies = await Promise.all(requests.map((request) => invoke('settings:set', request)));

    const refused = replies.flatMap((r, i) => (r.ok ? [] : [[i, r.error.code, r.error.message]]));
    const why = 'settings.retention: choose the records folder before turning retention on';
    expect(refused).toEqual([4, 9, 14, 19, 24, 29].map((i) => [i, 'INVALID_ARGUMENT', why]));
    expect(replies.filter((r) => r.ok)).toHaveLength(24);
    // Each accepted reply shows a committed state: its own save or a later one, never an earlier one.
    replies.forEach((r, i) => {
      if (r.ok) expect(Number(r.value.settings.cameraId?.slice(4))).toBeGreaterThanOrEqual(i);
    });

    const view = await invoke('settings:get', {});
    if (!view.ok) throw new Error(view.error.message);
    expect(view.value.settings).toMatchObject({ cameraId: 'cam-28', retention: { enabled: false, folder: null } });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(view.value.settings);
    expect((await SettingsStore.open(dir)).current()).toEqual(view.value.settings);
    expect(readdirSync(dir).sort()).toEqual(['records', 'settings.json']);

    // Then the folder is chosen and the same 30 go again: now all succeed.
    await invoke('settings:choose-records-folder', {});
    const again = await Promise.all(requests.map((request) => invoke('settings:set', request)));
    expect(again.filter((r) => !r.ok)).toEqual([]);
    const last = store.current();
    expect(last).toMatchObject({ cameraId: 'cam-29', retention: { enabled: true, folder: records } });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(last);
  });
});
