/**
 * The engine in its own process, as the app runs it: the built engine module forked with
 * child_process.fork, spoken to by EngineClient, behind the station's real handlers. Killed
 * mid-request it answers ENGINE_STOPPED and comes back on the next request; hung, the same.
 */
import { execFileSync } from 'node:child_process';
import { serialize } from 'node:v8';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ENGINE_NICENESS } from '../../../src/shared/engine-contract';
import { ENGINE_STOPPED_MESSAGE } from '../../../src/shared/errors';
import type { IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { EngineClient } from '../../../src/main/engine/engine-client';
import { builtEngineModule, forkEngine, type EngineLink } from '../../../src/main/engine/engine-link';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { decodeImageFile } from '../../../src/main/vision/image-decoder';
import { describeWithFacedata, facedata, repoRoot } from '../../helpers/paths';
import { drawCardFront, VALID_CARD_HOLDER } from '../../e2e/id-card-fixtures';

jest.setTimeout(180_000);

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

let enginePath: string;
beforeAll(() => {
  const dir = join(repoRoot, 'dist', 'main', 'engine');
  if (!existsSync(join(dir, 'engine-process.js'))) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  enginePath = builtEngineModule(dir);
});

function stationOn(engine: EngineClient, chooseIdFile: () => string | null = () => null): Invoke {
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), createStationHandlers({
    faceEngine: async () => engine, mrzEngine: async () => engine, documentEngine: async () => engine, chooseIdFile: async () => chooseIdFile(), saveRecord: async () => null,
  }));
  return ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
}

/** A forked engine whose messages to it are measured as Node's IPC serializes them. */
function measuredEngine(sent: { method: string; bytes: number }[]): () => EngineLink {
  return () => {
    const link = forkEngine(enginePath);
    return { ...link, send: (call) => {
      sent.push({ method: call.method, bytes: serialize(call).length });
      link.send(call);
    }, get pid() {
      return link.pid;
    } };
  };
}

const exited = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

describe('the engine process', () => {
  it('checks the printed page beside its queue: the face calls of the customer\'s next step are answered while the OCR runs', async () => {
    const engine = new EngineClient(() => forkEngine(enginePath));
    try {
      const blank = { data: new Uint8Array(320 * 240 * 3).fill(200), width: 320, height: 240, scale: 1 };
      await engine.detectFaces(blank);
      const portrait = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#a08070' } }).png().toBuffer();
      const { documentId } = await engine.openDocument({ fileName: 'front.jpg', bytes: new Uint8Array(await drawCardFront(portrait, VALID_CARD_HOLDER)), preview: false });
      const answered: string[] = [];
      const check = engine.checkPrintedPage([documentId], { birthDate: VALID_CARD_HOLDER.birthDate, expirationDate: VALID_CARD_HOLDER.expirationDate, sex: VALID_CARD_HOLDER.sex }).then((c) => {
        answered.push('check');
        return c;
      });
      await engine.detectFaces(blank);
      answered.push('faces');
      expect(await check).toMatchObject({ dates: { birthDate: { status: 'matches' }, expirationDate: { status: 'matches' } } });
      expect(answered).toEqual(['faces', 'check']);
    } finally {
      engine.dispose();
    }
  });

  it('passes the engine\'s typed errors through unchanged (no face on a blank frame)', async () => {
    const engine = new EngineClient(() => forkEngine(enginePath));
    try {
      const blank = { data: new Uint8Array(320 * 240 * 3).fill(200), width: 320, height: 240, scale: 1 };
      await expect(engine.analyzeSelfie(blank, 'the blank frame')).rejects.toMatchObject({ name: 'EkycError', code: 'NO_FACE', message: expect.stringContaining('the blank frame') });
      // A request the contract refuses never reaches a model.
      await expect(engine.call('detect-faces', { image: { data: new Uint8Array(5), width: 2, height: 2, scale: 1 } })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/image\.data must be 12 RGB bytes for 2x2/) });
    } finally {
      engine.dispose();
    }
  });

  it('that hangs past its timeout is killed, and the call ends with ENGINE_STOPPED', async () => {
    const stopped: string[] = [];
    // 50 ms is far less than loading the face models takes: the first call outlives it.
    const engine = new EngineClient(() => forkEngine(enginePath), { timeoutMs: 50, onStopped: (why) => stopped.push(why) });
    const blank = { data: new Uint8Array(64 * 64 * 3), width: 64, height: 64, scale: 1 };
    const call = engine.detectFaces(blank);
    const pid = engine.pid!;
    await expect(call).rejects.toMatchObject({ code: 'ENGINE_STOPPED', message: ENGINE_STOPPED_MESSAGE, details: { method: 'detect-faces', why: expect.stringMatching(/did not answer detect-faces within 0\.05 s/) } });
    expect(stopped).toEqual([expect.stringMatching(/did not answer/)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(exited(pid)).toBe(true);
    engine.dispose();
  });
});

/** A thread's name, or '' once it has ended between listing and reading. */
function threadName(pid: number, tid: string): string {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'latin1').trim();
  } catch {
    return '';
  }
}

