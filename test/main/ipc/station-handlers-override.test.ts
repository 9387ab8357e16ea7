/**
 * A supervisor accepting an expired document: main, not the page, decides whether it may be
 * done (the operator's setting, a zone with every check digit valid that has expired) and
 * records who and why; the verdict shows the expiry as overridden, flagged, never silently
 * passed. Cards drawn by code, read by the real MRZ reader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MrzReader } from '../../../src/main/document/mrz-reader';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import type { IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { settingsUpdateOf } from '../../../src/shared/operator-settings';
import { drawCardBack, EXPIRED_CARD_HOLDER, td1Lines, VALID_CARD_HOLDER } from '../../e2e/id-card-fixtures';
import { errorOf, valueOf } from '../../helpers/ipc-replies';

jest.setTimeout(120_000);

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

let mrz: MrzReader;
let workDir: string;
const backs: Record<'expired' | 'valid' | 'misread', Buffer> = {} as never;

beforeAll(async () => {
  mrz = await MrzReader.create();
  workDir = mkdtempSync(join(tmpdir(), 'ekyc-override-'));
  backs.expired = await drawCardBack(td1Lines(EXPIRED_CARD_HOLDER));
  backs.valid = await drawCardBack(td1Lines(VALID_CARD_HOLDER));
  // The expired card with its document number's check digit wrong: a misread or altered zone.
  const [line1, ...rest] = td1Lines(EXPIRED_CARD_HOLDER);
  const wrong = String((Number(line1[14]) + 1) % 10);
  backs.misread = await drawCardBack([`${line1.slice(0, 14)}${wrong}${line1.slice(15)}`, ...rest]);
});
afterAll(async () => {
  await mrz?.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

/** A station whose operator allows the override or not, with the card's back read as the page reads it. */
async function stationWith(back: keyof typeof backs, allowExpiredOverride: boolean): Promise<Invoke> {
  const settings = SettingsStore.inMemory();
  await settings.update({ ...settingsUpdateOf(settings.current()), allowExpiredOverride });
  const file = join(workDir, `${back}.png`);
  writeFileSync(file, backs[back]);
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  const handlers = createStationHandlers({
    faceEngine: async () => { throw new Error('no face engine in this test'); },
    mrzEngine: async () => mrz,
    chooseIdFile: async () => file,
    saveRecord: async () => null,
    settings,
    now: () => new Date('2026-12-03T10:15:00.000Z'),
  });
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
  const invoke = ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
  const opened = valueOf(await invoke('id:open-file', { preview: false }));
  if (opened.canceled) throw new Error('the card was not opened');
  valueOf(await invoke('document:read-mrz', { documentId: opened.document.documentId }));
  return invoke;
}

const override = { supervisorId: 'S-0042 Dana', reason: 'Expired 3 weeks ago; branch policy 4.2 allows up to 90 days' };

describe('a supervisor\'s override of an expired document', () => {
  it('is refused while the operator\'s settings do not allow it (the default)', async () => {
    const invoke = await stationWith('expired', false);
    expect(errorOf(await invoke('document:override-expiry', override))).toMatchObject({ code: 'OVERRIDE_NOT_ALLOWED', message: expect.stringMatching(/settings do not allow/) });
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.documentOverride).toBeNull();
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-expired', passed: false }));
  });

  it('is recorded with who, why and when, and the verdict shows the expiry overridden and flagged', async () => {
    const invoke = await stationWith('expired', true);
    const recorded = valueOf(await invoke('document:override-expiry', { supervisorId: '  S-0042 Dana ', reason: `${override.reason}  ` }));
    expect(recorded).toEqual({ block: 'expired', ...override, decidedAt: '2026-12-03T10:15:00.000Z' });
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.documentOverride).toEqual(recorded);
    expect(record.reasons).toContainEqual(expect.objectContaining({
      code: 'document-expired', passed: true, flagged: true,
      message: `the document has expired; supervisor S-0042 Dana accepted it at 2026-12-03T10:15:00.000Z: "${override.reason}"`,
    }));
  });

  it('is never given for a zone whose check digits fail, nor for a document that has not expired', async () => {
    const misread = await stationWith('misread', true);
    expect(errorOf(await misread('document:override-expiry', override))).toMatchObject({ code: 'OVERRIDE_NOT_ALLOWED', message: expect.stringMatching(/check digits fail/) });
    const valid = await stationWith('valid', true);
    expect(errorOf(await valid('document:override-expiry', override))).toMatchObject({ code: 'SESSION_STATE', message: expect.stringMatching(/has not expired/) });
  });

  it('is forgotten when another zone is read', async () => {
    const invoke = await stationWith('expired', true);
    valueOf(await invoke('document:override-expiry', override));
    const opened = valueOf(await invoke('id:open-file', { preview: false }));
    if (opened.canceled) throw new Error('the card was not opened');
    valueOf(await invoke('document:read-mrz', { documentId: opened.document.documentId }));
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.documentOverride).toBeNull();
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-expired', passed: false }));
  });

  it('takes a supervisor ID and a reason only as plain words: blank, over-long or markup is INVALID_REQUEST', async () => {
    const invoke = await stationWith('expired', true);
    for (const bad of [{ ...override, reason: '   ' }, { ...override, reason: 'x'.repeat(201) }, { ...override, reason: '<img src=x onerror=alert(1)>' }, { ...override, supervisorId: '' }, { supervisorId: override.supervisorId }]) {
      expect(errorOf(await invoke('document:override-expiry', bad)).code).toBe('INVALID_REQUEST');
    }
  });
});
