/**
 * Main judges liveness: the real handlers and face models, main's clock moved by the test,
 * and a page played by code (test/helpers/liveness-driver.ts). Whatever the page claims,
 * only main's judgement of the frames reaches the record; forged outcomes, replayed frames,
 * a wrong challenge count and frames after a timeout all end "rejected".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { MAX_FRAME_LATENCY_MS } from '../../../src/main/ipc/liveness-judge';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { rgbImageFromRgba } from '../../../src/main/vision/image-decoder';
import type { CameraFrame, IpcChannel, LivenessView } from '../../../src/shared/ipc-contract';
import { settingsUpdateOf } from '../../../src/shared/operator-settings';
import { LIVENESS_RETRIES } from '../../../src/shared/defaults';
import { errorOf } from '../../helpers/ipc-replies';
import { describeWithFacedata, facedataDir as facedata } from '../../helpers/paths';
import { framePayload, playLivenessPage, valueOf, withNoise, type FakeClock, type Invoke } from '../../helpers/liveness-driver';

// Each sample is a real face detection and embedding: seconds apiece on a busy 2-core machine.
jest.setTimeout(300_000);

let analyzer: FaceAnalyzer;
let workDir: string;

beforeAll(async () => {
  analyzer = await FaceAnalyzer.create();
  workDir = mkdtempSync(join(tmpdir(), 'ekyc-liveness-'));
});
afterAll(async () => {
  await analyzer?.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

async function rgbaFrame(file: string, crop?: { left: number; top: number; width: number; height: number }): Promise<CameraFrame> {
  let img = sharp(file).removeAlpha();
  if (crop) img = img.extract(crop);
  const { data, info } = await img.resize(640, 480, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** The station with the operator's challenge settings and a clock the test moves. */
async function station(liveness: { fixedChallenges?: string; challengesPerSession?: number }, clock: FakeClock): Promise<Invoke> {
  const settings = SettingsStore.inMemory();
  const update = settingsUpdateOf(settings.current());
  await settings.update({ ...update, liveness: { ...update.liveness, ...liveness } });
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  const handlers = createStationHandlers({
    faceEngine: async () => analyzer,
    chooseIdFile: async () => null,
    saveRecord: async () => null,
    settings,
    monotonicMs: () => clock.t,
    random: (() => { let s = 7; return () => ((s = (s * 16807) % 2147483647) / 2147483647); })(),
  });
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
  return ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
}

/** 0 .. 1 .. 0 over [at, at + ms]: a gesture made and released. */
const pulse = (t: number, at: number, ms: number): number => (t < at || t > at + ms ? 0 : Math.sin((Math.PI * (t - at)) / ms));
const smilingAt = (at: number) => (t: number) => ({ smile: pulse(t, at, 1400), happy: 0.97 * pulse(t, at, 1400) });

