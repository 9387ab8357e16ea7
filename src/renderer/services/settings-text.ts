/**
 * How Settings says what its choices mean to an operator: a match preset by what it does to
 * strangers and to genuine customers (from the figures measured at it), and the liveness
 * challenges as controls rather than the `blink:2,smile` syntax main stores. Pure, so the
 * wording is specified by tests; main's validation (src/shared/operator-settings.ts) stays the
 * judge of what may be saved.
 */
import { formatChallenge, parseChallengeList, type Challenge, type ChallengeKind } from '../../shared/liveness/challenges';
import type { Translator } from '../../shared/messages/translator';
import type { MatchPreset } from '../../shared/operator-settings';

/** The checkbox label of each challenge kind (a blink's count is a control of its own). */
export function challengeLabel(kind: ChallengeKind, t: Translator): string {
  return t.t(`settings.challenge.${kind}`);
}

/** Two significant digits, grouped in the reader's locale: 1,837 -> "1,800" ("1.800" in Vietnamese); 212,766 -> "210,000". */
function roughly(n: number, t: Translator): string {
  return t.number(Number(n.toPrecision(2)), 0);
}

/** What a preset does, in words: how many strangers it would let through, how many customers it asks again. */
export function presetMeaning(preset: MatchPreset, t: Translator): string {
  const f = preset.figures;
  const strangers = f.impostorsAccepted === 0
    ? t.t('settings.meaning.noStranger', { tries: t.number(f.impostorPairs, 0), oneIn: roughly(1 / f.farUpper95, t) })
    : t.t('settings.meaning.strangers', { oneIn: roughly(f.impostorPairs / f.impostorsAccepted, t) });
  const retried = Math.round((100 * (f.genuinePairs - f.genuineAccepted)) / f.genuinePairs);
  const customers = retried < 1 ? t.t('settings.meaning.retriedFew') : t.t('settings.meaning.retried', { retried });
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

