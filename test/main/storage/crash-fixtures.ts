/** The records and settings the crash test's child writes, rebuilt by the test to compare. */
import { DEFAULT_SETTINGS, settingsUpdateOf, type OperatorSettingsUpdate } from '../../../src/shared/operator-settings';
import type { SessionRecord } from '../../../src/shared/verdict';

/** Reasons per record: about 60 KB of JSON, so a kill often lands inside a write. */
const REASONS_PER_RECORD = 200;

export function crashRecord(run: string, i: number): SessionRecord {
  return {
    schema: 'ekyc-session/1',
    sessionId: `crash-${run}-${i}`,
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:01:00.000Z',
    verdict: 'verified',
    reasons: Array.from({ length: REASONS_PER_RECORD }, (_, k) => ({ code: 'face-match', passed: true, message: `check ${k} of record ${i}: ${'figures '.repeat(30)}`, value: k / REASONS_PER_RECORD, threshold: 0.5 })),
    document: { portraitFound: true, portraitScore: 0.99, mrz: null },
    faceMatch: { similarity: 0.71, threshold: 0.5, match: true, attempts: 1 },
    matchLockout: null,
    liveness: { challenges: [{ challenge: 'smile', passed: true, durationMs: 900 }], identity: { checks: 2, matched: 2, mismatched: 0, minSimilarity: 0.9, threshold: 0.5, changed: false } },
  } as SessionRecord;
}

export function crashSettingsUpdate(version: number): OperatorSettingsUpdate {
  return { ...settingsUpdateOf(DEFAULT_SETTINGS), cameraId: `camera-version-${version}` };
}
