/** How the result page words the decision for the operator. */
import { CHALLENGE_FAILURE_TEXT, CHALLENGE_FAILURES, decideVerdict, type SessionRecord, type VerdictReason } from '../../../src/shared/verdict';
import { challengeOutcomeText, failureSentence, livenessTips, lockoutNotice, lockoutOf, REASON_LABELS, reasonState, verdictHeadline } from '../../../src/renderer/services/verdict-text';

function record(reasons: VerdictReason[]): SessionRecord {
  return {
    schema: 'ekyc-session/1', sessionId: 'abc', startedAt: '2025-01-01T10:00:00Z', finishedAt: '2025-01-01T10:01:00Z',
    verdict: reasons.every((r) => r.passed) ? 'verified' : 'rejected', reasons,
    document: { portraitFound: true, portraitScore: 0.9, mrz: null }, faceMatch: null, matchLockout: null,
    liveness: { challenges: [], identity: { checks: 0, matched: 0, mismatched: 0, minSimilarity: null, threshold: 0.5, changed: false } },
  };
}

describe('reasonState', () => {
  it('is passed, failed, or "check by hand" for a flagged reason that passed', () => {
    expect(reasonState({ code: 'portrait', passed: true, message: '' })).toBe('passed');
    expect(reasonState({ code: 'document-expired', passed: false, message: '' })).toBe('failed');
    expect(reasonState({ code: 'document-mrz', passed: true, flagged: true, message: '' })).toBe('check by hand');
  });
});

describe('verdictHeadline', () => {
  it('says every check passed, and how many items need a check by hand', () => {
    expect(verdictHeadline(record([{ code: 'portrait', passed: true, message: '' }]))).toEqual({ title: 'Identity verified', detail: 'Every check passed.' });
    expect(verdictHeadline(record([{ code: 'portrait', passed: true, message: '' }, { code: 'document-mrz', passed: true, flagged: true, message: '' }])).detail)
      .toBe('Every check passed; 1 item needs a check by hand.');
  });

  it('names each kind of failed check once', () => {
    const headline = verdictHeadline(record([
      { code: 'document-expired', passed: false, message: '' },
      { code: 'liveness-challenge', passed: false, message: '' },
      { code: 'liveness-challenge', passed: false, message: '' },
    ]));
    expect(headline).toEqual({ title: 'Not verified', detail: 'Failed: document validity, liveness. See the reasons below.' });
  });

  it('has a label for every reason the verdict can give', () => {
    const { reasons } = decideVerdict({
      document: { portraitFound: true, portraitScore: 0.9, mrz: { format: 'TD3', documentCode: 'P', issuingState: 'UTO', valid: true, expired: false, checks: { documentNumber: true, birthDate: true, expirationDate: true, personalNumber: true, composite: true } } },
      faceMatch: { similarity: 0.7, threshold: 0.5, declineBelow: 0.25, decision: 'match', match: true, attempts: 1, supervisor: null },
      challenges: [{ challenge: 'smile', passed: true, durationMs: 900 }],
      identity: { checks: 2, matched: 2, mismatched: 0, minSimilarity: 0.6, threshold: 0.5, changed: false },
      matchLockout: { scope: 'station', failedMatches: 5, limit: 5, windowMinutes: 3, until: '2026-03-02T09:03:00.000Z' },
    });
    expect(reasons.map((r) => r.code)).toContain('match-lockout');
    for (const r of reasons) expect(REASON_LABELS[r.code]).toMatch(/^[A-Z][A-Za-z ()]+$/);
  });
});

describe('challenge outcomes in words', () => {
  it('words a failed challenge as the record does, a passed one as passed', () => {
    expect(challengeOutcomeText({ challenge: 'smile', passed: true, durationMs: 900 })).toBe('passed');
    expect(challengeOutcomeText({ challenge: 'smile', passed: false, durationMs: 7000, failure: 'timeout' })).toBe(CHALLENGE_FAILURE_TEXT.timeout);
  });

  it('makes every failure a sentence of its own for the liveness page', () => {
    expect(failureSentence('face-lost')).toBe('The face left the camera');
    for (const failure of CHALLENGE_FAILURES) expect(failureSentence(failure)).toMatch(/^[A-Z]/);
  });
});

describe('the face page\'s lockout notice', () => {
  const lockout = { scope: 'station', failedMatches: 5, limit: 5, windowMinutes: 3, until: '2026-03-02T09:03:00.000Z' } as const;

  it('says why matching is refused, until when in the station\'s clock, and what the operator does', () => {
    const local = new Date(lockout.until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    expect(lockoutNotice(lockout)).toBe(`Face matching is locked at this station: 5 failed matches within 3 minutes reached its limit of 5; it reopens at ${local}. Finish the session as not verified.`);
  });

  it('reads the lockout from an error reply\'s details, and nothing else', () => {
    expect(lockoutOf({ lockout })).toEqual(lockout);
    expect(lockoutOf(undefined)).toBeNull();
    expect(lockoutOf({ lockout: { ...lockout, scope: 'everything' } })).toBeNull();
    expect(lockoutOf({ lockout: { scope: 'document' } })).toBeNull();
  });
});

describe('livenessTips: what the customer is told after a missed liveness session', () => {
  it('names the challenge that was not seen in time, and says to do the gesture when it is shown and to face the light', () => {
    const tips = livenessTips([{ challenge: 'blink:2', passed: true, durationMs: 900 }, { challenge: 'turn-right', passed: false, durationMs: 7000, failure: 'timeout' }, { challenge: 'smile', passed: false, durationMs: 0, failure: 'not-reached' }]);
    expect(tips[0]).toBe('"Turn your head to your right" was not seen in time: do each gesture as soon as it is shown, clearly, then hold still.');
    expect(tips.join(' ')).toMatch(/Face the light/);
    expect(tips.join(' ')).toMatch(/Turn your head slowly/);
  });

  it('asks to keep the face in the oval when it left the camera', () => {
    expect(livenessTips([{ challenge: 'smile', passed: false, durationMs: 3000, failure: 'face-lost' }])[0]).toBe('The face was not in view during "Smile": keep your whole face inside the oval.');
  });

  it('gives no tips after a pass, or after a failure that is not retried (another person, refused frames)', () => {
    expect(livenessTips([{ challenge: 'smile', passed: true, durationMs: 900 }])).toEqual([]);
    expect(livenessTips([{ challenge: 'smile', passed: false, durationMs: 900, failure: 'identity-changed' }])).toEqual([]);
    expect(livenessTips([{ challenge: 'smile', passed: false, durationMs: 900, failure: 'implausible-frames' }])).toEqual([]);
  });
});
