/**
 * The review band at the station, on the real models: a match scoring between the decline
 * and the accept threshold is referred to a supervisor, whose decision lets the customer on
 * to liveness or counts as a failed match, and goes in the record with their ID and the time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { errorOf, valueOf } from '../../helpers/ipc-replies';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { REVIEW_BAND_DECLINE_BELOW } from '../../../src/shared/defaults';
import { MATCH_PRESETS, settingsUpdateOf } from '../../../src/shared/operator-settings';
import { FADED_PRINT } from '../../helpers/images';
import { describeWithFacedata, facedata } from '../../helpers/paths';
import { playLivenessPage } from '../../helpers/liveness-driver';

jest.setTimeout(180_000);

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;
type Frame = { width: number; height: number; rgba: Uint8Array };

const START = Date.parse('2026-03-02T09:00:00.000Z');

let analyzer: FaceAnalyzer;
let workDir: string;

beforeAll(async () => {
  analyzer = await FaceAnalyzer.create();
  workDir = mkdtempSync(join(tmpdir(), 'ekyc-referral-'));
});
afterAll(async () => {
  await analyzer?.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

/** A station on the strictest preset (accept at 0.50), with a clock the test moves. */
async function station() {
  const clock = { ms: START, t: 0 };
  const settings = SettingsStore.inMemory();
  const update = settingsUpdateOf(settings.current());
  await settings.update({ ...update, matchPreset: 'strictest', liveness: { ...update.liveness, fixedChallenges: 'smile' } });
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  const handlers = createStationHandlers({ faceEngine: async () => analyzer, chooseIdFile: async () => null, saveRecord: async () => null, settings, now: () => new Date(clock.ms), monotonicMs: () => clock.t });
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
  return { invoke: ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke, clock };
}

