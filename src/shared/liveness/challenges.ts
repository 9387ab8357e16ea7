import { EkycError } from '../errors';
import { LIVENESS_DEFAULTS } from './liveness-defaults';
import { msg, type MessageRef } from '../messages/catalogue';
import { english } from '../messages/translator';

/** One thing the customer is asked to do. Turn directions are the customer's own. */
export type Challenge =
  | { kind: 'blink'; count: number }
  | { kind: 'smile' }
  | { kind: 'mouth-open' }
  | { kind: 'turn-left' }
  | { kind: 'turn-right' };

export type ChallengeKind = Challenge['kind'];

export const CHALLENGE_KINDS: readonly ChallengeKind[] = ['blink', 'smile', 'mouth-open', 'turn-left', 'turn-right'];

/** The short name used on the command line and in records: `blink:3`, `smile`, `turn-left`. */
export function formatChallenge(c: Challenge): string {
  return c.kind === 'blink' ? `blink:${c.count}` : c.kind;
}

/** The instruction shown to the customer, in whatever language it is shown in. */
export function challengeMessage(c: Challenge): MessageRef {
  return c.kind === 'blink' ? msg('challenge.blink', { count: c.count }) : msg(`challenge.${c.kind}`);
}

/** The instruction in English, as the record and the command line give it. */
export function describeChallenge(c: Challenge): string {
  return english(challengeMessage(c));
}

const MAX_BLINKS_ACCEPTED = 10;

/** "Turn your head to your right" for a record's `turn-right`, as the customer was asked; an unknown name as recorded. */
export function recordedChallengeMessage(recorded: string): MessageRef | string {
  try {
    return challengeMessage(parseChallenge(recorded));
  } catch {
    return recorded;
  }
}

export function describeRecordedChallenge(recorded: string): string {
  const message = recordedChallengeMessage(recorded);
  return typeof message === 'string' ? message : english(message);
}

export function parseChallenge(text: string): Challenge {
  const word = text.trim();
  const blink = /^blink(?::(\d+))?$/.exec(word);
  if (blink) {
    const count = blink[1] === undefined ? 1 : Number(blink[1]);
    if (!Number.isInteger(count) || count < 1 || count > MAX_BLINKS_ACCEPTED) {
      throw new EkycError('INVALID_ARGUMENT', `challenge "${word}": the blink count must be 1 to ${MAX_BLINKS_ACCEPTED}`, { problem: 'challenge-blink-count', challenge: word, max: MAX_BLINKS_ACCEPTED });
    }
    return { kind: 'blink', count };
  }
  if (word === 'smile' || word === 'mouth-open' || word === 'turn-left' || word === 'turn-right') return { kind: word };
  throw new EkycError('INVALID_ARGUMENT', `unknown challenge "${word}"; use blink:N, smile, mouth-open, turn-left or turn-right`, { problem: 'challenge-unknown', challenge: word });
}

/** Parses a comma-separated list such as `blink:2,smile,turn-left`. */
export function parseChallengeList(text: string): Challenge[] {
  const words = text.split(',').map((w) => w.trim());
  if (words.length === 0 || words.some((w) => w === '')) {
    throw new EkycError('INVALID_ARGUMENT', `challenge list "${text}" has an empty entry; use e.g. blink:2,smile,turn-left`, { problem: 'challenge-empty' });
  }
  return words.map(parseChallenge);
}

export function sameSequence(a: readonly Challenge[], b: readonly Challenge[]): boolean {
  return a.length === b.length && a.every((c, i) => formatChallenge(c) === formatChallenge(b[i]));
}

/** A source of uniform numbers in [0, 1): Math.random in the app, a seeded generator in tests. */
export type RandomSource = () => number;

type DrawSettings = { readonly [K in 'minBlinks' | 'maxBlinks' | 'challengesPerSession']: number };

/**
 * Draws a session's challenges: distinct kinds in random order, a random blink count, and
 * never the sequence the previous session had (so a recording of the last customer's
 * session cannot simply be replayed).
 */
export function drawChallengeSequence(random: RandomSource, previous?: readonly Challenge[], settings: DrawSettings = LIVENESS_DEFAULTS): Challenge[] {
  const pick = (n: number): number => Math.min(n - 1, Math.floor(random() * n));
  const draw = (): Challenge[] => {
    const kinds = [...CHALLENGE_KINDS];
    for (let i = kinds.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
    }
    return kinds.slice(0, settings.challengesPerSession).map((kind): Challenge =>
      kind === 'blink' ? { kind, count: settings.minBlinks + pick(settings.maxBlinks - settings.minBlinks + 1) } : { kind });
  };
  let sequence = draw();
  // Many sequences exist (5*4*3 orders, times the blink counts), so a repeat is rare; a
  // broken random source that keeps repeating gets a deterministic change instead of a hang.
  for (let attempt = 0; previous && sameSequence(sequence, previous) && attempt < 20; attempt++) sequence = draw();
  if (previous && sameSequence(sequence, previous)) sequence = [...sequence.slice(1), sequence[0]];
  if (previous && sameSequence(sequence, previous)) sequence = sequence.map((c) => (c.kind === 'blink' ? { kind: 'blink', count: c.count === settings.maxBlinks ? settings.minBlinks : c.count + 1 } : c));
  return sequence;
}

/** Remembers the last sequence it drew, so consecutive sessions always differ. */
export class ChallengeSequenceDrawer {
  private last: Challenge[] | undefined;

  constructor(private readonly random: RandomSource, private readonly settings: DrawSettings = LIVENESS_DEFAULTS) {}

  /** A new sequence, of `challengesPerSession` challenges when given (the operator's setting). */
  next(challengesPerSession = this.settings.challengesPerSession): Challenge[] {
    this.last = drawChallengeSequence(this.random, this.last, { ...this.settings, challengesPerSession });
    return this.last;
  }
}
