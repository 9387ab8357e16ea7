/**
 * What presentation-attack detection (src/main/vision/presentation-attack.ts) reports, as
 * plain data: it crosses from the engine process to main, and the session record keeps it.
 */
import type { MessageRef } from './messages/catalogue';
import { english } from './messages/translator';

export interface ModelSignal {
  /** Median P(live) over the frames with a face. */
  score: number;
  threshold: number;
  passed: boolean;
  perFrame: number[];
}

export interface StillFramesSignal {
  /** Consecutive pairs that are the same picture (reported; a file repeating frames has many). */
  identicalPairs: number;
  pairs: number;
  /** Frames that differ from every earlier frame: the decisive count. */
  distinctPictures: number;
  passed: boolean;
}

export interface RigidMotionSignal {
  /** Background shift projected on the face's shift, over the face's shift squared (0 still background, 1 moves with the face). */
  coupling: number | null;
  movingPairs: number;
  /** null: too few frames where the face moved to say. */
  passed: boolean | null;
}

/**
 * A medium's traces around the face (src/main/vision/screen-evidence.ts), each the median
 * over the frames with a face; null where no frame could be measured. A trace fails when it
 * reaches its threshold.
 */
export interface ScreenSignal {
  /** log10 of the strongest spectral peak on the face over its ring's median (a screen's moire). */
  moire: number | null;
  /** Share of the weaker side's straight edge line that is a strong edge (a bezel, a print's border). */
  bezel: number | null;
  /** Share of the face box that is blown-out white (glare on glass or gloss). */
  glare: number;
  thresholds: { moire: number; bezel: number; glare: number };
  /** The traces that reached their thresholds (empty: passed). */
  failed: ('moire' | 'bezel' | 'glare')[];
  passed: boolean;
}

export interface PresentationSignals {
  model: ModelSignal;
  screen: ScreenSignal;
  /** Absent for a single frame. */
  stillFrames?: StillFramesSignal;
  rigidMotion?: RigidMotionSignal;
}

export interface PresentationResult {
  live: boolean;
  /** The model's session score (median P(live)); the fused decision also needs the other signals. */
  score: number;
  threshold: number;
  /** Why the frames were judged an attack, in English (the CLI, the logs); null when live. */
  reason: string | null;
  /** The same, one message per failed signal, for the screen in the operator's language; empty when live. */
  findings: MessageRef[];
  signals: PresentationSignals;
  frames: number;
  faceFrames: number;
}

/** The English text of attack findings, joined as the record and the CLI show them; null for none. */
export function englishReason(findings: readonly MessageRef[]): string | null {
  return findings.length === 0 ? null : findings.map(english).join('; ');
}
