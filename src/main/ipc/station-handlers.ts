/**
 * The station's IPC handlers: plain async functions over checked requests, holding the
 * current customer's session. Electron and the E2E test call exactly these.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { LIVENESS_RETRIES } from '../../shared/defaults';
import { EkycError } from '../../shared/errors';
import type { ChipReadProgress } from '../../shared/chip-types';
import type { DetectedFace } from '../../shared/face-types';
import { ChallengeSequenceDrawer, formatChallenge, parseChallengeList } from '../../shared/liveness/challenges';
import { yawRatio } from '../../shared/liveness/face-geometry';
import { FRONTAL_MAX_YAW_RATIO } from '../../shared/liveness/liveness-defaults';
import { type CameraFrame, type IpcChannel, type IpcContract, type IpcRequest, type SettingsView, type TrustListSummary } from '../../shared/ipc-contract';
import { msg, plural } from '../../shared/messages/catalogue';
import { MATCH_PRESETS, matchThresholdOf } from '../../shared/operator-settings';
import { englishReason } from '../../shared/presentation';
import { isPersonInView, widestFace } from '../../shared/people-in-view';
import { chipFailsDocument, decideVerdict, describeLockout, MAX_MATCH_ATTEMPTS, SAME_PICTURE_SIMILARITY, type ChallengeOutcome, type MatchLockout } from '../../shared/verdict';
import { countryOf } from '../chip/sod';
import { CscaTrustStore } from '../chip/trust-store';
import { keepRecord, recordJson } from '../records/record-keeper';
import { SettingsStore } from '../settings/settings-store';
import { judgeFaceCheckPicture, judgeLivenessSamples, type LivenessSamplesPresentation } from '../vision/face-check-presentation';
import { rgbImageFromRgba, type RgbImage } from '../vision/image-decoder';
import { AttemptLedger, type DocumentIdentity } from './attempt-ledger';
import { CHIP_IDLE, checkSessionChip } from './chip-check';
import { CustomerSession } from './customer-session';
import { DocumentFrames } from './document-frames';
import { settledPortraitAge, startPortraitAgeCheck } from './portrait-age-check';
import { settledPrintedPage, startPrintedPageCheck } from './printed-page-check';
import { FailureWindow } from './failure-window';
import { LivenessJudge, SAMPLE_INTERVAL_MS, type SampleJudgement } from './liveness-judge';
import { LivenessPadFrames, MIN_PAD_SAMPLES } from './liveness-pad-frames';
import { KeptDocuments } from './kept-documents';
import type { DocumentEngine, FaceEngine, StationDeps } from './station-engines';

export type StationHandlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcContract[C]['reply']> };

export function createStationHandlers(deps: StationDeps): StationHandlers {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newSessionId ?? randomUUID;
  const settings = deps.settings ?? SettingsStore.inMemory();
  const startSession = (): CustomerSession => new CustomerSession(newId(), now(), matchThresholdOf(settings.current()));
  const settingsView = async (): Promise<SettingsView> => ({ settings: settings.current(), presets: MATCH_PRESETS, problem: settings.problem, trustList: await summariseTrustList(settings.current().cscaTrustList) });
  let session = startSession();
  // The customer's document images: opened or sent once, named by handle afterwards, kept
  // (and decoded) by the engine when it has a process of its own, else here.
  const local = deps.documentEngine ? null : new KeptDocuments({ faces: deps.faceEngine, mrz: deps.mrzEngine, ages: deps.ageEngine });
  const documents = (): Promise<DocumentEngine> => (local ? Promise.resolve(local) : (deps.documentEngine as () => Promise<DocumentEngine>)());
  // Station-wide, so neither "Next customer" nor a rescan resets them.
  const ledger = deps.attemptLedger ?? new AttemptLedger();
  const failures = deps.failureWindow ?? new FailureWindow();
  const identityOf = (s: CustomerSession): DocumentIdentity => ({ mrzKey: s.mrzKey, portrait: s.portraitEmbedding });
  /** The lockout in force at `t` for the session's document: the station's first, as it covers every document. */
  const lockoutAt = (t: number, documentFailures: number, forgetAt: number | null): MatchLockout | null => {
    const stationUntil = failures.lockedUntil(t);
    if (stationUntil !== null) {
      return { scope: 'station', failedMatches: failures.count(t), limit: failures.limit, windowMinutes: failures.windowMs / 60_000, until: new Date(stationUntil).toISOString() };
    }
    if (documentFailures >= MAX_MATCH_ATTEMPTS && forgetAt !== null) {
      return { scope: 'document', failedMatches: documentFailures, limit: MAX_MATCH_ATTEMPTS, windowMinutes: ledger.memoryMs / 60_000, until: new Date(forgetAt).toISOString() };
    }
    return null;
  };
  // onnxruntime sessions are used one request at a time; calls queue here in arrival order.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const faces = (): Promise<FaceEngine> => deps.faceEngine();
  // Camera frames of a document, judged for the side the page asks for and against the frame before.
  const documentFrames = deps.mrzEngine ? new DocumentFrames(deps.mrzEngine, faces, now) : null;
  let chipProgress: ChipReadProgress = CHIP_IDLE;
  const attemptsLeftAfter = (documentFailures: number, lockout: MatchLockout | null): number =>
    lockout ? 0 : Math.max(0, Math.min(MAX_MATCH_ATTEMPTS - session.attempts, MAX_MATCH_ATTEMPTS - documentFailures));
  /** A declined (or undecided) referral is a failed match for the document and the station. */
  const countReferralAsFailure = (t: number): MatchLockout | null => {
    const after = ledger.recordFailure(identityOf(session), t);
    failures.record(t);
    session.selfieEmbedding?.fill(0);
    session.selfieEmbedding = null;
    const lockout = lockoutAt(t, after.count, after.forgetAt);
    if (lockout) session.matchLockout = lockout;
    return lockout;
  };
  /**
   * A referral still waiting when the session ends (finished, next customer, another
   * document) counts as a failed match, so leaving it undecided gains an attacker nothing.
   */
  const awaitingSupervisor = (): boolean => session.faceMatch?.decision === 'refer' && session.faceMatch.supervisor === null;
  const settleReferral = (): void => {
    if (awaitingSupervisor() && session.selfieEmbedding) countReferralAsFailure(now().getTime());
  };
  // Liveness: main draws the challenges and judges them (LivenessJudge); the page only reports what it sees.
  const monotonicMs = deps.monotonicMs ?? (() => performance.now());
  const drawer = new ChallengeSequenceDrawer(deps.random ?? (() => randomInt(2 ** 32) / 2 ** 32));
  let liveness: LivenessJudge | null = null;
  let livenessOwner: CustomerSession | null = null;
  let identityChecking = false;
  const maxLivenessAttempts = 1 + LIVENESS_RETRIES;
  /** Judges whose ending is in their customer session's record already. */
  const recordedJudges = new WeakSet<LivenessJudge>();
  /** A liveness session that is over goes into its customer session's attempts, once. */
  const recordAttempt = (judge: LivenessJudge, owner: CustomerSession, challenges: ChallengeOutcome[]): void => {
    if (recordedJudges.has(judge)) return;
    recordedJudges.add(judge);
    owner.livenessAttempts.push({ attempt: judge.count.attempt, challenges, identity: { ...owner.identity }, refusal: judge.refusal, retryable: judge.notRetryable === null });
  };
  /**
   * Another document or another match ends the liveness session (its samples were checked
   * against a face that is no longer the reference); it stays in the record and counts. Sync,
   * for handlers in the engine's queue, which frames in flight wait on.
   */
  const endLiveness = (): void => {
    if (liveness && livenessOwner === session) recordAttempt(liveness, session, liveness.abandon());
    liveness = null;
  };
  // The liveness session's samples, for one presentation-attack decision over the session at session:finish.
  const padFrames = new LivenessPadFrames();
  let padFramesAdded: Promise<void> = Promise.resolve();
  /**
   * Presentation-attack detection over the liveness samples: an attack found there makes the
   * session "not verified" with its reason, as one at the face check does. "Cannot decide"
   * (too few samples, no face, several people in most samples) adds nothing unless the face
   * check left its picture for these samples to confirm; then it refuses
   * (src/main/vision/face-check-presentation.ts). The frames are zeroed whatever the outcome.
   */
  const assessLivenessSamples = async (): Promise<void> => {
    try {
      // A sample that could not be kept was refused in its own reply; the others are judged.
      await padFramesAdded.catch(() => undefined);
      if (session.presentationAttack) return;
      const deferral = session.presentationDeferral;
      let samples: LivenessSamplesPresentation;
      if (padFrames.count < MIN_PAD_SAMPLES) {
        samples = { undecided: plural('pad.undecided.fewSamples', padFrames.count, { needed: MIN_PAD_SAMPLES }) };
      } else {
        try {
          samples = { judged: await serial(async () => (await faces()).assessPresentation(padFrames.all, 'the liveness samples')) };
        } catch (err) {
          if (!(err instanceof EkycError && (err.code === 'NO_FACE' || err.code === 'MULTIPLE_FACES'))) throw err;
          samples = { undecided: err.code === 'NO_FACE' ? msg('pad.undecided.noFace') : msg('pad.undecided.multipleFaces', { faces: Number(err.details?.faces ?? 2) }) };
        }
      }
      const outcome = judgeLivenessSamples(samples, deferral);
      if (deferral) deferral.confirmed = outcome.confirmed;
      if (outcome.attack) {
        session.presentationAttack = { reason: englishReason(outcome.findings) ?? 'presentation attack', findings: outcome.findings, score: outcome.score ?? 0, threshold: outcome.threshold ?? 0, stage: 'liveness', at: now().toISOString() };
      }
    } finally {
      padFrames.clear();
    }
  };
  const judgeOf = (sessionId: string): LivenessJudge => {
    if (!liveness || livenessOwner !== session || liveness.sessionId !== sessionId) {
      throw new EkycError('SESSION_STATE', 'no such liveness session: start one (liveness:start) after the face match; a new match or customer ends the last one');
    }
    return liveness;
  };
  /** One sampled frame against the verified selfie; counts in the session's identity continuity. */
  const checkIdentity = async (frame: CameraFrame): Promise<SampleJudgement> => {
    const selfie = session.selfieEmbedding;
    if (!selfie) throw new EkycError('SESSION_STATE', 'the verified face is gone (a new document or customer): start the liveness check again');
    const engine = await faces();
    const image = await frameImage(frame);
    const found = foregroundFaces(await engine.detectFaces(image));
    // Only one face, usable by the selfie minimums and facing the camera, is judged: the
    // thresholds are calibrated on usable faces, and a face turned away matches its own selfie
    // poorly (0.36-0.48 mid-turn on the E2E footage, against 0.40), so a turn challenge would
    // read as another person. Unjudged samples do not count as checks, so a session whose
    // every sample is unjudged still fails continuity (no frame matched). A second person is
    // caught by the challenge session's own face count.
    if (found.length !== 1 || found[0].quality.problems.length > 0 || Math.abs(yawRatio(found[0].landmarks)) > FRONTAL_MAX_YAW_RATIO) {
      return { sameIdentity: null, identityChanged: session.identity.changed };
    }
    const frameEmbedding = await engine.embedFace(image, found[0]);
    // Same person or not: no review band between frames of one camera.
    const match = engine.compare(selfie, frameEmbedding, session.identity.threshold, session.identity.threshold);
    frameEmbedding.fill(0);
    const changed = session.recordIdentityCheck(match.similarity, match.match);
    return { sameIdentity: match.match, identityChanged: changed };
  };

  return {
    async 'id:open-file'(request) {
      const path = await deps.chooseIdFile();
      if (path === null) return { canceled: true };
      const document = await (await documents()).openDocument({ fileName: basename(path), path, preview: request.preview });
      return { canceled: false, document };
    },

    'id:analyze': (request) => serial(async () => {
      const store = await documents();
      const documentId = 'documentId' in request ? request.documentId : (await store.openDocument({ fileName: request.fileName, bytes: request.bytes, preview: false })).documentId;
      const { fileName, preview, portrait, embedding, portraitProblem } = await store.analyzeDocument(documentId);
      // Another document: a referral left waiting on the last one counts as a failure.
      settleReferral();
      endLiveness();
      session.setPortrait(portrait, embedding);
      session.documentImages = [documentId];
      return { documentId, fileName, preview, portrait, portraitProblem };
    }),

    'document:read-mrz': (request) => serial(async () => {
      if (!deps.mrzEngine) throw new EkycError('NO_MRZ', 'this station has no MRZ reader installed; enter the document data by hand');
      const reading = await (await documents()).readDocumentMrz(request.documentId);
      const { fields, checks } = reading.mrz;
      const mrzKey = ledger.mrzKeyOf(fields, checks.documentNumber && checks.birthDate);
      session.setMrz(reading, settings.current().retention.namesAndNumbers ? 'names-and-numbers' : 'checks-only', mrzKey);
      // The zone's dates and sex against those printed on the front analysed and this image (a card's
      // back, or the data page again; a back read before replaces the last one): in the
      // background, outside the queue, so the reply does not wait.
      session.documentImages = [...new Set([...session.documentImages.slice(0, 1), request.documentId])];
      session.printedPage = startPrintedPageCheck(documents(), session.documentImages, { birthDate: fields.birthDate, expirationDate: fields.expirationDate, sex: fields.sex });
      // The portrait id:analyze found (on documentImages[0]) against the zone's birth date: in the background too.
      session.portraitAge = session.portraitEmbedding
        ? startPortraitAgeCheck(documents(), session.documentImages[0], { birthDate: fields.birthDate, expirationDate: fields.expirationDate }, now())
        : null;
      return reading;
    }),

    // Not queued behind the station's calls: no OCR runs for it, at most the face detector (document-frames.ts).
    'document:assess-frame': async (request) => {
      if (!documentFrames) throw new EkycError('NO_MRZ', 'this station has no MRZ reader installed: take the picture with "Take picture"');
      return documentFrames.assess(request);
    },

    // A camera picture of a card's back: kept like a chosen file, for document:read-mrz.
    'document:open-image': async (request) => {
      const { documentId } = await (await documents()).openDocument({ fileName: request.fileName, bytes: request.bytes, preview: false });
      return { documentId };
    },

    'chip:read': () => serial(async () => {
      try {
        return await checkSessionChip(session, { opener: deps.chipOpener, waitMs: deps.chipWaitMs, trustListPath: settings.current().cscaTrustList, faces, onProgress: (p) => { chipProgress = p; } });
      } finally {
        chipProgress = CHIP_IDLE;
      }
    }),
    // Not queued behind the read it reports on.
    'chip:progress': async () => ({ ...chipProgress }),

    'face:verify': (request) => serial(async () => {
      if (!session.portraitEmbedding) throw new EkycError('SESSION_STATE', 'no ID portrait yet: load the ID document first');
      if (awaitingSupervisor() && session.selfieEmbedding) throw new EkycError('SESSION_STATE', 'the last match was referred to a supervisor: their decision comes before another match');
      const t = now().getTime();
      const before = ledger.failures(identityOf(session), t);
      const refusal = lockoutAt(t, before.count, before.forgetAt);
      if (refusal) {
        session.matchLockout = refusal;
        session.record = null;
        throw new EkycError(refusal.scope === 'station' ? 'MATCH_LOCKED_OUT' : 'ATTEMPTS_EXHAUSTED', `${describeLockout(refusal)}; finish the session as not verified`, { lockout: refusal });
      }
      if (session.attempts >= MAX_MATCH_ATTEMPTS) {
        throw new EkycError('ATTEMPTS_EXHAUSTED', `all ${MAX_MATCH_ATTEMPTS} match attempts of this session are used; the customer cannot be verified in this session`);
      }
      const engine = await faces();
      const { face, embedding, presentation } = await engine.analyzeSelfie(await frameImage(request), 'the camera picture');
      // The chip photo, when read and verified in this session, is the issuer's picture: the
      // reference. The printed portrait still counts for the same-picture check below.
      const reference = session.chipEmbedding ? 'chip' : 'printed';
      const match = engine.compare(session.chipEmbedding ?? session.portraitEmbedding, embedding, session.matchThreshold);
      const printedSimilarity = session.chipEmbedding ? engine.compare(session.portraitEmbedding, embedding, session.matchThreshold).similarity : match.similarity;
      session.attempts += 1;
      // A photo, a print or a screen, or the ID portrait itself held to the camera (a live
      // picture is never that close to a printed one): refused with its reason, counted as a
      // failed match so attacks run into the lockout, and kept for the record.
      // The portrait's own picture is the most specific reason, so it comes first when both apply.
      const samePicture = printedSimilarity >= SAME_PICTURE_SIMILARITY
        ? [msg('pad.finding.samePicture', { similarity: { fixed: printedSimilarity, digits: 3 }, minimum: SAME_PICTURE_SIMILARITY })]
        : [];
      // A picture only the model doubts, and not by much, is left for the liveness samples to confirm.
      const picture = judgeFaceCheckPicture(presentation);
      const findings = [...samePicture, ...(picture.decision === 'attack' ? picture.findings : [])];
      const attack = englishReason(findings);
      if (attack) {
        embedding.fill(0);
        const after = ledger.recordFailure(identityOf(session), t);
        failures.record(t);
        const lockout = lockoutAt(t, after.count, after.forgetAt);
        if (lockout) session.matchLockout = lockout;
        session.presentationAttack = { reason: attack, findings, score: presentation.score, threshold: presentation.threshold, similarity: match.similarity, at: new Date(t).toISOString() };
        session.record = null;
        throw new EkycError('PRESENTATION_ATTACK', `presentation attack refused: ${attack}; the customer must face the camera in person`, {
          presentation, attemptsLeft: attemptsLeftAfter(after.count, lockout), ...(lockout ? { lockout } : {}),
          // What the screen words in the operator's language (src/shared/messages).
          ...(presentation.live ? { problem: 'same-picture', similarity: Number(printedSimilarity.toFixed(3)), minimum: SAME_PICTURE_SIMILARITY } : { problem: 'looks-like-photo' }),
        });
      }
      // A referral is not yet a failure: it counts as one only if the supervisor declines it
      // or the session ends without a decision (settleReferral).
      const failed = match.decision === 'no-match';
      const after = failed ? ledger.recordFailure(identityOf(session), t) : before;
      if (failed) failures.record(t);
      // The number of this match on this document: its remembered failures, then this one.
      const attempt = before.count + 1;
      session.presentationDeferral = picture.decision === 'confirm-in-liveness' ? { score: picture.score, threshold: picture.threshold, floor: picture.floor, confirmed: null, at: new Date(t).toISOString() } : null;
      session.faceMatch = { similarity: match.similarity, threshold: match.threshold, declineBelow: match.declineBelow, decision: match.decision, match: match.match, attempts: attempt, supervisor: null };
      session.selfieEmbedding?.fill(0);
      // A referred selfie is kept pending: the liveness checks need it if the supervisor accepts.
      session.selfieEmbedding = failed ? null : embedding;
      if (failed) embedding.fill(0);
      const lockout = failed ? lockoutAt(t, after.count, after.forgetAt) : null;
      if (lockout) session.matchLockout = lockout;
      endLiveness();
      session.resetIdentity();
      padFrames.clear();
      session.record = null;
      return { face, match, reference, attempt, attemptsLeft: attemptsLeftAfter(after.count, lockout), lockout };
    }),

    // Main, not the page, decides whether the block may be overridden: the setting, and a zone
    // whose every check digit is valid and that has expired, on a document whose chip (if read)
    // did not fail. What may never be overridden is said in src/shared/verdict.ts DocumentOverride.
    'document:override-expiry': (request) => serial(async () => {
      if (!settings.current().allowExpiredOverride) {
        throw new EkycError('OVERRIDE_NOT_ALLOWED', "the operator's settings do not allow a supervisor to accept an expired document");
      }
      const mrz = session.document.mrz;
      if (!mrz) throw new EkycError('SESSION_STATE', 'no machine-readable zone was read for this document: there is no expiry to override');
      if (!mrz.valid) throw new EkycError('OVERRIDE_NOT_ALLOWED', "the zone's check digits fail: a misread or altered zone is never overridden; retake the document");
      if (!mrz.expired) throw new EkycError('SESSION_STATE', 'the document has not expired: there is nothing to override');
      if (session.chip && chipFailsDocument(session.chip)) throw new EkycError('OVERRIDE_NOT_ALLOWED', "the document's chip check failed: such a document is never overridden");
      session.documentOverride = { block: 'expired', supervisorId: request.supervisorId, reason: request.reason, decidedAt: now().toISOString() };
      session.record = null;
      return { ...session.documentOverride };
    }),

    'face:supervisor-decision': (request) => serial(async () => {
      const faceMatch = session.faceMatch;
      // The pending selfie is wiped once a referral is settled (decided, or the session ended).
      if (!faceMatch || !awaitingSupervisor() || !session.selfieEmbedding) {
        throw new EkycError('SESSION_STATE', 'no face match awaits a supervisor: a decision is taken only on a match referred to a supervisor, once, before the session is finished');
      }
      const t = now().getTime();
      faceMatch.supervisor = { decision: request.decision, supervisorId: request.supervisorId, decidedAt: new Date(t).toISOString() };
      session.record = null;
      if (request.decision === 'accept') {
        faceMatch.match = true;
        const { count } = ledger.failures(identityOf(session), t);
        return { faceMatch: { ...faceMatch, supervisor: { ...faceMatch.supervisor } }, attemptsLeft: attemptsLeftAfter(count, null), lockout: null };
      }
      const lockout = countReferralAsFailure(t);
      const { count } = ledger.failures(identityOf(session), t);
      return { faceMatch: { ...faceMatch, supervisor: { ...faceMatch.supervisor } }, attemptsLeft: attemptsLeftAfter(count, lockout), lockout };
    }),

    async 'liveness:start'() {
      const selfie = session.selfieEmbedding;
      if (!selfie || awaitingSupervisor()) throw new EkycError('SESSION_STATE', 'no verified face yet: verify the customer (and, for a referred match, have the supervisor accept it) before the liveness challenges');
      // The count is main's: the page only asks. The session running or just ended is closed
      // first (a page that starts again mid-session ends it, and it counts).
      const previous = liveness && livenessOwner === session ? liveness : null;
      if (previous) {
        recordAttempt(previous, session, await previous.finish());
        if (liveness !== previous) throw new EkycError('SESSION_STATE', 'another liveness session was started meanwhile');
      }
      const ended = session.livenessAttempts;
      if (ended.some((a) => a.challenges.length > 0 && a.challenges.every((c) => c.passed))) {
        throw new EkycError('SESSION_STATE', 'the liveness check passed already: finish the session');
      }
      const final = ended.find((a) => !a.retryable);
      if (final) {
        throw new EkycError('LIVENESS_NOT_RETRYABLE', `the liveness check cannot be tried again in this session: attempt ${final.attempt} ended with ${final.refusal ? `refused camera frames (${final.refusal.code})` : 'a failure that is not retried'}; finish the session as not verified`, { attempt: final.attempt });
      }
      if (ended.length >= maxLivenessAttempts) {
        throw new EkycError('LIVENESS_ATTEMPTS_EXHAUSTED', `all ${maxLivenessAttempts} liveness attempts of this session are used; finish the session as not verified`, { attempts: ended.length, maxAttempts: maxLivenessAttempts });
      }
      const { liveness: chosen } = settings.current();
      const fixed = chosen.fixedChallenges.trim();
      const challenges = fixed !== '' ? parseChallengeList(fixed) : drawer.next(chosen.challengesPerSession);
      // Only this session's samples count for continuity: an earlier, abandoned session's do not.
      session.resetIdentity();
      await padFramesAdded.catch(() => undefined);
      padFrames.clear();
      const owner = session;
      const count = { attempt: ended.length + 1, maxAttempts: maxLivenessAttempts };
      liveness = new LivenessJudge(randomUUID(), challenges, {
        nowMs: monotonicMs,
        eyesClosed: (crop, landmarks) => serial(async () => (await faces()).eyesClosed(crop, landmarks)),
      }, count);
      livenessOwner = owner;
      return { sessionId: liveness.sessionId, challenges: challenges.map(formatChallenge), sampleIntervalMs: SAMPLE_INTERVAL_MS, ...count, drawn: fixed === '' };
    },

    async 'liveness:frame'(request) {
      return judgeOf(request.sessionId).frame(request);
    },

    async 'liveness:sample'(request) {
      const judge = judgeOf(request.sessionId);
      // Timing and repeats are judged on every sample; the identity check on one at a time
      // (the engine may be slower than the camera's rate on a busy counter PC).
      const accepted = judge.sample(request);
      // In arrival order; a frame that cannot be kept fails its own sample's reply (the link before it already reported its own).
      if (accepted && liveness === judge) await (padFramesAdded = padFramesAdded.catch(() => undefined).then(() => padFrames.add(request.frame)));
      if (accepted && !identityChecking) {
        identityChecking = true;
        try {
          const result = await serial(() => checkIdentity(request.frame));
          if (liveness === judge && livenessOwner === session) judge.judged(result);
        } finally {
          identityChecking = false;
        }
      }
      return judge.view();
    },

    async 'session:finish'() {
      settleReferral();
      // Main's own judgement of the liveness session; none run, none passed.
      const judge = liveness && livenessOwner === session ? liveness : null;
      const challenges = judge ? await judge.finish() : [];
      if (judge) recordAttempt(judge, session, challenges);
      if (judge) await assessLivenessSamples();
      if (session.document.mrz && session.printedPage) {
        const printed = await settledPrintedPage(session.printedPage);
        session.document = { ...session.document, printedDates: printed.dates, printedSex: printed.sex };
      }
      if (session.document.mrz && session.portraitAge) session.document = { ...session.document, portraitAge: await settledPortraitAge(session.portraitAge) };
      const { verdict, reasons } = decideVerdict({ document: session.document, faceMatch: session.faceMatch, challenges, identity: session.identity, matchLockout: session.matchLockout, presentationAttack: session.presentationAttack, chip: session.chip, documentOverride: session.documentOverride });
      session.record = {
        schema: 'ekyc-session/1',
        sessionId: session.sessionId,
        startedAt: session.startedAt.toISOString(),
        finishedAt: now().toISOString(),
        verdict,
        reasons,
        document: structuredClone(session.document),
        faceMatch: session.faceMatch ? structuredClone(session.faceMatch) : null,
        matchLockout: session.matchLockout ? { ...session.matchLockout } : null,
        presentationAttack: session.presentationAttack ? { ...session.presentationAttack } : null,
        presentationDeferral: session.presentationDeferral ? { ...session.presentationDeferral } : null,
        documentOverride: session.documentOverride ? { ...session.documentOverride } : null,
        chip: session.chip ? structuredClone(session.chip) : null,
        liveness: { challenges, identity: { ...session.identity }, refusal: judge?.refusal ?? null, attempts: structuredClone(session.livenessAttempts) },
      };
      // The session is over: its documents are not needed any more, wherever they are kept.
      await (await documents()).releaseDocuments();
      // Retention off (the default): nothing is written. On: the figures-only record goes to the operator's folder.
      await keepRecord(session.record, settings.current().retention);
      return session.record;
    },

    async 'session:export'() {
      const record = session.record;
      if (!record) throw new EkycError('SESSION_STATE', 'no finished session to export: finish the checks first');
      const path = await deps.saveRecord(`ekyc-session-${record.sessionId}.json`, recordJson(record));
      return path === null ? { saved: false } : { saved: true, path };
    },

    async 'session:reset'() {
      // Wait for work in flight, so a late reply cannot refill the next customer's session.
      await serial(async () => undefined);
      settleReferral();
      session.wipeEmbeddings();
      await (await documents()).releaseDocuments();
      await padFramesAdded.catch(() => undefined);
      padFrames.clear();
      liveness = null;
      session = startSession();
      return { cleared: true };
    },

    async 'settings:get'() {
      return settingsView();
    },

    async 'settings:set'(request) {
      await settings.update(request);
      return settingsView();
    },

    async 'settings:choose-records-folder'() {
      if (!deps.chooseRecordsFolder) throw new EkycError('INVALID_ARGUMENT', 'this station cannot choose a records folder (no folder dialog)');
      const folder = await deps.chooseRecordsFolder();
      if (folder !== null) await settings.setRecordsFolder(folder);
      return settingsView();
    },

    async 'settings:choose-csca-trust-list'(request) {
      if (request.clear) {
        await settings.setCscaTrustList(null);
        return settingsView();
      }
      if (!deps.chooseTrustList) throw new EkycError('INVALID_ARGUMENT', 'this station cannot choose a trust list (no folder dialog)');
      const path = await deps.chooseTrustList();
      if (path === null) return settingsView();
      // Installed only when it holds certificates: an empty or wrong folder would make every
      // genuine chip "signer not trusted" with nothing to say why.
      const trust = await CscaTrustStore.load(path);
      if (trust.certificates.length === 0) {
        const skipped = trust.skipped.length > 0 ? `; ${trust.skipped.length} file(s) could not be read, e.g. ${trust.skipped[0].file}: ${trust.skipped[0].reason}` : '';
        throw new EkycError('INVALID_ARGUMENT', `${path} holds no CSCA certificate (.pem, .crt, .cer, .der) or ICAO master list (.ml)${skipped}; choose the folder the certificates are in`, { file: path });
      }
      await settings.setCscaTrustList(path);
      return settingsView();
    },
  };
}

/** What the trust list at `path` holds, for Settings; a list that no longer loads says why. */
async function summariseTrustList(path: string | null): Promise<TrustListSummary | null> {
  if (path === null) return null;
  try {
    const trust = await CscaTrustStore.load(path);
    const countries = [...new Set(trust.certificates.map((c) => countryOf(c, 'subject')).filter((c): c is string => c !== undefined))].sort();
    const problem = trust.certificates.length === 0 ? `${path} holds no CSCA certificate any more` : null;
    return { path, certificates: trust.certificates.length, countries, skippedFiles: trust.skipped.length, problem };
  } catch (err) {
    if (!(err instanceof EkycError)) throw err;
    return { path, certificates: 0, countries: [], skippedFiles: 0, problem: err.message };
  }
}

function frameImage(frame: CameraFrame): Promise<RgbImage> {
  return rgbImageFromRgba(frame.rgba, frame.width, frame.height);
}

function foregroundFaces(faces: DetectedFace[]): DetectedFace[] {
  const widest = widestFace(faces);
  return widest ? faces.filter((f) => isPersonInView(f, widest)) : [];
}
