/**
 * The brute-force defence of the station handlers, on the real models and a clock the test
 * moves: a document's failed matches survive rescans and "Next customer", and the station
 * locks after 5 failed matches in 3 minutes, with the lockout in the record.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { errorOf, valueOf } from '../../helpers/ipc-replies';
import { MrzReader } from '../../../src/main/document/mrz-reader';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { describeWithFacedata, facedata } from '../../helpers/paths';
import { drawCardBack, drawCardFront, td1Lines, type CardHolder } from '../../e2e/id-card-fixtures';

jest.setTimeout(180_000);

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;
type Frame = { width: number; height: number; rgba: Uint8Array };

const MINUTE = 60_000;
const START = Date.parse('2026-03-02T09:00:00.000Z');

let analyzer: FaceAnalyzer;
let workDir: string;

beforeAll(async () => {
  analyzer = await FaceAnalyzer.create();
  workDir = mkdtempSync(join(tmpdir(), 'ekyc-attempts-'));
});
afterAll(async () => {
  await analyzer?.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

/** One station (one process's worth of handlers) with a clock the test sets. */
function station(options: { mrz?: MrzReader } = {}) {
  const clock = { ms: START };
  let chosen: string | null = null;
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  const handlers = createStationHandlers({
    faceEngine: async () => analyzer,
    ...(options.mrz ? { mrzEngine: async () => options.mrz! } : {}),
    chooseIdFile: async () => chosen,
    saveRecord: async () => null,
    now: () => new Date(clock.ms),
  });
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
  const invoke = ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
  /** The back of a card as the page reads it: opened through the file dialog, read by its handle. */
  const readBack = async (back: { fileName: string; bytes: Uint8Array }) => {
    chosen = join(workDir, back.fileName);
    writeFileSync(chosen, back.bytes);
    const opened = valueOf(await invoke('id:open-file', { preview: false }));
    if (opened.canceled) throw new Error('the back was not opened');
    return invoke('document:read-mrz', { documentId: opened.document.documentId });
  };
  return { invoke, clock, readBack };
}

