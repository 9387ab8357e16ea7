import type { MrzResult } from '../../src/shared/document-types';
import { msg } from '../../src/shared/messages/catalogue';
import { translator, Translator } from '../../src/shared/messages/translator';
import { decideVerdict, describeLockout, summarizeMrz, type DocumentSummary, type FaceMatchSummary, type IdentityContinuity, type MatchLockout, type MrzSummary, type VerdictInput } from '../../src/shared/verdict';

/** The ICAO 9303 TD1 specimen as the reader returns it: every check valid, expired in 2012. */
const SPECIMEN: MrzResult = {
  format: 'TD1',
  lines: ['I<UTOD23145890<1233<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<2', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'],
  fields: {
    documentCode: 'I', issuingState: 'UTO', documentNumber: 'D23145890', birthDate: '1974-08-12', sex: 'F',
    expirationDate: '2012-04-15', nationality: 'UTO', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', optional: '1233',
  },
  checks: { documentNumber: true, birthDate: true, expirationDate: true, composite: true },
  valid: true,
  expired: true,
};

const sameIdentity: IdentityContinuity = { checks: 4, matched: 4, mismatched: 0, minSimilarity: 0.61, threshold: 0.36, changed: false };

function input(mrz: MrzSummary | null, overrides: Partial<VerdictInput> = {}): VerdictInput {
  const document: DocumentSummary = { portraitFound: true, portraitScore: 0.93, mrz };
  return {
    document,
    faceMatch: { similarity: 0.62, threshold: 0.36, declineBelow: 0.25, decision: 'match', match: true, attempts: 1, supervisor: null },
    challenges: [{ challenge: 'turn-right', passed: true, durationMs: 1800 }],
    identity: sameIdentity,
    ...overrides,
  };
}

const valid = (patch: Partial<MrzSummary> = {}): MrzSummary => ({ ...summarizeMrz({ ...SPECIMEN, expired: false }), ...patch });
const reason = (result: ReturnType<typeof decideVerdict>, code: string) => result.reasons.filter((r) => r.code === code);

describe('decideVerdict on the document checks', () => {
  it('verifies a customer whose document validates and has not expired', () => {
    const result = decideVerdict(input(valid()));
    expect(result.verdict).toBe('verified');
    expect(reason(result, 'document-mrz')).toEqual([expect.objectContaining({ passed: true, message: expect.stringMatching(/TD1.*every check digit valid/) })]);
    expect(reason(result, 'document-expired')).toEqual([expect.objectContaining({ passed: true })]);
  });

  it('rejects an expired document, saying so, even when every other check passes', () => {
    const result = decideVerdict(input(summarizeMrz(SPECIMEN)));
    expect(result.verdict).toBe('rejected');
    const [expiry] = reason(result, 'document-expired');
    expect(expiry.passed).toBe(false);
    expect(expiry.message).toMatch(/expired/);
  });

  it('passes an expired document a supervisor accepted, flagged and naming them and their reason; never a zone whose check digits fail', () => {
    const documentOverride = { block: 'expired' as const, supervisorId: 'S-0042 Dana', reason: 'branch policy 4.2', decidedAt: '2026-12-03T10:15:00.000Z' };
    const accepted = decideVerdict({ ...input(summarizeMrz(SPECIMEN)), documentOverride });
    expect(accepted.verdict).toBe('verified');
    const [expiry] = reason(accepted, 'document-expired');
    expect(expiry).toEqual(expect.objectContaining({ passed: true, flagged: true, message: 'the document has expired; supervisor S-0042 Dana accepted it at 2026-12-03T10:15:00.000Z: "branch policy 4.2"' }));
    const misread = decideVerdict({ ...input(valid({ valid: false, expired: true, checks: { documentNumber: false, birthDate: true, expirationDate: true, composite: false } })), documentOverride });
    expect(misread.verdict).toBe('rejected');
    expect(reason(misread, 'document-expired')[0].passed).toBe(false);
  });

  it('rejects a zone whose check digits fail, names them and advises a retake', () => {
    const result = decideVerdict(input(valid({ valid: false, checks: { documentNumber: false, birthDate: true, expirationDate: true, composite: false } })));
    expect(result.verdict).toBe('rejected');
    const [zone] = reason(result, 'document-mrz');
    expect(zone.passed).toBe(false);
    expect(zone.message).toMatch(/document number and composite check digits fail/);
    expect(zone.message).toMatch(/retake/);
  });

  it('does not trust an expiry date whose own check digit fails', () => {
    const result = decideVerdict(input(valid({ valid: false, checks: { documentNumber: true, birthDate: true, expirationDate: false, composite: false } })));
    const [expiry] = reason(result, 'document-expired');
    expect(expiry.passed).toBe(false);
    expect(expiry.message).toMatch(/cannot be trusted/);
  });

  it('flags a French national ID, whose zone carries no expiry date, for the printed validity', () => {
    const result = decideVerdict(input(valid({ format: 'FRENCH_NATIONAL_ID', checks: { documentNumber: true, birthDate: true, composite: true } })));
    const [expiry] = reason(result, 'document-expired');
    expect(expiry).toEqual(expect.objectContaining({ passed: true, flagged: true }));
    expect(expiry.message).toMatch(/no expiry date.*printed on the card/);
  });

  it('allows a document with a portrait but no zone, flagged for the operator', () => {
    const result = decideVerdict(input(null));
    expect(result.verdict).toBe('verified');
    expect(reason(result, 'document-mrz')).toEqual([expect.objectContaining({ passed: true, flagged: true, message: expect.stringMatching(/by hand/) })]);
    expect(reason(result, 'document-expired')).toEqual([]);
  });

  it('still rejects a document without a portrait', () => {
    const result = decideVerdict({ ...input(valid()), document: { portraitFound: false, portraitScore: null, mrz: valid() } });
    expect(result.verdict).toBe('rejected');
    expect(reason(result, 'portrait')[0].passed).toBe(false);
  });
});

describe('decideVerdict on the printed dates and sex held against the zone', () => {
  const withPrinted = (printedDates: DocumentSummary['printedDates'], mrz: MrzSummary | null = valid(), printedSex?: DocumentSummary['printedSex']) =>
    decideVerdict({ ...input(mrz), document: { portraitFound: true, portraitScore: 0.93, mrz, printedDates, ...(printedSex ? { printedSex } : {}) } });
  const confirmed = { birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 } as const;

  it('lists the sex with the dates the page confirms', () => {
    expect(reason(withPrinted(confirmed, valid(), { status: 'matches' }), 'document-printed'))
      .toEqual([expect.objectContaining({ passed: true, message: 'the document prints the same birth date, expiry date and sex as its zone' })]);
  });

  it('flags a printed sex that differs from the zone\'s, softly, beside the dates confirmed', () => {
    const result = withPrinted(confirmed, valid(), { status: 'differs' });
    expect(reason(result, 'document-printed')).toEqual([
      expect.objectContaining({ passed: true, flagged: true, message: expect.stringMatching(/^the sex printed on the document differs from the zone's: the zone or the page may have been altered/) }),
      expect.objectContaining({ passed: true, message: 'the document prints the same birth date and expiry date as its zone' }),
    ]);
    expect(result.verdict).toBe('verified');
    // A sex not read adds nothing; a record of an older build has no printedSex at all.
    expect(reason(withPrinted(confirmed, valid(), { status: 'not-read' }), 'document-printed')).toEqual(reason(withPrinted(confirmed), 'document-printed'));
  });

  it('says which dates the page confirms, as one passed reason', () => {
    const result = withPrinted({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 });
    expect(result.verdict).toBe('verified');
    expect(reason(result, 'document-printed')).toEqual([expect.objectContaining({ passed: true, message: 'the document prints the same birth date and expiry date as its zone' })]);
    expect(reason(result, 'document-printed')[0].flagged).toBeUndefined();
  });

  it('flags each date that differs, naming the part, for the operator holding the document to compare', () => {
    const result = withPrinted({ birthDate: { status: 'differs', part: 'year' }, expirationDate: { status: 'matches' }, datesRead: 3 });
    expect(reason(result, 'document-printed')).toEqual([
      expect.objectContaining({ passed: true, flagged: true, message: expect.stringMatching(/^the birth date printed on the document differs from the zone's in its year: the zone or the page may have been altered/) }),
      expect.objectContaining({ passed: true, message: 'the document prints the same expiry date as its zone' }),
    ]);
    // Soft: an OCR misreading a page must not refuse a customer by itself.
    expect(result.verdict).toBe('verified');
  });

  it('says when the page\'s dates could not be read, and flags a check that failed, with its problem', () => {
    expect(reason(withPrinted({ birthDate: { status: 'not-read' }, expirationDate: { status: 'not-in-zone' }, datesRead: 0 }), 'document-printed'))
      .toEqual([expect.objectContaining({ passed: true, message: expect.stringMatching(/could not be read to hold against the zone: compare them by hand/) })]);
    expect(reason(withPrinted({ birthDate: { status: 'not-read' }, expirationDate: { status: 'not-read' }, datesRead: 0, problem: 'the OCR worker crashed' }), 'document-printed'))
      .toEqual([expect.objectContaining({ passed: true, flagged: true, message: 'the dates and sex printed on the document could not be checked (the OCR worker crashed): compare them with the zone by hand' })]);
  });

  it('gives no printed-dates reason without a zone, or before any check ran (a record of an older build)', () => {
    expect(reason(withPrinted({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 }, null), 'document-printed')).toEqual([]);
    expect(reason(decideVerdict(input(valid())), 'document-printed')).toEqual([]);
  });

  it('reads in the operator\'s language', () => {
    const [differs] = reason(withPrinted({ birthDate: { status: 'differs', part: 'month' }, expirationDate: { status: 'not-read' }, datesRead: 1 }), 'document-printed');
    expect(translator('fr').ref(differs.text!)).not.toBe(differs.message);
    expect(translator('vi').ref(differs.text!)).not.toBe(differs.message);
    expect(translator('fr').ref(differs.text!)).not.toMatch(/month|\{/);
  });
});

describe('decideVerdict on the portrait\'s apparent age held against the zone\'s birth date', () => {
  const withAge = (portraitAge: DocumentSummary['portraitAge'], mrz: MrzSummary | null = valid()) => decideVerdict({ ...input(mrz), document: { portraitFound: true, portraitScore: 0.93, mrz, portraitAge } });

  it('passes a consistent age without a flag, and flags a difference without refusing the customer', () => {
    const consistent = withAge({ status: 'consistent' });
    expect(reason(consistent, 'portrait-age')).toEqual([expect.objectContaining({ passed: true, message: 'the portrait looks as old as the zone\'s birth date allows' })]);
    expect(reason(consistent, 'portrait-age')[0].flagged).toBeUndefined();
    const younger = withAge({ status: 'differs', looks: 'younger', years: 31 });
    expect(younger.verdict).toBe('verified');
    expect(reason(younger, 'portrait-age')).toEqual([expect.objectContaining({ passed: true, flagged: true, message: expect.stringMatching(/^the portrait looks about 31 years younger than the zone's birth date allows/) })]);
    expect(reason(withAge({ status: 'differs', looks: 'older', years: 24 }), 'portrait-age')[0].message).toMatch(/about 24 years older/);
  });

  it('says why the age was not compared, and gives no reason without a zone', () => {
    expect(reason(withAge({ status: 'not-judged', problem: 'the zone gives no birth date' }), 'portrait-age')[0].message).toBe('the portrait\'s age was not compared with the birth date (the zone gives no birth date)');
    expect(reason(withAge({ status: 'consistent' }, null), 'portrait-age')).toEqual([]);
    expect(translator('fr').ref(reason(withAge({ status: 'differs', looks: 'older', years: 24 }), 'portrait-age')[0].text!)).toMatch(/24 ans de plus/);
  });
});

describe('decideVerdict on the face and liveness checks', () => {
  it('rejects without a face match, without challenges, or when a challenge fails', () => {
    expect(decideVerdict(input(valid(), { faceMatch: null })).verdict).toBe('rejected');
    expect(decideVerdict(input(valid(), { challenges: [] })).verdict).toBe('rejected');
    const failed = decideVerdict(input(valid(), { challenges: [{ challenge: 'smile', passed: false, durationMs: 7000, failure: 'timeout' }] }));
    expect(failed.verdict).toBe('rejected');
    expect(reason(failed, 'liveness-challenge')[0].message).toBe('Smile: failed after 7.0 s (not done in time)');
  });

  it('words each challenge as the customer was asked, and one never started as not reached', () => {
    const result = decideVerdict(input(valid(), {
      challenges: [
        { challenge: 'turn-right', passed: true, durationMs: 850 },
        { challenge: 'blink:2', passed: false, durationMs: 5500, failure: 'face-lost' },
        { challenge: 'smile', passed: false, durationMs: 0, failure: 'not-reached' },
      ],
    }));
    expect(reason(result, 'liveness-challenge').map((r) => r.message)).toEqual([
      'Turn your head to your right: passed in 0.8 s',
      'Blink 2 times: failed after 5.5 s (the face left the camera)',
      'Smile: not reached (an earlier challenge failed)',
    ]);
  });

  it('tolerates single mismatching frames during the challenges, and says so', () => {
    const result = decideVerdict(input(valid(), { identity: { ...sameIdentity, checks: 3, matched: 2, mismatched: 1 } }));
    expect(result.verdict).toBe('verified');
    expect(reason(result, 'identity-continuity')[0]).toEqual(expect.objectContaining({ passed: true, message: expect.stringMatching(/^same person throughout: 2 of 3 challenge frames matched/) }));
    expect(reason(result, 'identity-continuity')[0].flagged).toBeUndefined();
  });

  it('flags a live face all but identical to the ID portrait: the camera may have seen the document', () => {
    const copy = decideVerdict(input(valid({ expired: false }), { faceMatch: { similarity: 0.993, threshold: 0.55, declineBelow: 0.25, decision: 'match', match: true, attempts: 1, supervisor: null } }));
    const [faceReason] = reason(copy, 'face-match');
    expect(faceReason).toMatchObject({ passed: true, flagged: true, value: 0.993 });
    expect(faceReason.message).toMatch(/all but identical to the ID portrait .* not the document's photo/);
    const live = decideVerdict(input(valid({ expired: false }), { faceMatch: { similarity: 0.9, threshold: 0.55, declineBelow: 0.25, decision: 'match', match: true, attempts: 1, supervisor: null } }));
    expect(reason(live, 'face-match')[0].flagged).toBeUndefined();
  });

  it('flags, for a check by eye, a session in which not one challenge frame matched', () => {
    // A quick turn can leave only mid-turn frames, which match poorly.
    const result = decideVerdict(input(valid(), { identity: { ...sameIdentity, checks: 1, matched: 0, mismatched: 1, minSimilarity: 0.42 } }));
    expect(result.verdict).toBe('verified');
    expect(reason(result, 'identity-continuity')[0]).toEqual(expect.objectContaining({ passed: true, flagged: true, message: 'compare the customer with the ID photo by eye: 0 of 1 challenge frames matched the verified face (lowest similarity 0.420), but never two mismatches in a row' }));
  });

  it('fails continuity when no frame was checked at all', () => {
    const result = decideVerdict(input(valid(), { identity: { ...sameIdentity, checks: 0, matched: 0, minSimilarity: null } }));
    expect(result.verdict).toBe('rejected');
  });

  it('rejects when another person appeared during the challenges', () => {
    const result = decideVerdict(input(valid(), { identity: { ...sameIdentity, mismatched: 2, matched: 2, changed: true } }));
    expect(result.verdict).toBe('rejected');
    expect(reason(result, 'identity-continuity')[0].message).toMatch(/another person appeared/);
  });
});

describe('decideVerdict on a face-match lockout', () => {
  const station: MatchLockout = { scope: 'station', failedMatches: 5, limit: 5, windowMinutes: 3, until: '2026-03-02T09:03:00.000Z' };
  const document: MatchLockout = { scope: 'document', failedMatches: 3, limit: 3, windowMinutes: 30, until: '2026-03-02T09:30:20.000Z' };

  it('rejects a session refused by the station lockout, with its figures and when it reopens', () => {
    const result = decideVerdict(input(valid(), { faceMatch: null, matchLockout: station }));
    expect(result.verdict).toBe('rejected');
    expect(reason(result, 'match-lockout')).toEqual([{
      code: 'match-lockout', passed: false, value: 5, threshold: 5,
      message: 'face matching is locked at this station: 5 failed matches within 3 minutes reached its limit of 5; it reopens at 2026-03-02T09:03:00.000Z',
      text: expect.objectContaining({ key: 'lockout.station' }),
    }]);
  });

  it('rejects a document whose attempts are used, saying for how long they are remembered', () => {
    const result = decideVerdict(input(valid(), { faceMatch: { similarity: 0.21, threshold: 0.55, declineBelow: 0.25, decision: 'no-match', match: false, attempts: 3, supervisor: null }, matchLockout: document }));
    expect(reason(result, 'match-lockout')[0]).toMatchObject({ passed: false, message: expect.stringMatching(/^this document has used its 3 match attempts \(3 failed, remembered for 30 minutes after the last\)/) });
  });

  it('flags, rather than fails, a lockout that ended before a match passed', () => {
    const result = decideVerdict(input(valid(), { matchLockout: station }));
    expect(result.verdict).toBe('verified');
    expect(reason(result, 'match-lockout')[0]).toMatchObject({ passed: true, flagged: true, message: expect.stringMatching(/^earlier in the session face matching is locked .* a match passed once it reopened$/) });
  });

  it('gives no lockout reason when matching was never refused', () => {
    expect(reason(decideVerdict(input(valid())), 'match-lockout')).toEqual([]);
    expect(reason(decideVerdict(input(valid(), { matchLockout: null })), 'match-lockout')).toEqual([]);
  });

  it('words the time as the reader should see it', () => {
    expect(describeLockout(station, '10:03:00')).toMatch(/it reopens at 10:03:00$/);
    expect(describeLockout({ ...station, windowMinutes: 1 })).toMatch(/within 1 minute reached/);
  });
});

describe('summarizeMrz: what the session record keeps of a reading', () => {
  it('keeps document type, issuing state, expiry validity and check results, and no name or number by default', () => {
    const summary = summarizeMrz(SPECIMEN);
    expect(summary).toEqual({ format: 'TD1', documentCode: 'I', issuingState: 'UTO', valid: true, expired: true, checks: SPECIMEN.checks });
    const text = JSON.stringify(summary);
    for (const personal of ['ERIKSSON', 'ANNA', 'D23145890', '1974-08-12']) expect(text).not.toContain(personal);
  });

  it('keeps the holder\'s names and numbers only when the retention setting allows them', () => {
    expect(summarizeMrz(SPECIMEN, 'checks-only').holder).toBeUndefined();
    expect(summarizeMrz(SPECIMEN, 'names-and-numbers').holder).toEqual({
      surname: 'ERIKSSON', givenNames: 'ANNA MARIA', documentNumber: 'D23145890', birthDate: '1974-08-12', expirationDate: '2012-04-15', nationality: 'UTO',
    });
  });

  it('copies the checks, so a later change to the reading cannot alter the record', () => {
    const reading = structuredClone(SPECIMEN);
    const summary = summarizeMrz(reading);
    reading.checks.composite = false;
    expect(summary.checks.composite).toBe(true);
  });
});

describe('a match referred to a supervisor (the review band)', () => {
  const referred = (supervisor: FaceMatchSummary['supervisor']): FaceMatchSummary => ({ similarity: 0.31, threshold: 0.36, declineBelow: 0.25, decision: 'refer', match: supervisor?.decision === 'accept', attempts: 1, supervisor });

  it('is not verified without a supervisor decision, and says so with the score and both thresholds', () => {
    const result = decideVerdict(input(valid(), { faceMatch: referred(null) }));
    expect(result.verdict).toBe('rejected');
    expect(reason(result, 'face-match')[0]).toEqual({
      code: 'face-match', passed: false, value: 0.31, threshold: 0.36,
      message: 'referred to a supervisor, who gave no decision (similarity 0.310, accept at 0.360, decline below 0.250, attempt 1): not verified',
      text: expect.objectContaining({ key: 'reason.face.referNoDecision' }),
    });
  });

  it('is verified once the supervisor accepts, flagged, naming the supervisor and the time', () => {
    const result = decideVerdict(input(valid(), { faceMatch: referred({ decision: 'accept', supervisorId: 'S-0042 Dana', decidedAt: '2026-03-02T09:00:05.000Z' }) }));
    expect(result.verdict).toBe('verified');
    expect(reason(result, 'face-match')[0]).toMatchObject({
      passed: true, flagged: true,
      message: 'supervisor S-0042 Dana accepted the referred match at 2026-03-02T09:00:05.000Z: the score alone was in the review band (similarity 0.310, accept at 0.360, decline below 0.250, attempt 1)',
    });
  });

  it('is rejected when the supervisor declines', () => {
    const result = decideVerdict(input(valid(), { faceMatch: referred({ decision: 'decline', supervisorId: 'S-0042', decidedAt: '2026-03-02T09:00:05.000Z' }) }));
    expect(result.verdict).toBe('rejected');
    expect(reason(result, 'face-match')[0]).toMatchObject({ passed: false, message: expect.stringMatching(/^supervisor S-0042 declined the referred match at 2026-03-02T09:00:05.000Z \(similarity 0.310/) });
  });
});

describe('a presentation attack refused at the face check', () => {
  it('makes the session not verified whatever the challenges said, and says why', () => {
    const attack = { reason: 'the face looks like a photo or a screen (presentation-attack model: P(live) 0.02, needs 0.50)', score: 0.02, threshold: 0.5, similarity: 0.71, at: '2026-01-01T10:00:00.000Z' };
    const result = decideVerdict(input(valid(), { presentationAttack: attack }));
    expect(result.verdict).toBe('rejected');
    expect(result.reasons.filter((r) => !r.passed)).toEqual([{ code: 'face-match', passed: false, value: 0.02, threshold: 0.5, message: `presentation attack refused at the face check: ${attack.reason}`, text: expect.objectContaining({ key: 'reason.attack' }) }]);
  });

  it('says so when the attack was found in the liveness checks\' samples', () => {
    const attack = { reason: 'straight edges frame the face on both sides', score: 0.9, threshold: 0.7, stage: 'liveness' as const, at: '2026-01-01T10:00:00.000Z' };
    const result = decideVerdict(input(valid(), { presentationAttack: attack }));
    expect(result.verdict).toBe('rejected');
    expect(result.reasons.filter((r) => !r.passed).map((r) => r.message)).toEqual([`presentation attack refused during the liveness checks: ${attack.reason}`]);
  });

  it('words each finding in the reader\'s language, and keeps an older record\'s English reason', () => {
    const findings = [msg('pad.finding.glare', { share: { fixed: 12.5, digits: 1 }, limit: { fixed: 5, digits: 1 } })];
    const attack = { reason: 'glare covers the face, as on glass or glossy paper (12.5% of it, limit 5.0%)', findings, score: 0.9, threshold: 0.7, at: '2026-01-01T10:00:00.000Z' };
    const [refused] = decideVerdict(input(valid(), { presentationAttack: attack })).reasons.filter((r) => !r.passed);
    expect(refused.message).toBe(`presentation attack refused at the face check: ${attack.reason}`);
    expect(new Translator('fr').ref(refused.text!)).toBe('tentative de fraude refusée au contrôle du visage : un reflet couvre le visage, comme sur du verre ou du papier brillant (12,5 % du visage, limite 5,0 %)');
  });

  it('adds no reason when there was none', () => {
    expect(decideVerdict(input(valid(), { presentationAttack: null })).verdict).toBe('verified');
  });
});

describe('the reasons in the operator\'s language', () => {
  it('carry a message reference whose English is the record\'s message, and which reads in Vietnamese and French', () => {
    const result = decideVerdict(input(valid(), { faceMatch: { similarity: 0.61, threshold: 0.36, declineBelow: 0.25, decision: 'match', match: true, attempts: 1, supervisor: null } }));
    for (const r of result.reasons) {
      expect(r.text).toBeDefined();
      expect(translator('en').ref(r.text!)).toBe(r.message);
      expect(translator('vi').ref(r.text!)).not.toBe(r.message);
      expect(translator('fr').ref(r.text!)).not.toBe(r.message);
    }
    const face = result.reasons.find((r) => r.code === 'face-match')!;
    expect(translator('vi').ref(face.text!)).toBe('khuôn mặt trực tiếp khớp với ảnh trên giấy tờ (độ tương đồng 0,610, chấp nhận từ 0,360, từ chối dưới 0,250, lần thử 1)');
  });
});
