/**
 * Privacy by default: a whole customer session through the very handlers main registers,
 * with the user-data folder of a fresh install. With retention off nothing lands on disk;
 * with retention on only a figures-only record lands in the folder the operator chose; and
 * "next customer" zeroes every embedding main kept.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { type IpcChannel, type IpcReply } from '../../src/shared/ipc-contract';
import { MrzReader } from '../../src/main/document/mrz-reader';
import type { FaceEngine } from '../../src/main/ipc/station-engines';
import { registerHandlers, type CheckedHandler } from '../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../src/main/ipc/station-handlers';
import { assertFiguresOnly } from '../../src/main/records/record-keeper';
import { SettingsStore } from '../../src/main/settings/settings-store';
import { settingsUpdateOf } from '../../src/shared/operator-settings';
import { MATCH_THRESHOLD } from '../../src/shared/defaults';
import { FaceAnalyzer } from '../../src/main/vision/face-analyzer';
import { describeWithFacedata, facedata } from '../helpers/paths';
import { playLivenessPage, type FakeClock } from '../helpers/liveness-driver';

// The very object the handlers call (require('node:fs').promises === require('node:fs/promises')).
const fsPromises = (createRequire(__filename)('node:fs') as typeof import('node:fs')).promises;

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

/** Every file under dir, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const IMAGE_SIGNATURES: [string, number[]][] = [
  ['JPEG', [0xff, 0xd8, 0xff]], ['PNG', [0x89, 0x50, 0x4e, 0x47]], ['GIF', [0x47, 0x49, 0x46, 0x38]], ['BMP', [0x42, 0x4d]],
  ['TIFF', [0x49, 0x49, 0x2a, 0x00]], ['TIFF', [0x4d, 0x4d, 0x00, 0x2a]], ['RIFF/WebP', [0x52, 0x49, 0x46, 0x46]],
];

/** Image files by name or by content, and any file large enough to hold raw pixels or an embedding dump. */
function imageLikeFiles(dir: string): string[] {
  return filesUnder(dir).filter((file) => {
    if (/\.(jpe?g|png|webp|gif|bmp|tiff?|avif|heic|raw|rgba|y4m|bin|npy)$/i.test(file)) return true;
    const head = Buffer.alloc(8);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, 8, 0);
    } finally {
      closeSync(fd);
    }
    return IMAGE_SIGNATURES.some(([, sig]) => sig.every((b, i) => head[i] === b)) || statSync(file).size > 64 * 1024;
  });
}

