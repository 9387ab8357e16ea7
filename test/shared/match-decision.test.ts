import { MATCH_THRESHOLD, REVIEW_BAND_DECLINE_BELOW } from '../../src/shared/defaults';
import { decideMatch, effectiveDeclineBelow } from '../../src/shared/match-decision';

describe('the match decision with its review band', () => {
  it('accepts at the accept threshold, refers from the decline threshold up to it, declines below', () => {
    expect([REVIEW_BAND_DECLINE_BELOW, MATCH_THRESHOLD]).toEqual([0.25, 0.36]);
    expect(decideMatch(0.36, 0.36)).toBe('match');
    expect(decideMatch(0.9, 0.36)).toBe('match');
    expect(decideMatch(0.3599, 0.36)).toBe('refer');
    expect(decideMatch(0.25, 0.36)).toBe('refer');
    expect(decideMatch(0.2499, 0.36)).toBe('no-match');
    expect(decideMatch(-0.4, 0.36)).toBe('no-match');
  });

  it('takes another decline threshold, and never opens an inverted band under a low accept threshold', () => {
    expect(decideMatch(0.45, 0.7, 0.5)).toBe('no-match');
    expect(decideMatch(0.55, 0.7, 0.5)).toBe('refer');
    expect(effectiveDeclineBelow(0.2)).toBe(0.2);
    expect(decideMatch(0.22, 0.2)).toBe('match');
    expect(decideMatch(0.19, 0.2)).toBe('no-match');
    // Decline at the accept threshold: no band, a plain yes/no (identity continuity).
    expect(decideMatch(0.35, 0.36, 0.36)).toBe('no-match');
  });
});