describeWithFacedata('the station with its engine forked, with a real face from ../shared/facedata', () => {
  const idFile = facedata('verification', 'lin_manuel_miranda_1.png');

  it('answers find-portrait without pixels (main turns its own copy) and runs every thread below main', async () => {
    const engine = new EngineClient(() => forkEngine(enginePath));
    try {
      const reply = await engine.call('find-portrait', { image: await decodeImageFile(idFile) });
      expect(Object.keys(reply).sort()).toEqual(['embedding', 'portrait']);
      expect(reply.portrait.rotation).toBe(0);
      if (process.platform !== 'linux') return;
      // Niceness is per thread on Linux; by now the models' and libvips' threads have started.
      const niceness = readdirSync(`/proc/${engine.pid}/task`).map((tid) => Number(readFileSync(`/proc/${engine.pid}/task/${tid}/stat`, 'latin1').split(') ')[1].split(' ')[16]));
      expect(niceness.length).toBeGreaterThan(3);
      expect(niceness.filter((n) => n < ENGINE_NICENESS)).toEqual([]);
    } finally {
      engine.dispose();
    }
  });

  it('loads its models on load-models, before any document: the OCR workers are running, and the first read starts none', async () => {
    const engine = new EngineClient(() => forkEngine(enginePath));
    // libvips grows its own pool of "libvips worker" threads as images come (one more on some
    // runs, none on others): they are not what this test is about, so only the others count.
    const threads = (): number =>
      readdirSync(`/proc/${engine.pid}/task`).filter((tid) => threadName(engine.pid!, tid) !== 'libvips worker').length;
    try {
      expect(await engine.loadModels()).toEqual(['faces', 'mrz', 'apparent-age']);
      if (process.platform !== 'linux') return;
      const loaded = threads();
      const invoke = stationOn(engine, () => facedata('idcards', 'passport-td3.jpg'));
      const opened = await invoke('id:open-file', { preview: false });
      if (!opened.ok || opened.value.canceled) throw new Error('the passport did not open');
      const reading = await invoke('document:read-mrz', { documentId: opened.value.document.documentId });
      if (!reading.ok) throw new Error(`${reading.error.code}: ${reading.error.message}`);
      expect(reading.value.mrz.format).toBe('TD3');
      // Tesseract's two workers are threads of their own, with threads of their own: started by
      // load-models, so the read found them running (loaded lazily, the read started 6 threads).
      expect(threads()).toBeLessThanOrEqual(loaded);
    } finally {
      engine.dispose();
    }
  });

  it('keeps the opened document in the engine: analysis, MRZ read, printed-dates and portrait-age checks send the handle only, and the session\'s end releases it', async () => {
    const sent: { method: string; bytes: number }[] = [];
    const engine = new EngineClient(measuredEngine(sent));
    try {
      const invoke = stationOn(engine, () => facedata('idcards', 'passport-td3.jpg'));
      const opened = await invoke('id:open-file', { preview: true });
      if (!opened.ok || opened.value.canceled) throw new Error('the passport did not open');
      const { documentId } = opened.value.document;
      expect(opened.value.document.preview!.width).toBeGreaterThan(0);
      const analysis = await invoke('id:analyze', { documentId });
      if (!analysis.ok) throw new Error(`${analysis.error.code}: ${analysis.error.message}`);
      const reading = await invoke('document:read-mrz', { documentId });
      if (!reading.ok) throw new Error(`${reading.error.code}: ${reading.error.message}`);
      expect(reading.value.mrz.format).toBe('TD3');
      // The file's path went to the engine, never its bytes or pixels: every message is small.
      // The zone's reading starts the printed dates' and the portrait age's checks, by handle too, in the engine.
      expect(sent.map((s) => s.method)).toEqual(['open-document', 'analyze-document', 'read-document-mrz', 'check-printed-page', 'estimate-portrait-age']);
      expect(Math.max(...sent.map((s) => s.bytes))).toBeLessThan(1024);
      const record = await invoke('session:finish', {});
      if (!record.ok) throw new Error(`${record.error.code}: ${record.error.message}`);
      expect(record.value.document.printedDates).toEqual({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 });
      expect(record.value.document.portraitAge).toEqual({ status: 'consistent' });

      expect((await invoke('session:reset', {})).ok).toBe(true);
      expect(sent.map((s) => s.method).at(-1)).toBe('release-documents');
      expect(await invoke('document:read-mrz', { documentId })).toMatchObject({ ok: false, error: { code: 'SESSION_STATE', message: expect.stringContaining('no longer open') } });
    } finally {
      engine.dispose();
    }
  });

  it('killed mid face:verify answers ENGINE_STOPPED, then restarts and verifies on the next request', async () => {
    const stopped: string[] = [];
    const engine = new EngineClient(() => forkEngine(enginePath), { onStopped: (why) => stopped.push(why) });
    try {
      const invoke = stationOn(engine);
      const { readFileSync } = await import('node:fs');
      const analysis = await invoke('id:analyze', { fileName: 'id.png', bytes: new Uint8Array(readFileSync(idFile)) });
      expect(analysis.ok && analysis.value.portrait).toBeTruthy();
      // The same man live (his clip), not the ID photo itself: that is refused as a presentation attack.
      const live = execFileSync('ffmpeg', ['-v', 'error', '-ss', '6.5', '-i', facedata('liveness', 'hamilton_clip.mp4'), '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-']);
      const { data, info } = await sharp(live).extract({ left: 90, top: 0, width: 320, height: 240 }).resize(640, 480).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const frame = { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };

      const firstPid = engine.pid!;
      const inFlight = invoke('face:verify', frame);
      // The frame is on its way to the engine (or being analysed there) when the engine dies.
      await new Promise((r) => setTimeout(r, 20));
      process.kill(firstPid, 'SIGKILL');
      const killed = await inFlight;
      expect(killed).toEqual({ ok: false, error: { code: 'ENGINE_STOPPED', message: ENGINE_STOPPED_MESSAGE, details: { method: 'analyze-selfie', why: 'the engine killed by SIGKILL' } } });
      expect(stopped).toEqual(['killed by SIGKILL']);

      const next = await invoke('face:verify', frame);
      if (!next.ok) throw new Error(`${next.error.code}: ${next.error.message}`);
      expect(next.value).toMatchObject({ match: { match: true }, attempt: 1 });
      expect(engine.pid).not.toBe(firstPid);
    } finally {
      engine.dispose();
    }
  });
});
