import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { IPC_CHANNELS, MAX_ENCODED_IMAGE_BYTES, type IpcChannel, type IpcReply } from '../../../src/shared/ipc-contract';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import type { FaceEngine } from '../../../src/main/ipc/station-engines';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';

import { describeWithFacedata, facedataDir as facedata, repoRoot } from '../../helpers/paths';
import { playLivenessPage, valueOf, withNoise, type FakeClock } from '../../helpers/liveness-driver';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import { settingsUpdateOf } from '../../../src/shared/operator-settings';
import type { CameraFrame, LivenessView } from '../../../src/shared/ipc-contract';

/** A liveness session whose page sends only camera samples, 0.5 s apart on main's clock. */
async function sampled(invoke: Invoke, clock: FakeClock, samples: CameraFrame[]): Promise<LivenessView[]> {
  const start = valueOf(await invoke('liveness:start', {}));
  const views: LivenessView[] = [];
  let t = 0;
  for (const [n, frame] of samples.entries()) {
    t += 500;
    clock.t += 500;
    views.push(valueOf(await invoke('liveness:sample', { sessionId: start.sessionId, timeMs: t, frame: withNoise(frame, n + 1) })));
  }
  return views;
}

jest.setTimeout(300_000);

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

let analyzer: FaceAnalyzer;
let workDir: string;

