/**
 * The station's presentation-attack decision over its two looks at the customer: the face
 * check's one picture, then the liveness checks' camera samples (one every 500 ms, judged
 * together at session:finish by PresentationAttackDetector.assess).
 *
 * Why two stages and not one verdict per picture: the model's P(live) of a single genuine
 * frame scatters. On the tuning half of bench/pad.mjs, 28 of the 270 frames of the live clip
 * windows whose median passed (10%) scored under PAD_MODEL_THRESHOLD on their own, and the
 * face check refused those customers outright, while a window's median over 30 frames
 * passed them. A picture that only the model doubts, and not by much, is therefore not
 * refused at the face check: the match goes on, and the liveness samples must confirm a live
 * presentation (a "cannot decide" there is a refusal for such a session). A picture with a
 * medium's trace (moire, bezel, glare), one the model scores under FACE_CHECK_MODEL_FLOOR, and
 * the ID portrait itself (station-handlers) are refused at once, as before.
 */
import { msg, type MessageRef } from '../../shared/messages/catalogue';
import type { PresentationResult } from '../../shared/presentation';
import type { PresentationDeferral } from '../../shared/verdict';

/**
 * P(live) under which the face check's picture is refused without waiting for the liveness
 * samples. Chosen on bench/pad.mjs --part tune: of the live windows' frames above, 6 of 270
 * (2.2%) scored under 0.3 (3 under 0.2, 14 under 0.5); every replay frame of the tuning half
 * scored 0.000. An attack between the floor and the threshold still has to pass the whole
 * session's median, still-frames, rigid-motion and trace signals, and the challenges.
 */
export const FACE_CHECK_MODEL_FLOOR = 0.3;

export type FaceCheckPresentation =
  | { decision: 'live' }
  | { decision: 'attack'; findings: MessageRef[] }
  | { decision: 'confirm-in-liveness'; score: number; threshold: number; floor: number };

/** Pure: what the face check does with its one picture's presentation-attack result. */
export function judgeFaceCheckPicture(result: PresentationResult, floor = FACE_CHECK_MODEL_FLOOR): FaceCheckPresentation {
  if (result.live) return { decision: 'live' };
  const { screen, stillFrames, rigidMotion } = result.signals;
  const onlyTheModelDoubts = screen.failed.length === 0 && stillFrames?.passed !== false && rigidMotion?.passed !== false;
  if (onlyTheModelDoubts && result.score >= floor) {
    return { decision: 'confirm-in-liveness', score: result.score, threshold: result.threshold, floor };
  }
  return { decision: 'attack', findings: result.findings };
}

/** What the liveness samples said: judged, or not (too few samples, no face, several people), and why. */
export type LivenessSamplesPresentation = { judged: PresentationResult } | { undecided: MessageRef };

/** The liveness samples' presentation-attack outcome: refused or not, why, its figures, and whether it confirmed a deferral. */
export interface LivenessSamplesOutcome {
  attack: boolean;
  /** Why it is an attack, one message per finding; empty when it is not. */
  findings: MessageRef[];
  /** The model's median P(live) over the samples, or the face check's picture's when the samples could not be judged. */
  score: number | null;
  threshold: number | null;
  /** Whether a deferred picture was confirmed; null when none was deferred. */
  confirmed: boolean | null;
}

/**
 * Pure: the session's presentation-attack outcome from the liveness samples, given whether
 * the face check left its picture to be confirmed. Without a deferral, samples that cannot be
 * judged add nothing: the challenges and the identity checks judge a missing or second face,
 * and the face check's picture passed on its own.
 */
export function judgeLivenessSamples(samples: LivenessSamplesPresentation, deferral: PresentationDeferral | null): LivenessSamplesOutcome {
  if ('judged' in samples) {
    const { live, findings, score, threshold } = samples.judged;
    return { attack: !live, findings: live ? [] : findings, score, threshold, confirmed: deferral ? live : null };
  }
  if (!deferral) return { attack: false, findings: [], score: null, threshold: null, confirmed: null };
  return {
    attack: true,
    findings: [msg('pad.finding.unconfirmed', { score: { fixed: deferral.score, digits: 2 }, threshold: { fixed: deferral.threshold, digits: 2 }, why: samples.undecided })],
    score: deferral.score,
    threshold: deferral.threshold,
    confirmed: false,
  };
}
