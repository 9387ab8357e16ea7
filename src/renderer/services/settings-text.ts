/**
 * How Settings says what its choices mean to an operator: a match preset by what it does to
 * strangers and to genuine customers (from the figures measured at it), and the liveness
 * challenges as controls rather than the `blink:2,smile` syntax main stores. Pure, so the
 * wording is specified by tests; main's validation (src/shared/operator-settings.ts) stays the
 * judge of what may be saved.
 */
import { formatChallenge, parseChallengeList, type Challenge, type ChallengeKind } from '../../shared/liveness/challenges';
import type { MatchPreset, MatchPresetId } from '../../shared/operator-settings';

export const PRESET_NAMES: Readonly<Record<MatchPresetId, string>> = { standard: 'Standard', strict: 'Strict', strictest: 'Strictest' };

/** The checkbox label of each challenge kind (a blink's count is a control of its own). */
export const CHALLENGE_LABELS: Readonly<Record<ChallengeKind, string>> = {
  blink: 'Blink',
  smile: 'Smile',
  'mouth-open': 'Open the mouth wide',
  'turn-left': 'Turn the head to the left',
  'turn-right': 'Turn the head to the right',
};

/** Two significant digits, grouped: 1,837 -> "1,800"; 212,766 -> "210,000". */
function roughly(n: number): string {
  return Number(n.toPrecision(2)).toLocaleString('en');
}

/** What a preset does, in words: how many strangers it would let through, how many customers it asks again. */
export function presetMeaning(preset: MatchPreset): string {
  const f = preset.figures;
  const strangers = f.impostorsAccepted === 0
    ? `No stranger was accepted in ${f.impostorPairs.toLocaleString('en')} tries; at most about 1 in ${roughly(1 / f.farUpper95)} would be.`
    : `About 1 in ${roughly(f.impostorPairs / f.impostorsAccepted)} strangers would be accepted as the document's holder.`;
  const retried = Math.round((100 * (f.genuinePairs - f.genuineAccepted)) / f.genuinePairs);
  const customers = retried < 1 ? 'Fewer than 1 in 100 genuine customers are asked to try again.' : `About ${retried} in 100 genuine customers are asked to try again.`;
  return `${strangers} ${customers}`;
}

/** The liveness challenges as the controls show them: a random draw, or the operator's fixed list. */
export interface ChallengeChoice {
  mode: 'random' | 'fixed';
  /** The fixed list, in the order asked; kept when the operator switches to random and back. */
  fixed: Challenge[];
}

/** The controls' state for a stored `fixedChallenges` (main validated it when it was saved). */
export function challengeChoiceOf(fixedChallenges: string): ChallengeChoice {
  const text = fixedChallenges.trim();
  return text === '' ? { mode: 'random', fixed: [] } : { mode: 'fixed', fixed: parseChallengeList(text) };
}

/** What main stores for the controls' state: '' for a random draw. */
export function fixedChallengesOf(choice: ChallengeChoice): string {
  return choice.mode === 'random' ? '' : choice.fixed.map(formatChallenge).join(',');
}

/** The list with `kind` ticked (added at the end, as asked last) or unticked. */
export function withChallenge(fixed: readonly Challenge[], kind: ChallengeKind, on: boolean, blinks: number): Challenge[] {
  const without = fixed.filter((c) => c.kind !== kind);
  if (!on) return without;
  return [...without, kind === 'blink' ? { kind, count: blinks } : { kind }];
}

/** The list with its blinks set to `count` (the number control, whether or not it is a valid count: main judges). */
export function withBlinkCount(fixed: readonly Challenge[], count: number): Challenge[] {
  return fixed.map((c) => (c.kind === 'blink' ? { kind: 'blink', count } : c));
}

