import { EkycError } from '../../../src/shared/errors';
import {
  ChallengeSequenceDrawer, describeRecordedChallenge, drawChallengeSequence, formatChallenge, parseChallenge, parseChallengeList, sameSequence, type Challenge,
} from '../../../src/shared/liveness/challenges';
import { seededRandom } from './synthetic-face';

describe('challenge names', () => {
  it('parses and formats every kind', () => {
    expect(parseChallengeList('blink:2,smile,mouth-open,turn-left,turn-right')).toEqual([
      { kind: 'blink', count: 2 }, { kind: 'smile' }, { kind: 'mouth-open' }, { kind: 'turn-left' }, { kind: 'turn-right' },
    ]);
    expect(formatChallenge({ kind: 'blink', count: 3 })).toBe('blink:3');
    expect(parseChallenge('blink')).toEqual({ kind: 'blink', count: 1 });
  });

  it('rejects unknown names, empty entries and silly blink counts with a message saying what is allowed', () => {
    expect(() => parseChallenge('wave')).toThrow(/unknown challenge "wave"; use blink:N, smile/);
    expect(() => parseChallengeList('smile,,turn-left')).toThrow(EkycError);
    expect(() => parseChallenge('blink:0')).toThrow(/blink count must be 1 to 10/);
    expect(() => parseChallenge('blink:99')).toThrow(/blink count/);
  });

  it('describes a recorded challenge as the instruction the customer saw, an unknown one as recorded', () => {
    expect(describeRecordedChallenge('turn-right')).toBe('Turn your head to your right');
    expect(describeRecordedChallenge('blink:3')).toBe('Blink 3 times');
    expect(describeRecordedChallenge('juggle')).toBe('juggle');
  });
});

describe('drawChallengeSequence', () => {
  it('draws three different challenges with 2 to 4 blinks', () => {
    const random = seededRandom(1);
    const blinkCounts = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const seq = drawChallengeSequence(random);
      expect(seq).toHaveLength(3);
      expect(new Set(seq.map((c) => c.kind)).size).toBe(3);
      for (const c of seq) if (c.kind === 'blink') blinkCounts.add(c.count);
    }
    expect([...blinkCounts].sort()).toEqual([2, 3, 4]);
  });

  it('uses every kind and every position', () => {
    const random = seededRandom(2);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) drawChallengeSequence(random).forEach((c, pos) => seen.add(`${c.kind}@${pos}`));
    expect(seen.size).toBe(15);
  });

  it('is reproducible with an injected random source', () => {
    expect(drawChallengeSequence(seededRandom(42))).toEqual(drawChallengeSequence(seededRandom(42)));
  });

  it('never draws the same sequence twice in a row, even from a random source stuck on one value', () => {
    const drawer = new ChallengeSequenceDrawer(seededRandom(9));
    let previous: Challenge[] | undefined;
    for (let i = 0; i < 500; i++) {
      const next = drawer.next();
      if (previous) expect(sameSequence(next, previous)).toBe(false);
      previous = next;
    }
    const stuck = new ChallengeSequenceDrawer(() => 0.5);
    const first = stuck.next();
    const second = stuck.next();
    const third = stuck.next();
    expect(sameSequence(first, second)).toBe(false);
    expect(sameSequence(second, third)).toBe(false);
  });
});
