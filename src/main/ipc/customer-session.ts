/**
 * Everything main remembers about the customer at the counter: the ID portrait's embedding,
 * the verified selfie's embedding, and figures for the record. Images are never kept; the
 * embeddings are zeroed when the next customer starts.
 */
import { MATCH_THRESHOLD } from '../../shared/defaults';
import type { MrzReading } from '../../shared/document-types';
import type { PortraitFace } from '../../shared/face-types';
import type { DocumentSummary, FaceMatchSummary, IdentityContinuity, SessionRecord } from '../../shared/verdict';

/** Two mismatching frames in a row (about 1.5 s) mean another person, not a bad frame. */
export const IDENTITY_MISMATCHES_TO_FAIL = 2;

export class CustomerSession {
  readonly startedAt: Date;
  portraitEmbedding: Float32Array | null = null;
  selfieEmbedding: Float32Array | null = null;
  document: DocumentSummary = { portraitFound: false, portraitScore: null, mrz: null };
  faceMatch: FaceMatchSummary | null = null;
  attempts = 0;
  identity: IdentityContinuity = { checks: 0, matched: 0, mismatched: 0, minSimilarity: null, threshold: MATCH_THRESHOLD, changed: false };
  consecutiveMismatches = 0;
  record: SessionRecord | null = null;

  constructor(readonly sessionId: string, now: Date) {
    this.startedAt = now;
  }

  /** A new ID document starts the customer's checks over. */
  setPortrait(portrait: PortraitFace | null, embedding: Float32Array | null): void {
    this.wipeEmbeddings();
    this.portraitEmbedding = embedding;
    this.document = { portraitFound: portrait !== null, portraitScore: portrait?.score ?? null, mrz: null };
    this.faceMatch = null;
    this.attempts = 0;
    this.resetIdentity();
    this.record = null;
  }

  setMrz(reading: MrzReading): void {
    const { mrz } = reading;
    this.document = {
      ...this.document,
      mrz: { format: mrz.format, documentCode: mrz.fields.documentCode, issuingState: mrz.fields.issuingState, valid: mrz.valid, expired: mrz.expired, checks: { ...mrz.checks } },
    };
  }

  recordIdentityCheck(similarity: number, same: boolean): boolean {
    const id = this.identity;
    id.checks += 1;
    id.minSimilarity = id.minSimilarity === null ? similarity : Math.min(id.minSimilarity, similarity);
    if (same) {
      id.matched += 1;
      this.consecutiveMismatches = 0;
    } else {
      id.mismatched += 1;
      this.consecutiveMismatches += 1;
    }
    if (this.consecutiveMismatches >= IDENTITY_MISMATCHES_TO_FAIL) id.changed = true;
    return id.changed;
  }

  resetIdentity(): void {
    this.identity = { checks: 0, matched: 0, mismatched: 0, minSimilarity: null, threshold: MATCH_THRESHOLD, changed: false };
    this.consecutiveMismatches = 0;
  }

  /** Overwrites the embeddings so no biometric template outlives the customer. */
  wipeEmbeddings(): void {
    this.portraitEmbedding?.fill(0);
    this.selfieEmbedding?.fill(0);
    this.portraitEmbedding = null;
    this.selfieEmbedding = null;
  }
}