describeWithFacedata('privacy by default (a full session on real faces)', () => {
  let analyzer: FaceAnalyzer;
  let mrz: MrzReader;
  let work: string;
  let sameMan: { width: number; height: number; rgba: Uint8Array };
  const idFile = facedata('verification', 'lin_manuel_miranda_1.png');
  const passportFile = facedata('idcards', 'passport-td3.jpg');

  beforeAll(async () => {
    analyzer = await FaceAnalyzer.create();
    mrz = await MrzReader.create();
    work = mkdtempSync(join(tmpdir(), 'ekyc-privacy-'));
    const still = join(work, 'hamilton-6.5s.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '6.5', '-i', facedata('liveness', 'hamilton_clip.mp4'), '-frames:v', '1', still]);
    const { data, info } = await sharp(still).removeAlpha().extract({ left: 90, top: 0, width: 320, height: 240 }).resize(640, 480).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    sameMan = { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  });
  afterAll(async () => {
    await analyzer?.dispose();
    await (mrz as unknown as { dispose?: () => Promise<void> })?.dispose?.();
    rmSync(work, { recursive: true, force: true });
  });

  /** The station as app.ts wires it: settings from userData, dialogs answered by the test. */
  async function station(userData: string, recordsFolder: string | null) {
    const settings = await SettingsStore.open(userData);
    const kept: Float32Array[] = [];
    const engine: FaceEngine = {
      findPortrait: async (img) => {
        const found = await analyzer.findPortrait(img);
        kept.push(found.embedding);
        return found;
      },
      analyzeSelfie: async (img, label) => {
        const found = await analyzer.analyzeSelfie(img, label);
        kept.push(found.embedding);
        return found;
      },
      detectFaces: (img) => analyzer.detectFaces(img),
      assessPresentation: (frames, label) => analyzer.assessPresentation(frames, label),
      embedFace: (img, face) => analyzer.embedFace(img, face),
      compare: (a, b, t) => analyzer.compare(a, b, t),
      eyesClosed: (crop, landmarks) => analyzer.eyesClosed(crop, landmarks),
    };
    let chosenFile = idFile;
    const clock = { t: 0 };
    const handlers = createStationHandlers({
      faceEngine: async () => engine,
      mrzEngine: async () => mrz,
      settings,
      chooseIdFile: async () => chosenFile,
      chooseRecordsFolder: async () => recordsFolder,
      saveRecord: async () => null,
      monotonicMs: () => clock.t,
    });
    const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
    registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
    const invoke = (async (channel: IpcChannel, payload: unknown) => {
      const reply = await routes.get(channel)!(payload);
      if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
      return reply;
    }) as Invoke;
    const chooseFile = (file: string) => { chosenFile = file; };
    return { invoke, kept, chooseFile, clock };
  }

  async function fullSession({ invoke, chooseFile, clock }: { invoke: Invoke; chooseFile: (file: string) => void; clock: FakeClock }) {
    chooseFile(idFile);
    const opened = await invoke('id:open-file', { preview: false });
    if (!opened.ok || opened.value.canceled) throw new Error('the ID file was not opened');
    await invoke('id:analyze', { documentId: opened.value.document.documentId });
    chooseFile(passportFile);
    const zone = await invoke('id:open-file', { preview: false });
    if (!zone.ok || zone.value.canceled) throw new Error('the passport was not opened');
    const reading = await invoke('document:read-mrz', { documentId: zone.value.document.documentId });
    if (!reading.ok) throw new Error('no MRZ');
    const verified = await invoke('face:verify', sameMan);
    expect(verified.ok && verified.value.match.match).toBe(true);
    // The page's part of the liveness step, 2 s of it: main draws three challenges, judges the frames and matches 4 samples.
    const run = await playLivenessPage(invoke, clock, { pose: () => ({}), durationMs: 2100, camera: sameMan });
    const finished = await invoke('session:finish', {});
    if (!finished.ok) throw new Error('not finished');
    return { record: finished.value, fields: reading.value.mrz.fields, drawn: run.start.challenges };
  }

  it('with retention off (the default) writes nothing at all: no image, no record, not even settings', async () => {
    const userData = join(work, 'user-data-off');
    mkdirSync(userData);
    const written: string[] = [];
    const spies = [
      jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (file) => { written.push(String(file)); }),
      jest.spyOn(fsPromises, 'appendFile').mockImplementation(async (file) => { written.push(String(file)); }),
    ];
    try {
      const opened = await station(userData, null);
      const { invoke } = opened;
      const { record } = await fullSession(opened);
      // The specimen passport has expired, so the verdict is a refusal with every figure in it.
      expect(record.faceMatch?.match).toBe(true);
      expect(record.document.mrz?.valid).toBe(true);
      await invoke('session:reset', {});
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(written).toEqual([]);
    expect(filesUnder(userData)).toEqual([]);
  });

  it('keeps decisions, scores, timings and challenge outcomes in the record, never an image or an embedding', async () => {
    const opened = await station(join(work, 'user-data-record'), null);
    mkdirSync(join(work, 'user-data-record'));
    const { record, fields, drawn } = await fullSession(opened);
    expect(() => assertFiguresOnly(record)).not.toThrow();
    expect(record.faceMatch).toMatchObject({ match: true, attempts: 1, threshold: MATCH_THRESHOLD });
    expect(record.faceMatch?.similarity).toBeGreaterThan(MATCH_THRESHOLD);
    expect(record.liveness.challenges.map((c) => c.challenge)).toEqual(drawn);
    expect(record.liveness.challenges.map((c) => c.durationMs)).toEqual([expect.any(Number), 0, 0]);
    expect(record.liveness.identity.checks).toBe(4);
    expect(record.reasons.length).toBeGreaterThan(0);
    const json = JSON.stringify(record);
    expect(json).not.toMatch(/jpeg|rgba|embedding|landmarks|preview|bytes/i);
    // The document's personal data is read, checked, and left out of the record.
    for (const value of [fields.documentNumber, fields.surname, fields.givenNames, fields.birthDate].filter((v): v is string => typeof v === 'string' && v.length > 2)) {
      expect(json).not.toContain(value);
    }
    expect(json.length).toBeLessThan(8000);
  });

  it('"next customer" zeroes every embedding main kept', async () => {
    mkdirSync(join(work, 'user-data-reset'));
    const opened = await station(join(work, 'user-data-reset'), null);
    const { invoke, kept } = opened;
    await fullSession(opened);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.every((e) => e.some((v) => v !== 0))).toBe(true);
    await invoke('session:reset', {});
    const stored = kept.filter((e) => e.every((v) => v === 0));
    // The ID portrait's and the verified selfie's embeddings are the ones the session held.
    expect(stored.length).toBe(kept.length);
  });

  it('with retention on writes the figures-only record to the chosen folder and nothing else', async () => {
    const userData = join(work, 'user-data-on');
    const records = join(work, 'records');
    mkdirSync(userData);
    mkdirSync(records);
    const opened = await station(userData, records);
    const { invoke } = opened;
    await invoke('settings:choose-records-folder', {});
    const view = await invoke('settings:get', {});
    if (!view.ok) throw new Error('no settings');
    const update = settingsUpdateOf(view.value.settings);
    await invoke('settings:set', { ...update, retention: { ...update.retention, enabled: true } });
    const { record } = await fullSession(opened);
    await invoke('session:reset', {});

    const kept = readdirSync(records);
    expect(kept).toEqual([`ekyc-session-${record.sessionId}.json`]);
    expect(JSON.parse(readFileSync(join(records, kept[0]), 'utf8'))).toEqual(record);
    expect(imageLikeFiles(records)).toEqual([]);
    expect(readdirSync(userData)).toEqual(['settings.json']);
    expect(imageLikeFiles(userData)).toEqual([]);
  });
});