beforeAll(async () => {
  analyzer = await FaceAnalyzer.create();
  workDir = mkdtempSync(join(tmpdir(), 'ekyc-ipc-'));
});
afterAll(async () => {
  await analyzer?.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

/** The station as Electron wires it, with a map in place of ipcMain. */
function station(options: { chosenFile?: string | null; savePath?: string | null; engine?: FaceEngine; clock?: FakeClock; settings?: SettingsStore } = {}): Invoke {
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  const clock = options.clock;
  const handlers = createStationHandlers({
    ...(clock ? { monotonicMs: () => clock.t } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    faceEngine: async () => options.engine ?? analyzer,
    chooseIdFile: async () => options.chosenFile ?? null,
    saveRecord: async (_name, json) => {
      if (!options.savePath) return null;
      writeFileSync(options.savePath, json);
      return options.savePath;
    },
  });
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
  return ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
}

async function rgbaFrame(file: string, crop?: { left: number; top: number; width: number; height: number }) {
  let img = sharp(file).removeAlpha();
  if (crop) img = img.extract(crop);
  const { data, info } = await img.resize(640, 480, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

function errorOf(reply: IpcReply<IpcChannel>) {
  if (reply.ok) throw new Error(`expected an error reply, got ${JSON.stringify(reply.value).slice(0, 120)}`);
  return reply.error;
}

describe('registerHandlers', () => {
  it('registers every channel of the contract', () => {
    const seen: string[] = [];
    registerHandlers((channel) => { seen.push(channel); }, createStationHandlers({ faceEngine: async () => analyzer, chooseIdFile: async () => null, saveRecord: async () => null }));
    expect(seen.sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it.each(IPC_CHANNELS.map((c) => [c]))('%s answers a malformed payload with a typed INVALID_REQUEST reply', async (channel) => {
    const invoke = station();
    for (const payload of [undefined, null, 'x', [1], { unexpected: 1 }, new Uint8Array(8)]) {
      const error = errorOf(await invoke(channel, payload));
      expect(error.code).toBe('INVALID_REQUEST');
      expect(error.message).toContain(channel);
    }
  });

  it('answers an oversized camera frame without touching its pixels', async () => {
    const error = errorOf(await station()('face:verify', { width: 4000, height: 3000, rgba: new Uint8Array(16) }));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(error.message).toMatch(/width must be an integer from 32 to 1920/);
  });
});

describe('the station handlers, in the order of the customer flow', () => {
  it('refuse to match or check a face before there is an ID portrait and a verified face', async () => {
    const invoke = station();
    const frame = { width: 64, height: 64, rgba: new Uint8Array(64 * 64 * 4) };
    expect(errorOf(await invoke('face:verify', frame))).toMatchObject({ code: 'SESSION_STATE', message: expect.stringMatching(/load the ID document first/) });
    expect(errorOf(await invoke('liveness:start', {}))).toMatchObject({ code: 'SESSION_STATE', message: expect.stringMatching(/verify the customer/) });
    expect(errorOf(await invoke('session:export', {}))).toMatchObject({ code: 'SESSION_STATE' });
  });

  it('name the file that is not an image, and the empty file', async () => {
    const invoke = station();
    expect(errorOf(await invoke('id:analyze', { fileName: 'notes.txt', bytes: new TextEncoder().encode('hello, not a picture') }))).toMatchObject({ code: 'IMAGE_UNDECODABLE', message: expect.stringContaining('notes.txt') });
    expect(errorOf(await invoke('id:analyze', { fileName: 'empty.jpg', bytes: new Uint8Array(0) }))).toMatchObject({ code: 'FILE_EMPTY', message: expect.stringContaining('empty.jpg') });
  });

  it('report a cancelled file dialog; keep the chosen file in main and answer with its handle, and a preview when asked', async () => {
    const noPreview = { preview: false };
    expect(await station({ chosenFile: null })('id:open-file', noPreview)).toEqual({ ok: true, value: { canceled: true } });
    const sample = join(repoRoot, 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg');
    const invoke = station({ chosenFile: sample });
    const reply = await invoke('id:open-file', noPreview);
    if (!reply.ok || reply.value.canceled) throw new Error('the file was not opened');
    expect(reply.value.document).toEqual({ documentId: expect.stringMatching(/^[0-9a-f-]{36}$/), fileName: 'sample1.jpg', preview: null });
    // The bytes stay in main: the page names the document by its handle.
    const analysis = await invoke('id:analyze', { documentId: reply.value.document.documentId });
    expect(analysis.ok && analysis.value).toMatchObject({ documentId: reply.value.document.documentId, fileName: 'sample1.jpg' });
    const withPreview = await invoke('id:open-file', { preview: true });
    if (!withPreview.ok || withPreview.value.canceled || !withPreview.value.document.preview) throw new Error('no preview');
    const { width, height } = await sharp(readFileSync(sample)).metadata();
    expect(withPreview.value.document.preview).toMatchObject({ width, height });
    expect((await sharp(withPreview.value.document.preview.jpeg).metadata()).format).toBe('jpeg');
    expect(errorOf(await invoke('id:analyze', { documentId: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ code: 'SESSION_STATE', message: expect.stringMatching(/no longer open.*open the document again/) });
    expect(errorOf(await station({ chosenFile: join(workDir, 'gone.jpg') })('id:open-file', noPreview))).toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringMatching(/gone\.jpg does not exist/) });
    const huge = join(workDir, 'huge-scan.tiff');
    writeFileSync(huge, Buffer.alloc(MAX_ENCODED_IMAGE_BYTES + 1));
    expect(errorOf(await station({ chosenFile: huge })('id:open-file', noPreview))).toMatchObject({ code: 'IMAGE_TOO_LARGE', message: expect.stringMatching(/huge-scan\.tiff is 30\.0 MB, more than the 30 MB limit/) });
  });

  it('show the document without an outline and say why when it has no usable portrait', async () => {
    const blank = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#d8dde6' } }).png().toBuffer();
    const reply = await station()('id:analyze', { fileName: 'card-back.png', bytes: new Uint8Array(blank) });
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value.portrait).toBeNull();
    expect(reply.value.portraitProblem).toMatchObject({ code: 'NO_USABLE_PORTRAIT' });
    expect(reply.value.preview).toMatchObject({ width: 800, height: 500 });
    expect((await sharp(reply.value.preview.jpeg).metadata()).format).toBe('jpeg');
  });

  describeWithFacedata('with real faces from ../shared/facedata', () => {
    const idFile = join(facedata, 'verification', 'lin_manuel_miranda_1.png');
    let sameMan: { width: number; height: number; rgba: Uint8Array };
    let otherMan: { width: number; height: number; rgba: Uint8Array };
    let sameManTurned: { width: number; height: number; rgba: Uint8Array };

    beforeAll(async () => {
      const still = join(workDir, 'hamilton-6.5s.png');
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '6.5', '-i', join(facedata, 'liveness', 'hamilton_clip.mp4'), '-frames:v', '1', still]);
      sameMan = await rgbaFrame(still, { left: 90, top: 0, width: 320, height: 240 });
      otherMan = await rgbaFrame(join(facedata, 'verification', 'obama_1.jpg'));
      const turned = join(workDir, 'hamilton-5.2s.png');
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '5.2', '-i', join(facedata, 'liveness', 'hamilton_clip.mp4'), '-frames:v', '1', turned]);
      sameManTurned = await rgbaFrame(turned, { left: 60, top: 0, width: 320, height: 240 });
    });

    it('leave a frame with the head turned past the selfie limit unjudged, so a turn is not taken for another person', async () => {
      const clock = { t: 0 };
      const invoke = station({ clock });
      await invoke('id:analyze', { fileName: 'id.png', bytes: new Uint8Array(readFileSync(idFile)) });
      expect((await invoke('face:verify', sameMan)).ok).toBe(true);
      const views = await sampled(invoke, clock, [sameManTurned, sameManTurned, sameManTurned, sameMan]);
      expect(views.map((v) => v.identityInDoubt)).toEqual([false, false, false, false]);
      const finished = await invoke('session:finish', {});
      expect(finished.ok && finished.value.liveness.identity).toMatchObject({ checks: 1, matched: 1, mismatched: 0 });
    });

    it('find the portrait, match the same man live, keep checking him, and record the verdict without images', async () => {
      const savePath = join(workDir, 'record.json');
      const clock = { t: 0 };
      const settings = SettingsStore.inMemory();
      const update = settingsUpdateOf(settings.current());
      await settings.update({ ...update, liveness: { ...update.liveness, fixedChallenges: 'smile' } });
      const invoke = station({ savePath, clock, settings });
      const id = await invoke('id:analyze', { fileName: 'lin_manuel_miranda_1.png', bytes: new Uint8Array(readFileSync(idFile)) });
      if (!id.ok) throw new Error(id.error.message);
      expect(id.value.portrait?.box.width).toBeGreaterThan(100);

      const verified = await invoke('face:verify', sameMan);
      if (!verified.ok) throw new Error(verified.error.message);
      expect(verified.value.match.match).toBe(true);
      expect(verified.value).toMatchObject({ attempt: 1, attemptsLeft: 2, lockout: null });

      // Main judges the smile it asked for from the page's frames, and matches the samples.
      const smile = (t: number) => (t > 1200 && t < 2600 ? { smile: 1, happy: 0.97 } : {});
      const run = await playLivenessPage(invoke, clock, { pose: smile, durationMs: 6000, camera: sameMan });
      expect(run.last).toMatchObject({ status: 'passed', identityInDoubt: false });

      const finished = await invoke('session:finish', {});
      if (!finished.ok) throw new Error(finished.error.message);
      expect(finished.value.verdict).toBe('verified');
      expect(finished.value.reasons.every((r) => r.passed)).toBe(true);

      expect(await invoke('session:export', {})).toEqual({ ok: true, value: { saved: true, path: savePath } });
      const saved = readFileSync(savePath, 'utf8');
      expect(JSON.parse(saved)).toMatchObject({ schema: 'ekyc-session/1', verdict: 'verified', faceMatch: { match: true, attempts: 1 } });
      expect(saved).not.toMatch(/jpeg|rgba|embedding|landmarks/);

      expect(await invoke('session:reset', {})).toEqual({ ok: true, value: { cleared: true } });
      expect(errorOf(await invoke('face:verify', sameMan)).code).toBe('SESSION_STATE');
      expect(errorOf(await invoke('session:export', {})).code).toBe('SESSION_STATE');
    });

    it('zero every embedding they drop: a selfie that did not match, each checked frame, and all of them on "next customer"', async () => {
      const made: Float32Array[] = [];
      const engine: FaceEngine = {
        findPortrait: async (img) => { const found = await analyzer.findPortrait(img); made.push(found.embedding); return found; },
        analyzeSelfie: async (img, label) => { const found = await analyzer.analyzeSelfie(img, label); made.push(found.embedding); return found; },
        detectFaces: (img) => analyzer.detectFaces(img),
        assessPresentation: (frames, label) => analyzer.assessPresentation(frames, label),
        embedFace: async (img, face) => { const e = await analyzer.embedFace(img, face); made.push(e); return e; },
        compare: (a, b, t) => analyzer.compare(a, b, t),
        eyesClosed: (crop, landmarks) => analyzer.eyesClosed(crop, landmarks),
      };
      const clock = { t: 0 };
      const invoke = station({ engine, clock });
      const zero = (e: Float32Array) => e.every((v) => v === 0);
      await invoke('id:analyze', { fileName: 'id.png', bytes: new Uint8Array(readFileSync(idFile)) });
      expect((await invoke('face:verify', otherMan)).ok).toBe(true);
      expect(made.map(zero)).toEqual([false, true]);
      expect((await invoke('face:verify', sameMan)).ok).toBe(true);
      await sampled(invoke, clock, [sameMan]);
      // Kept: the portrait and the verified selfie; the frame checked against them is zeroed.
      expect(made.map(zero)).toEqual([false, true, false, true]);
      await invoke('session:reset', {});
      expect(made.every(zero)).toBe(true);
    });

    it('reject another person, limit the attempts, and flag a change of person during the challenges', async () => {
      const clock = { t: 0 };
      const invoke = station({ clock });
      await invoke('id:analyze', { fileName: 'id.png', bytes: new Uint8Array(readFileSync(idFile)) });
      const wrong = await invoke('face:verify', otherMan);
      if (!wrong.ok) throw new Error(wrong.error.message);
      expect(wrong.value.match.match).toBe(false);
      expect(wrong.value.match.similarity).toBeLessThan(wrong.value.match.threshold);

      const right = await invoke('face:verify', sameMan);
      expect(right.ok && right.value.match.match).toBe(true);
      const [first, second] = await sampled(invoke, clock, [otherMan, otherMan]);
      expect(first).toMatchObject({ identityInDoubt: true, failure: null });
      expect(second).toMatchObject({ status: 'failed', failure: 'identity-changed' });
      const finished = await invoke('session:finish', {});
      expect(finished.ok && finished.value.verdict).toBe('rejected');
      expect(finished.ok && finished.value.liveness.identity).toMatchObject({ mismatched: 2, changed: true });

      await invoke('face:verify', otherMan);
      expect(errorOf(await invoke('face:verify', sameMan))).toMatchObject({ code: 'ATTEMPTS_EXHAUSTED', message: expect.stringMatching(/all 3 match attempts of this session/) });
    });
  });
});