async function rgbaFrame(file: string, crop?: { left: number; top: number; width: number; height: number }): Promise<Frame> {
  let img = sharp(file).removeAlpha();
  if (crop) img = img.extract(crop);
  const { data, info } = await img.resize(640, 480, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

const image = (fileName: string, bytes: Buffer) => ({ fileName, bytes: new Uint8Array(bytes) });

describeWithFacedata('the station\'s match attempts, with real faces from ../shared/facedata', () => {
  const idFile = facedata('verification', 'lin_manuel_miranda_1.png');
  const otherIdFile = facedata('verification', 'biden_1.jpg');
  let id: ReturnType<typeof image>;
  /** The same ID sent again as another scan would come: JPEG, 85% of the size, a 2% crop. */
  let rescannedId: ReturnType<typeof image>;
  let otherId: ReturnType<typeof image>;
  let sameMan: Frame;
  let impostor: Frame;

  beforeAll(async () => {
    id = image('lin_manuel_miranda_1.png', readFileSync(idFile));
    const meta = await sharp(idFile).metadata();
    const [w, h] = [meta.width!, meta.height!];
    rescannedId = image('rescan.jpg', await sharp(idFile).extract({ left: Math.round(w * 0.02), top: Math.round(h * 0.02), width: Math.round(w * 0.96), height: Math.round(h * 0.96) })
      .resize(Math.round(w * 0.85)).jpeg({ quality: 80 }).toBuffer());
    otherId = image('biden_1.jpg', readFileSync(otherIdFile));
    const still = join(workDir, 'hamilton-6.5s.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '6.5', '-i', facedata('liveness', 'hamilton_clip.mp4'), '-frames:v', '1', still]);
    sameMan = await rgbaFrame(still, { left: 90, top: 0, width: 320, height: 240 });
    impostor = await rgbaFrame(facedata('verification', 'obama_1.jpg'));
  });

  /** Three impostor matches on the ID, ten seconds apart from `clock.ms`. */
  async function useUpAttempts(invoke: Invoke, clock: { ms: number }) {
    valueOf(await invoke('id:analyze', id));
    const replies = [];
    for (let i = 0; i < 3; i++) {
      replies.push(valueOf(await invoke('face:verify', impostor)));
      clock.ms += 10_000;
    }
    return replies;
  }

  it('gives the same ID sent again no new attempts, not even to the man on it', async () => {
    const { invoke, clock } = station();
    const replies = await useUpAttempts(invoke, clock);
    expect(replies.map((r) => [r.match.match, r.attempt, r.attemptsLeft])).toEqual([[false, 1, 2], [false, 2, 1], [false, 3, 0]]);
    expect(replies[2].lockout).toMatchObject({ scope: 'document', failedMatches: 3, limit: 3, windowMinutes: 30, until: new Date(START + 20_000 + 30 * MINUTE).toISOString() });

    for (const again of [id, rescannedId]) {
      valueOf(await invoke('id:analyze', again));
      const refused = errorOf(await invoke('face:verify', sameMan));
      expect(refused).toMatchObject({ code: 'ATTEMPTS_EXHAUSTED', details: { lockout: { scope: 'document', failedMatches: 3 } } });
      expect(refused.message).toMatch(/this document has used its 3 match attempts .* finish the session as not verified/);
    }
  });

  it('gives the same ID no new attempts after "Next customer", and records why the session was refused', async () => {
    const { invoke, clock } = station();
    await useUpAttempts(invoke, clock);
    expect(valueOf(await invoke('session:reset', {}))).toEqual({ cleared: true });
    valueOf(await invoke('id:analyze', rescannedId));
    expect(errorOf(await invoke('face:verify', sameMan)).code).toBe('ATTEMPTS_EXHAUSTED');

    const record = valueOf(await invoke('session:finish', {}));
    expect(record.verdict).toBe('rejected');
    expect(record.faceMatch).toBeNull();
    expect(record.matchLockout).toMatchObject({ scope: 'document', failedMatches: 3, limit: 3 });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'match-lockout', passed: false, value: 3, threshold: 3, message: expect.stringMatching(/this document has used its 3 match attempts/) }));
  });

  it('remembers a document for 30 minutes after its last failed match, then lets it be tried again', async () => {
    const { invoke, clock } = station();
    await useUpAttempts(invoke, clock);
    const lastFailure = clock.ms - 10_000;
    await invoke('session:reset', {});
    valueOf(await invoke('id:analyze', id));
    clock.ms = lastFailure + 30 * MINUTE - 1;
    expect(errorOf(await invoke('face:verify', sameMan)).code).toBe('ATTEMPTS_EXHAUSTED');
    clock.ms = lastFailure + 30 * MINUTE;
    expect(valueOf(await invoke('face:verify', sameMan))).toMatchObject({ match: { match: true }, attempt: 1, lockout: null });
  });

  it('limits one session to 3 matches whatever documents it is given', async () => {
    const { invoke, clock } = station();
    valueOf(await invoke('id:analyze', id));
    valueOf(await invoke('face:verify', impostor));
    valueOf(await invoke('face:verify', impostor));
    valueOf(await invoke('id:analyze', otherId));
    const third = valueOf(await invoke('face:verify', impostor));
    expect(third).toMatchObject({ attempt: 1, attemptsLeft: 0, lockout: null });
    clock.ms += 1000;
    expect(errorOf(await invoke('face:verify', impostor))).toMatchObject({ code: 'ATTEMPTS_EXHAUSTED', message: expect.stringMatching(/all 3 match attempts of this session are used/) });
  });

  it('lets another person\'s ID have its attempts, until 5 failed matches in 3 minutes lock the station', async () => {
    const { invoke, clock } = station();
    await useUpAttempts(invoke, clock); // failures at 0, 10 and 20 s
    await invoke('session:reset', {});
    valueOf(await invoke('id:analyze', otherId));
    const fourth = valueOf(await invoke('face:verify', impostor)); // 30 s
    expect(fourth).toMatchObject({ match: { match: false }, attempt: 1, attemptsLeft: 2, lockout: null });
    clock.ms += 10_000;
    const fifth = valueOf(await invoke('face:verify', impostor)); // 40 s
    expect(fifth).toMatchObject({ attempt: 2, attemptsLeft: 0, lockout: { scope: 'station', failedMatches: 5, limit: 5, windowMinutes: 3, until: new Date(START + 3 * MINUTE).toISOString() } });

    // Locked for every document and every customer, the genuine one included, until the first failure is 3 minutes old.
    await invoke('session:reset', {});
    valueOf(await invoke('id:analyze', otherId));
    clock.ms = START + 3 * MINUTE - 1;
    const locked = errorOf(await invoke('face:verify', sameMan));
    expect(locked).toMatchObject({ code: 'MATCH_LOCKED_OUT', details: { lockout: { scope: 'station', failedMatches: 5 } } });
    expect(locked.message).toMatch(/face matching is locked at this station: 5 failed matches within 3 minutes reached its limit of 5; it reopens at 2026-03-02T09:03:00.000Z/);
    const record = valueOf(await invoke('session:finish', {}));
    expect(record.matchLockout).toEqual({ scope: 'station', failedMatches: 5, limit: 5, windowMinutes: 3, until: '2026-03-02T09:03:00.000Z' });
    expect(record.reasons.find((r) => r.code === 'match-lockout')).toMatchObject({ passed: false, message: expect.stringMatching(/locked at this station/) });
    expect(record.verdict).toBe('rejected');

    // At 3 minutes it reopens: the other ID has one attempt left, and one more failure locks again (the window now starts at 10 s).
    clock.ms = START + 3 * MINUTE;
    await invoke('session:reset', {});
    valueOf(await invoke('id:analyze', otherId));
    const reopened = valueOf(await invoke('face:verify', impostor));
    expect(reopened).toMatchObject({ attempt: 3, attemptsLeft: 0, lockout: { scope: 'station', until: new Date(START + 10_000 + 3 * MINUTE).toISOString() } });
  });

  it('does not count matches that passed against the document', async () => {
    const { invoke, clock } = station();
    valueOf(await invoke('id:analyze', otherId));
    valueOf(await invoke('face:verify', impostor));
    clock.ms += 10_000;
    valueOf(await invoke('face:verify', impostor));
    clock.ms += 10_000;
    await invoke('session:reset', {});
    valueOf(await invoke('id:analyze', id));
    for (let i = 0; i < 3; i++) {
      valueOf(await invoke('face:verify', i < 2 ? sameMan : impostor));
      clock.ms += 10_000;
    }
    // Two matches of the man passed, so his ID has one failure; the station has three.
    await invoke('session:reset', {});
    valueOf(await invoke('id:analyze', rescannedId));
    const matched = valueOf(await invoke('face:verify', sameMan));
    expect(matched).toMatchObject({ match: { match: true }, attempt: 2, attemptsLeft: 2, lockout: null });
  });

  describe('with the MRZ reader', () => {
    let mrz: MrzReader;
    beforeAll(async () => { mrz = await MrzReader.create(); });
    afterAll(async () => { await (mrz as unknown as { dispose?: () => Promise<void> })?.dispose?.(); });

    it('knows the document by its zone when the front carries another portrait', async () => {
      const otherPortrait = readFileSync(facedata('verification', 'angelina_jolie_1.jpg'));
      const holder: CardHolder = { issuingState: 'UTO', documentNumber: 'X4RT98122', surname: 'SAMPLE', givenNames: 'ROBIN', sex: 'F', birthDate: '1981-02-03', expirationDate: '2034-05-06', optionalData: '' };
      const back = image('card-back.jpg', await drawCardBack(td1Lines(holder)));
      const { invoke, readBack } = station({ mrz });
      valueOf(await invoke('id:analyze', image('card-front.jpg', await drawCardFront(readFileSync(idFile), holder))));
      expect(valueOf(await readBack(back)).mrz.checks).toMatchObject({ documentNumber: true, birthDate: true });
      for (let i = 0; i < 3; i++) valueOf(await invoke('face:verify', impostor));
      await invoke('session:reset', {});

      // The same card with another photo on its front: the portrait is new, the zone is not.
      valueOf(await invoke('id:analyze', image('card-front-2.jpg', await drawCardFront(otherPortrait, holder))));
      valueOf(await readBack(back));
      expect(errorOf(await invoke('face:verify', impostor))).toMatchObject({ code: 'ATTEMPTS_EXHAUSTED', details: { lockout: { scope: 'document', failedMatches: 3 } } });

      // Another card's zone with that photo is another document.
      await invoke('session:reset', {});
      valueOf(await invoke('id:analyze', image('card-front-3.jpg', await drawCardFront(otherPortrait, { ...holder, documentNumber: 'Y5SU09233' }))));
      valueOf(await readBack(image('card-back-3.jpg', await drawCardBack(td1Lines({ ...holder, documentNumber: 'Y5SU09233' })))));
      expect(valueOf(await invoke('face:verify', impostor))).toMatchObject({ attempt: 1, attemptsLeft: 2 });
    });
  });
});
