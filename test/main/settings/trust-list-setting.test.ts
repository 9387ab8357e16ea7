/**
 * The operator installs the CSCA trust list from Settings: main opens the folder dialog,
 * installs the folder only when it holds certificates, and Settings shows what it holds.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import { masterList, testDocument } from '../../helpers/emrtd';
import { errorOf, valueOf } from '../../helpers/ipc-replies';

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

function station(store: SettingsStore, chosen: () => string | null): Invoke {
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), createStationHandlers({
    faceEngine: async () => { throw new Error('this test never needs the face models'); },
    chooseIdFile: async () => null,
    saveRecord: async () => null,
    chooseTrustList: async () => chosen(),
    settings: store,
  }));
  return ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
}

describe('settings:choose-csca-trust-list', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ekyc-trust-list-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('installs a folder of certificates and master lists, saved to settings.json, and says what it holds', async () => {
    const ut = await testDocument({ country: 'UT' });
    const zz = await testDocument({ country: 'ZZ' });
    const folder = join(dir, 'csca');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ut.der'), ut.cscaCert);
    writeFileSync(join(folder, 'zz.ml'), masterList([zz.cscaCert]));
    writeFileSync(join(folder, 'broken.pem'), 'not a certificate');
    const store = await SettingsStore.open(dir);
    const invoke = station(store, () => folder);
    expect(valueOf(await invoke('settings:get', {})).trustList).toBeNull();

    const view = valueOf(await invoke('settings:choose-csca-trust-list', { clear: false }));
    expect(view.trustList).toEqual({ path: folder, certificates: 2, countries: ['UT', 'ZZ'], skippedFiles: 1, problem: null });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).cscaTrustList).toBe(folder);
  });

  it('refuses a folder with no certificate, naming it, and keeps the list installed before', async () => {
    const ut = await testDocument({ country: 'UT' });
    const good = join(dir, 'good');
    const empty = join(dir, 'photos');
    mkdirSync(good);
    mkdirSync(empty);
    writeFileSync(join(good, 'ut.pem'), ut.cscaCert);
    writeFileSync(join(empty, 'holiday.jpg'), 'jpeg bytes');
    let chosen = good;
    const invoke = station(await SettingsStore.open(dir), () => chosen);
    valueOf(await invoke('settings:choose-csca-trust-list', { clear: false }));
    chosen = empty;
    expect(errorOf(await invoke('settings:choose-csca-trust-list', { clear: false }))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/photos holds no CSCA certificate .* or ICAO master list/) });
    expect(valueOf(await invoke('settings:get', {})).trustList).toMatchObject({ path: good, certificates: 1 });
  });

  it('a cancelled dialog changes nothing; clear removes the list; a list moved away is reported, not fatal', async () => {
    const ut = await testDocument({ country: 'UT' });
    const folder = join(dir, 'csca');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ut.cer'), ut.cscaCert);
    let chosen: string | null = folder;
    const invoke = station(await SettingsStore.open(dir), () => chosen);
    valueOf(await invoke('settings:choose-csca-trust-list', { clear: false }));
    chosen = null;
    expect(valueOf(await invoke('settings:choose-csca-trust-list', { clear: false })).trustList?.path).toBe(folder);
    rmSync(folder, { recursive: true });
    expect(valueOf(await invoke('settings:get', {})).trustList).toMatchObject({ path: folder, certificates: 0, problem: expect.stringMatching(/cannot be opened/) });
    expect(valueOf(await invoke('settings:choose-csca-trust-list', { clear: true })).trustList).toBeNull();
  });

  it('accepts only { clear: boolean }', async () => {
    const invoke = station(SettingsStore.inMemory(), () => null);
    expect(errorOf(await invoke('settings:choose-csca-trust-list', { clear: 'yes' }))).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/clear must be a boolean/) });
    expect(errorOf(await invoke('settings:choose-csca-trust-list', { clear: false, path: '/etc' }))).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/unexpected field path/) });
  });
});