describeWithFacedata('main judges liveness (real models, ../shared/facedata)', () => {
  const idFile = join(facedata, 'verification', 'lin_manuel_miranda_1.png');
  let sameMan: CameraFrame;

  beforeAll(async () => {
    const still = join(workDir, 'hamilton-6.5s.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '6.5', '-i', join(facedata, 'liveness', 'hamilton_clip.mp4'), '-frames:v', '1', still]);
    sameMan = await rgbaFrame(still, { left: 90, top: 0, width: 320, height: 240 });
  });

  /** A verified customer: his ID and a matching selfie. */
  async function verified(liveness: { fixedChallenges?: string; challengesPerSession?: number }, clock: FakeClock, capture: CameraFrame = sameMan): Promise<Invoke> {
    const invoke = await station(liveness, clock);
    valueOf(await invoke('id:analyze', { fileName: 'id.png', bytes: new Uint8Array(readFileSync(idFile)) }));
    expect(valueOf(await invoke('face:verify', capture)).match.match).toBe(true);
    return invoke;
  }

  /**
   * The same moment of the footage as a grainy camera gives it (ffmpeg's noise filter, 4 grey
   * levels, fixed seed): the presentation-attack model reads grain as a medium's texture and
   * scores this frame P(live) 0.63, under the 0.70 it needs, while the clean frame scores 1.00.
   */
  async function grainyCapture(): Promise<CameraFrame> {
    const still = join(workDir, 'hamilton-5.0s-grain4.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '5.0', '-i', join(facedata, 'liveness', 'hamilton_clip.mp4'), '-vf', 'crop=320:240:90:0,scale=640:480,noise=alls=4:allf=t', '-frames:v', '1', still]);
    return rgbaFrame(still);
  }

  const livenessReason = (record: { reasons: { code: string; passed: boolean }[] }) => record.reasons.filter((r) => r.code === 'liveness-challenge');

  it('verifies a customer who smiles when main asks, judged on frames and samples alone', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    const run = await playLivenessPage(invoke, clock, { pose: smilingAt(1200), durationMs: 6000, camera: sameMan });
    expect(run.start.challenges).toEqual(['smile']);
    expect(run.views.some((v) => v.status === 'running' && v.challenges[0].status === 'active')).toBe(true);
    expect(run.last).toMatchObject({ status: 'passed', failure: null, outcomes: [{ challenge: 'smile', passed: true }] });
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('verified');
    // The session's samples were judged for presentation attacks too, and passed.
    expect(record.presentationAttack).toBeNull();
    expect(record.liveness.challenges).toEqual([{ challenge: 'smile', passed: true, durationMs: expect.any(Number) }]);
    expect(record.liveness.identity.checks).toBeGreaterThan(0);
  });

  it('refuses outcomes sent by the page: session:finish takes none, and a frame carries no verdict', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    const start = valueOf(await invoke('liveness:start', {}));
    const forged = await invoke('session:finish', { challenges: [{ challenge: 'smile', passed: true, durationMs: 900 }] });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/unexpected field challenges/) } });
    clock.t += 100;
    const frame = { ...framePayload(start.sessionId, 100, {}, sameMan), passed: true };
    expect(await invoke('liveness:frame', frame)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/unexpected field passed/) } });
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    expect(record.liveness.challenges).toEqual([{ challenge: 'smile', passed: false, durationMs: 0, failure: 'no-face' }]);
  });

  it('rejects a session whose camera samples repeat: one still frame sent again and again', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    const still = withNoise(sameMan, 99);
    const run = await playLivenessPage(invoke, clock, { pose: smilingAt(1200), durationMs: 6000, camera: sameMan, sample: () => still });
    expect(run.last).toMatchObject({ status: 'failed', failure: 'implausible-frames' });
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    expect(record.liveness.challenges).toEqual([expect.objectContaining({ challenge: 'smile', passed: false, failure: 'implausible-frames' })]);
  });

  it('rejects near-identical samples (the same picture re-sent with a few pixels changed) and a replayed frame time', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    const base = withNoise(sameMan, 5);
    const nudged = (n: number): CameraFrame => { const rgba = new Uint8Array(base.rgba); for (let i = 0; i < 40; i++) rgba[(n * 4001 + i * 97) % rgba.length] ^= 1; return { ...base, rgba }; };
    const run = await playLivenessPage(invoke, clock, { pose: smilingAt(1200), durationMs: 6000, camera: sameMan, sample: (_t, n) => nudged(n) });
    expect(run.last).toMatchObject({ status: 'failed', failure: 'implausible-frames' });
    expect(valueOf(await invoke('session:finish', {})).verdict).toBe('rejected');

    const again = await verified({ fixedChallenges: 'smile' }, clock);
    const start = valueOf(await again('liveness:start', {}));
    clock.t += 200;
    valueOf(await again('liveness:frame', framePayload(start.sessionId, 150, {}, sameMan)));
    const replayed = valueOf(await again('liveness:frame', framePayload(start.sessionId, 150, {}, sameMan)));
    expect(replayed).toMatchObject({ status: 'failed', failure: 'implausible-frames' });
  });

  it('refuses frame times main\'s clock cannot have seen: from its future, or long past', async () => {
    for (const timeMs of [5000, 100]) {
      const clock = { t: 1000 };
      const invoke = await verified({ fixedChallenges: 'smile' }, clock);
      const start = valueOf(await invoke('liveness:start', {}));
      clock.t += timeMs === 100 ? 100 + MAX_FRAME_LATENCY_MS + 500 : 300;
      const view = valueOf(await invoke('liveness:frame', framePayload(start.sessionId, timeMs, {}, sameMan)));
      expect(view).toMatchObject({ status: 'failed', failure: 'implausible-frames' });
      expect(valueOf(await invoke('session:finish', {})).verdict).toBe('rejected');
    }
  });

  it('takes the skipped frames a tracked frame carries, and refuses one stamped before the frame main already has', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'blink:1' }, clock);
    const start = valueOf(await invoke('liveness:start', {}));
    clock.t += 400;
    const first = framePayload(start.sessionId, 150, {}, sameMan);
    valueOf(await invoke('liveness:frame', first));
    // The same camera picture, cut at the first frame's square: the eyes are where they were.
    const skipped = [{ timeMs: 183, faceCrop: first.faceCrop! }, { timeMs: 216, faceCrop: first.faceCrop! }];
    const view = valueOf(await invoke('liveness:frame', { ...framePayload(start.sessionId, 250, {}, sameMan), between: skipped }));
    expect(view.status).not.toBe('failed');
    const late = valueOf(await invoke('liveness:frame', { ...framePayload(start.sessionId, 350, {}, sameMan), between: [{ timeMs: 240, faceCrop: first.faceCrop! }] }));
    expect(late).toMatchObject({ status: 'failed', failure: 'implausible-frames', refusal: { code: 'frame-out-of-order' } });
  });

  it('records the challenges main drew, however many the page would claim', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: '', challengesPerSession: 3 }, clock);
    const start = valueOf(await invoke('liveness:start', {}));
    expect(start.challenges).toHaveLength(3);
    const claim = await invoke('session:finish', { challenges: [{ challenge: start.challenges[0], passed: true, durationMs: 800 }] });
    expect(claim).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    // The page does the first challenge only if it is a smile; main still asks for all three.
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    expect(record.liveness.challenges.map((c) => c.challenge)).toEqual(start.challenges);
    expect(livenessReason(record).some((r) => !r.passed)).toBe(true);
  });

  it('fails a challenge on main\'s clock: a smile after the time is up does not count, even in frames stamped in time', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    // Neutral past the smile challenge's 7 s: main ends the session, and the page stops.
    // (A frame's reply reports the judgement so far, which may trail the frames still waiting
    // for their eye state; session:finish waits for all of them, so the outcome is read there.)
    const run = await playLivenessPage(invoke, clock, { pose: () => ({}), durationMs: 9000, camera: sameMan });
    // A smile after the timeout, in a frame stamped after the last one: main's judgement stands.
    const lastTime = 1000 / 15 * Math.ceil((clock.t - 1000) / (1000 / 15));
    clock.t += 100;
    valueOf(await invoke('liveness:frame', framePayload(run.start.sessionId, lastTime + 90, { smile: 1, happy: 0.97 }, sameMan)));
    // The smile never counts. Which failure is recorded depends on which of main's checks ends
    // the session first once the page's frames stop (the challenge's time, or the samples'
    // gap), so both are accepted here; a pass is not.
    const finished = valueOf(await invoke('session:finish', {}));
    expect(finished.verdict).toBe('rejected');
    expect(finished.liveness.challenges).toEqual([expect.objectContaining({ passed: false, failure: expect.stringMatching(/^(timeout|implausible-frames)$/) })]);

    // A page that goes quiet, then sends the smile late with times inside the challenge: main's clock decides.
    const later = await verified({ fixedChallenges: 'smile' }, clock);
    const first = await playLivenessPage(later, clock, { pose: () => ({}), durationMs: 1000, camera: sameMan });
    clock.t += 9000;
    valueOf(await later('liveness:frame', framePayload(first.start.sessionId, 1100, { smile: 1, happy: 0.97 }, sameMan)));
    const record = valueOf(await later('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    expect(record.liveness.challenges[0]).toMatchObject({ passed: false });
  });

  /** A liveness session the customer misses: nobody in view until main's wait for a face is over. */
  async function missed(invoke: Invoke, clock: FakeClock): Promise<{ challenges: string[]; view: LivenessView }> {
    const start = valueOf(await invoke('liveness:start', {}));
    clock.t += 11_200;
    valueOf(await invoke('liveness:frame', framePayload(start.sessionId, 11_100, null, sameMan)));
    clock.t += 100;
    // The next frame's reply carries the judgement of the one before (judged in arrival order).
    const view = valueOf(await invoke('liveness:frame', framePayload(start.sessionId, 11_200, null, sameMan)));
    return { challenges: start.challenges, view };
  }

  it('gives a customer who missed the challenges a new random sequence, at most LIVENESS_RETRIES times, counted by main', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: '', challengesPerSession: 2 }, clock);
    const sequences: string[][] = [];
    for (let attempt = 1; attempt <= 1 + LIVENESS_RETRIES; attempt++) {
      const { challenges, view } = await missed(invoke, clock);
      sequences.push(challenges);
      expect(view).toMatchObject({ status: 'failed', failure: 'no-face', retriesLeft: 1 + LIVENESS_RETRIES - attempt });
    }
    // Each retry asks for a sequence the last one did not.
    for (let i = 1; i < sequences.length; i++) expect(sequences[i]).not.toEqual(sequences[i - 1]);
    // The page asks again past the limit: main refuses, with a typed error, however often it asks.
    for (let i = 0; i < 2; i++) {
      expect(errorOf(await invoke('liveness:start', {}))).toMatchObject({ code: 'LIVENESS_ATTEMPTS_EXHAUSTED', message: expect.stringMatching(/all 3 liveness attempts of this session are used/) });
    }
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    // The record keeps every attempt, in order, with the sequence each asked for.
    expect(record.liveness.attempts?.map((a) => [a.attempt, a.challenges.map((c) => c.challenge), a.retryable])).toEqual(sequences.map((seq, i) => [i + 1, seq, true]));
    expect(record.liveness.challenges.map((c) => c.challenge)).toEqual(sequences.at(-1));
  });

  it('verifies a customer on the retry, and the record still shows the attempt missed first', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    await missed(invoke, clock);
    const run = await playLivenessPage(invoke, clock, { pose: smilingAt(1200), durationMs: 6000, camera: sameMan });
    expect(run.start).toMatchObject({ attempt: 2, maxAttempts: 1 + LIVENESS_RETRIES, drawn: false });
    expect(run.last).toMatchObject({ status: 'passed', retriesLeft: null });
    // Nothing is left to retry once it passed.
    expect(errorOf(await invoke('liveness:start', {})).code).toBe('SESSION_STATE');
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('verified');
    expect(record.liveness.attempts?.map((a) => a.challenges.map((c) => `${c.challenge}:${c.passed ? 'passed' : c.failure}`))).toEqual([['smile:no-face'], ['smile:passed']]);
  });

  it('does not retry a session whose frames main refused, nor one the page abandoned while it ran', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    const start = valueOf(await invoke('liveness:start', {}));
    clock.t += 200;
    valueOf(await invoke('liveness:frame', framePayload(start.sessionId, 150, {}, sameMan)));
    const replayed = valueOf(await invoke('liveness:frame', framePayload(start.sessionId, 150, {}, sameMan)));
    expect(replayed).toMatchObject({ status: 'failed', failure: 'implausible-frames', retriesLeft: 0 });
    expect(errorOf(await invoke('liveness:start', {}))).toMatchObject({ code: 'LIVENESS_NOT_RETRYABLE', message: expect.stringMatching(/refused camera frames \(frame-out-of-order\)/) });

    // Starting again mid-session (to escape a challenge) ends the running one as stopped: it counts, and is final.
    const other = await verified({ fixedChallenges: 'smile' }, clock);
    const first = valueOf(await other('liveness:start', {}));
    clock.t += 200;
    valueOf(await other('liveness:frame', framePayload(first.sessionId, 150, {}, sameMan)));
    expect(errorOf(await other('liveness:start', {})).code).toBe('LIVENESS_NOT_RETRYABLE');
    const record = valueOf(await other('session:finish', {}));
    expect(record.liveness.attempts).toEqual([expect.objectContaining({ attempt: 1, retryable: false, challenges: [expect.objectContaining({ challenge: 'smile', passed: false, failure: 'aborted' })] })]);
  });

  /**
   * The customer's face as a phone held to the camera shows it: the frame around his face,
   * inside a black bezel, before a plain wall. The phone's edges stand a face's width either
   * side of his face, as in spoof-dev's phone replays.
   */
  async function onPhone(frame: CameraFrame): Promise<CameraFrame> {
    const [face] = await analyzer.detectFaces(await rgbImageFromRgba(frame.rgba, frame.width, frame.height));
    const B = 12;
    const screen = { width: Math.min(frame.width - 2 * B, Math.round(face.box.width * 1.8)), height: frame.height - 2 * B };
    const left = Math.min(frame.width - B - screen.width, Math.max(B, Math.round(face.box.x + face.box.width / 2 - screen.width / 2)));
    const top = B;
    const shown = await sharp(Buffer.from(frame.rgba), { raw: { width: frame.width, height: frame.height, channels: 4 } })
      .extract({ left, top, ...screen }).extend({ top: B, bottom: B, left: B, right: B, background: { r: 15, g: 15, b: 18, alpha: 1 } }).png().toBuffer();
    const { data, info } = await sharp({ create: { width: frame.width, height: frame.height, channels: 4, background: { r: 150, g: 140, b: 130, alpha: 1 } } })
      .composite([{ input: shown, left: left - B, top: top - B }]).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  }

  it('rejects a session whose camera samples show the customer on a phone: one decision over the samples, with its reason', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    const phone = await onPhone(sameMan);
    await playLivenessPage(invoke, clock, { pose: smilingAt(1200), durationMs: 6000, camera: sameMan, sample: (_t, n) => withNoise(phone, n + 1) });
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    expect(record.presentationAttack).toMatchObject({ stage: 'liveness', reason: expect.stringMatching(/straight edges frame the face|photo or a screen/) });
    expect(record.reasons).toContainEqual(expect.objectContaining({ passed: false, message: expect.stringMatching(/^presentation attack refused during the liveness checks: /) }));
  });

  it('leaves a capture only the attack model doubts for the liveness samples, which confirm it: verified, and the record says so', async () => {
    const clock = { t: 1000 };
    const capture = await grainyCapture();
    const invoke = await verified({ fixedChallenges: 'smile' }, clock, capture);
    await playLivenessPage(invoke, clock, { pose: smilingAt(1200), durationMs: 6000, camera: sameMan });
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.presentationDeferral).toMatchObject({ score: expect.any(Number), threshold: 0.7, floor: 0.3, confirmed: true });
    expect(record.presentationDeferral!.score).toBeGreaterThanOrEqual(0.3);
    expect(record.presentationDeferral!.score).toBeLessThan(0.7);
    expect(record.presentationAttack).toBeNull();
    expect(record.verdict).toBe('verified');
  });

  it('refuses such a capture when the liveness samples do not confirm it: they show a phone', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock, await grainyCapture());
    const phone = await onPhone(sameMan);
    await playLivenessPage(invoke, clock, { pose: smilingAt(1200), durationMs: 6000, camera: sameMan, sample: (_t, n) => withNoise(phone, n + 1) });
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    expect(record.presentationDeferral).toMatchObject({ confirmed: false });
    expect(record.presentationAttack).toMatchObject({ stage: 'liveness' });
  });

  it('names sessions: frames for another or an ended session are refused', async () => {
    const clock = { t: 1000 };
    const invoke = await verified({ fixedChallenges: 'smile' }, clock);
    expect(await invoke('liveness:frame', framePayload('00000000-0000-4000-8000-000000000000', 10, {}, sameMan))).toMatchObject({ ok: false, error: { code: 'SESSION_STATE' } });
    const start = valueOf(await invoke('liveness:start', {}));
    valueOf(await invoke('session:reset', {}));
    expect(await invoke('liveness:frame', framePayload(start.sessionId, 10, {}, sameMan))).toMatchObject({ ok: false, error: { code: 'SESSION_STATE' } });
  });
});
