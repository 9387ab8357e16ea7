/** How the result page words the decision for the operator. */
import { CHALLENGE_FAILURE_TEXT, CHALLENGE_FAILURES, decideVerdict, type SessionRecord, type VerdictReason } from '../../../src/shared/verdict';
import { challengeOutcomeText, failureSentence, livenessTips, lockoutNotice, lockoutOf, reasonLabel, reasonState, reasonText, verdictHeadline } from '../../../src/renderer/services/verdict-text';
import { translator } from '../../../src/shared/messages/translator';

const en = translator('en');
const vi = translator('vi');

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
    expect(verdictHeadline(record([{ code: 'portrait', passed: true, message: '' }]), en)).toEqual({ title: 'Identity verified', detail: 'Every check passed.' });
    expect(verdictHeadline(record([{ code: 'portrait', passed: true, message: '' }, { code: 'document-mrz', passed: true, flagged: true, message: '' }]), en).detail)
      .toBe('Every check passed; 1 item needs a check by hand.');
  });

  it('names each kind of failed check once', () => {
    const headline = verdictHeadline(record([
      { code: 'document-expired', passed: false, message: '' },
      { code: 'liveness-challenge', passed: false, message: '' },
      { code: 'liveness-challenge', passed: false, message: '' },
    ]), en);
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
    for (const r of reasons) expect(reasonLabel(r.code, en)).toMatch(/^[A-Z][A-Za-z ()]+$/);
  });
});

describe('challenge outcomes in words', () => {
  it('words a failed challenge as the record does, a passed one as passed', () => {
    expect(challengeOutcomeText({ challenge: 'smile', passed: true, durationMs: 900 }, en)).toBe('passed');
    expect(challengeOutcomeText({ challenge: 'smile', passed: false, durationMs: 7000, failure: 'timeout' }, en)).toBe(CHALLENGE_FAILURE_TEXT.timeout);
    expect(challengeOutcomeText({ challenge: 'smile', passed: false, durationMs: 7000, failure: 'timeout' }, vi)).toBe('không thực hiện kịp thời gian');
  });

  it('makes every failure a sentence of its own for the liveness page', () => {
    expect(failureSentence('face-lost', en)).toBe('The face left the camera');
    expect(failureSentence('face-lost', vi)).toBe('Khuôn mặt đã ra khỏi camera');
    for (const failure of CHALLENGE_FAILURES) expect(failureSentence(failure, en)).toMatch(/^[A-Z]/);
  });
});

describe('the face page\'s lockout notice', () => {
  const lockout = { scope: 'station', failedMatches: 5, limit: 5, windowMinutes: 3, until: '2026-03-02T09:03:00.000Z' } as const;

  it('says why matching is refused, until when in the station\'s clock, and what the operator does', () => {
    const local = en.time(lockout.until);
    expect(local).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(lockoutNotice(lockout, en)).toBe(`Face matching is locked at this station: 5 failed matches within 3 minutes reached its limit of 5; it reopens at ${local}. Finish the session as not verified.`);
  });

  it('reads the lockout from an error reply\'s details, and nothing else', () => {
    expect(lockoutOf({ lockout })).toEqual(lockout);
    expect(lockoutOf(undefined)).toBeNull();
    expect(lockoutOf({ lockout: { ...lockout, scope: 'everything' } })).toBeNull();
    expect(lockoutOf({ lockout: { scope: 'document' } })).toBeNull();
  });
});

describe('the result in the operator\'s language', () => {
  it('words the headline, labels and reasons in Vietnamese, and keeps an older record\'s English message', () => {
    const { reasons } = decideVerdict({
      document: { portraitFound: true, portraitScore: 0.9, mrz: null },
      faceMatch: { similarity: 0.2, threshold: 0.36, declineBelow: 0.25, decision: 'no-match', match: false, attempts: 1, supervisor: null },
      challenges: [],
      identity: { checks: 0, matched: 0, mismatched: 0, minSimilarity: null, threshold: 0.3, changed: false },
    });
    const headline = verdictHeadline(record(reasons), vi);
    expect(headline.title).toBe('Không xác minh được');
    expect(headline.detail).toMatch(/^Không đạt: đối chiếu khuôn mặt, kiểm tra người thật, cùng một người xuyên suốt\. /);
    const face = reasons.find((r) => r.code === 'face-match')!;
    expect(reasonText(face, vi)).toBe('khuôn mặt trực tiếp không khớp với ảnh trên giấy tờ (độ tương đồng 0,200, chấp nhận từ 0,360, từ chối dưới 0,250, lần thử 1)');
    expect(reasonText({ code: 'portrait', passed: true, message: 'as an older build wrote it' }, vi)).toBe('as an older build wrote it');
  });
});

describe('livenessTips: what the customer is told after a missed liveness session', () => {
  it('names the challenge that was not seen in time, and says to do the gesture when it is shown and to face the light', () => {
    const tips = livenessTips([{ challenge: 'blink:2', passed: true, durationMs: 900 }, { challenge: 'turn-right', passed: false, durationMs: 7000, failure: 'timeout' }, { challenge: 'smile', passed: false, durationMs: 0, failure: 'not-reached' }], en);
    expect(tips[0]).toBe('"Turn your head to your right" was not seen in time: do each gesture as soon as it is shown, clearly, then hold still.');
    expect(tips.join(' ')).toMatch(/Face the light/);
    expect(tips.join(' ')).toMatch(/Turn your head slowly/);
  });

  it('asks to keep the face in the oval when it left the camera', () => {
    expect(livenessTips([{ challenge: 'smile', passed: false, durationMs: 3000, failure: 'face-lost' }], en)[0]).toBe('The face was not in view during "Smile": keep your whole face inside the oval.');
  });

  it('gives no tips after a pass, or after a failure that is not retried (another person, refused frames)', () => {
    expect(livenessTips([{ challenge: 'smile', passed: true, durationMs: 900 }], en)).toEqual([]);
    expect(livenessTips([{ challenge: 'smile', passed: false, durationMs: 900, failure: 'identity-changed' }], en)).toEqual([]);
    expect(livenessTips([{ challenge: 'smile', passed: false, durationMs: 900, failure: 'implausible-frames' }], en)).toEqual([]);
  });

  it('speaks the customer\'s language', () => {
    expect(livenessTips([{ challenge: 'smile', passed: false, durationMs: 3000, failure: 'timeout' }], vi)[0]).toBe('Chưa thấy quý khách thực hiện "Mỉm cười" kịp thời gian: quý khách vui lòng làm ngay khi yêu cầu hiện ra, rõ ràng, rồi giữ yên.');
  });
});