async function rgbaFrame(input: string | Buffer, crop?: { left: number; top: number; width: number; height: number }): Promise<Frame> {
  let img = sharp(input).removeAlpha();
  if (crop) img = img.extract(crop);
  const { data, info } = await img.resize(640, 480, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

describeWithFacedata('a match referred to a supervisor, with real faces from ../shared/facedata', () => {
  const strictest = MATCH_PRESETS.strictest.threshold;
  /** His ID photo as an old, faded, low-resolution print: same man, a borderline score. */
  let fadedId: { fileName: string; bytes: Uint8Array };
  let clearId: { fileName: string; bytes: Uint8Array };
  let sameMan: Frame;
  let impostor: Frame;

  beforeAll(async () => {
    const idFile = facedata('verification', 'lin_manuel_miranda_1.png');
    const faded = join(workDir, 'faded-id.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', idFile, '-vf', FADED_PRINT, faded]);
    fadedId = { fileName: 'faded-id.png', bytes: new Uint8Array(readFileSync(faded)) };
    clearId = { fileName: 'lin_manuel_miranda_1.png', bytes: new Uint8Array(readFileSync(idFile)) };
    const still = join(workDir, 'hamilton-6.5s.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '6.5', '-i', facedata('liveness', 'hamilton_clip.mp4'), '-frames:v', '1', still]);
    sameMan = await rgbaFrame(still, { left: 90, top: 0, width: 320, height: 240 });
    impostor = await rgbaFrame(facedata('verification', 'obama_1.jpg'));
  });

  async function referred() {
    const s = await station();
    valueOf(await s.invoke('id:analyze', fadedId));
    const reply = valueOf(await s.invoke('face:verify', sameMan));
    console.log(`faded ID against the man: similarity ${reply.match.similarity.toFixed(3)} (accept at ${strictest}, decline below ${REVIEW_BAND_DECLINE_BELOW})`);
    return { ...s, reply };
  }

  it('refers a borderline match: not a match, no attempt used up yet, liveness and another match wait for the supervisor', async () => {
    const { invoke, reply } = await referred();
    expect(reply.match).toMatchObject({ decision: 'refer', match: false, threshold: strictest, declineBelow: REVIEW_BAND_DECLINE_BELOW });
    expect(reply.match.similarity).toBeGreaterThanOrEqual(REVIEW_BAND_DECLINE_BELOW);
    expect(reply.match.similarity).toBeLessThan(strictest);
    expect(reply).toMatchObject({ attempt: 1, attemptsLeft: 2, lockout: null });
    expect(errorOf(await invoke('liveness:start', {}))).toMatchObject({ code: 'SESSION_STATE', message: expect.stringMatching(/have the supervisor accept it/) });
    expect(errorOf(await invoke('face:verify', sameMan))).toMatchObject({ code: 'SESSION_STATE', message: expect.stringMatching(/referred to a supervisor/) });
  });

  it('lets the customer on to liveness when the supervisor accepts, and records who and when', async () => {
    const { invoke, clock } = await referred();
    clock.ms += 40_000;
    const decided = valueOf(await invoke('face:supervisor-decision', { decision: 'accept', supervisorId: '  S-0042 Dana ' }));
    expect(decided.faceMatch).toMatchObject({ decision: 'refer', match: true, supervisor: { decision: 'accept', supervisorId: 'S-0042 Dana', decidedAt: '2026-03-02T09:00:40.000Z' } });
    expect(errorOf(await invoke('face:supervisor-decision', { decision: 'decline', supervisorId: 'S-0042' })).code).toBe('SESSION_STATE');
    // Main judges the smile it asked for; the samples match the accepted selfie.
    const smile = (t: number) => (t > 1200 && t < 2600 ? { smile: 1, happy: 0.97 } : {});
    const run = await playLivenessPage(invoke, clock, { pose: smile, durationMs: 6000, camera: sameMan });
    expect(run.last).toMatchObject({ status: 'passed', identityInDoubt: false });

    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('verified');
    expect(record.faceMatch).toMatchObject({ decision: 'refer', match: true, threshold: strictest, declineBelow: REVIEW_BAND_DECLINE_BELOW, supervisor: { decision: 'accept', supervisorId: 'S-0042 Dana', decidedAt: '2026-03-02T09:00:40.000Z' } });
    expect(record.reasons.find((r) => r.code === 'face-match')).toMatchObject({ passed: true, flagged: true, message: expect.stringMatching(/^supervisor S-0042 Dana accepted the referred match at 2026-03-02T09:00:40.000Z: .*accept at 0\.500, decline below 0\.250/) });
  });

  it('counts a declined referral as a failed match on the document, across "Next customer"', async () => {
    const { invoke } = await referred();
    const declined = valueOf(await invoke('face:supervisor-decision', { decision: 'decline', supervisorId: 'S-0042' }));
    expect(declined).toMatchObject({ faceMatch: { match: false, supervisor: { decision: 'decline' } }, attemptsLeft: 2, lockout: null });
    expect(errorOf(await invoke('liveness:start', {})).code).toBe('SESSION_STATE');
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.reasons.find((r) => r.code === 'face-match')).toMatchObject({ passed: false, message: expect.stringMatching(/^supervisor S-0042 declined/) });

    valueOf(await invoke('session:reset', {}));
    valueOf(await invoke('id:analyze', fadedId));
    const [second, third] = [valueOf(await invoke('face:verify', impostor)), valueOf(await invoke('face:verify', impostor))];
    expect([second.attempt, third.attempt, third.attemptsLeft]).toEqual([2, 3, 0]);
    expect(third.lockout).toMatchObject({ scope: 'document', failedMatches: 3 });
  });

  it('counts a referral left undecided as a failed match, and the session is not verified', async () => {
    const { invoke } = await referred();
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    expect(record.faceMatch).toMatchObject({ decision: 'refer', match: false, supervisor: null });
    expect(record.reasons.find((r) => r.code === 'face-match')?.message).toMatch(/^referred to a supervisor, who gave no decision \(similarity 0\.\d{3}, accept at 0\.500, decline below 0\.250, attempt 1\)/);
    expect(errorOf(await invoke('face:supervisor-decision', { decision: 'accept', supervisorId: 'S-0042' })).code).toBe('SESSION_STATE');
    valueOf(await invoke('session:reset', {}));
    valueOf(await invoke('id:analyze', fadedId));
    expect(valueOf(await invoke('face:verify', impostor)).attempt).toBe(2);
  });

  it('refuses a supervisor decision when no match was referred, and a decision without a supervisor ID', async () => {
    const { invoke } = await station();
    expect(errorOf(await invoke('face:supervisor-decision', { decision: 'accept', supervisorId: 'S-0042' })).code).toBe('SESSION_STATE');
    valueOf(await invoke('id:analyze', clearId));
    expect(valueOf(await invoke('face:verify', sameMan)).match.decision).toBe('match');
    expect(errorOf(await invoke('face:supervisor-decision', { decision: 'accept', supervisorId: 'S-0042' })).code).toBe('SESSION_STATE');
    for (const bad of [{ decision: 'accept', supervisorId: '   ' }, { decision: 'maybe', supervisorId: 'S-0042' }, { decision: 'accept', supervisorId: 'x'.repeat(65) }, { decision: 'accept', supervisorId: '<img src=x>' }, { decision: 'accept' }]) {
      expect(errorOf(await invoke('face:supervisor-decision', bad)).code).toBe('INVALID_REQUEST');
    }
  });
});
