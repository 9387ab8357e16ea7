/**
 * Everything main remembers about the customer at the counter: the ID portrait's embedding,
 * the verified selfie's embedding, the zone's salted key, and figures for the record. Images
 * are never kept; the embeddings and the key are zeroed when the next customer starts (the
 * attempt ledger keeps its own copies of a document's while its failed matches count).
 */
import { IDENTITY_CONTINUITY_THRESHOLD, MATCH_THRESHOLD } from '../../shared/defaults';
import type { ChipRecord } from '../../shared/chip-types';
import type { MrzReading, PortraitAgeCheck } from '../../shared/document-types';
import type { PrintedPageCheck } from '../../shared/engine-contract';
import type { PortraitFace } from '../../shared/face-types';
import { DEFAULT_DOCUMENT_DATA_RETENTION, summarizeMrz, type DocumentDataRetention, type DocumentSummary, type FaceMatchSummary, type IdentityContinuity, type LivenessAttempt, type MatchLockout, type DocumentOverride, type PresentationAttackRecord, type PresentationDeferral, type SessionRecord } from '../../shared/verdict';

/** Two mismatching frames in a row (about 1.5 s) mean another person, not a bad frame. */
export const IDENTITY_MISMATCHES_TO_FAIL = 2;

export class CustomerSession {
  readonly startedAt: Date;
  portraitEmbedding: Float32Array | null = null;
  selfieEmbedding: Float32Array | null = null;
  document: DocumentSummary = { portraitFound: false, portraitScore: null, mrz: null };
  faceMatch: FaceMatchSummary | null = null;
  /** Salted hash identifying the document by its zone (AttemptLedger.mrzKeyOf); null until one is read. */
  mrzKey: Uint8Array | null = null;
  /** The zone's lines as read: the chip's access keys and what DG1 must equal. Never sent to the page. */
  mrzLines: string[] | null = null;
  /** The document's images kept by the engine (the front analysed, then the image its zone was read from): where its printed dates and sex are. */
  documentImages: string[] = [];
  /**
   * The zone's dates and sex held against the printed ones (printed-dates.ts, printed-sex.ts),
   * running in the background from the zone's reading (OCR of a page takes seconds); null until
   * a zone is read. Never rejects: a failure is a check with a problem.
   */
  printedPage: Promise<PrintedPageCheck> | null = null;
  /** The portrait's apparent age against the zone's birth date (portrait-age.ts), in the background like printedPage; null until a zone is read on a document whose portrait was found. */
  portraitAge: Promise<PortraitAgeCheck> | null = null;
  /** The chip read for this document, for the record; null until one is read. */
  chip: ChipRecord | null = null;
  /** The chip photo's embedding when it is the face match's reference (passive authentication valid). */
  chipEmbedding: Float32Array | null = null;
  /** Completed matches in this session, whatever the document: a new scan does not reset them. */
  attempts = 0;
  /** Set when matching was refused or locked during the session; kept for the record. */
  matchLockout: MatchLockout | null = null;
  /** Set when a capture was refused as a presentation attack; kept for the record, and the session cannot be verified. */
  presentationAttack: PresentationAttackRecord | null = null;
  /** A supervisor's override of this document's expiry; a new document or zone forgets it. */
  documentOverride: DocumentOverride | null = null;
  /** Set when the face check's last picture awaits the liveness samples' confirmation (face-check-presentation.ts). */
  presentationDeferral: PresentationDeferral | null = null;
  identity: IdentityContinuity = { checks: 0, matched: 0, mismatched: 0, minSimilarity: null, threshold: IDENTITY_CONTINUITY_THRESHOLD, changed: false };
  consecutiveMismatches = 0;
  /**
   * Every liveness session that ended in this customer session, in order: the count main
   * limits (1 + LIVENESS_RETRIES) and the record's audit of them. A new document or match
   * does not reset it; only the next customer does.
   */
  livenessAttempts: LivenessAttempt[] = [];
  record: SessionRecord | null = null;

  /** The threshold is fixed when the customer's session starts, so a settings change never splits one. */
  constructor(readonly sessionId: string, now: Date, readonly matchThreshold: number = MATCH_THRESHOLD) {
    this.startedAt = now;
  }

  /**
   * A new ID document starts the customer's checks over, but not the attempts: those are
   * counted per session here and per document by the station's AttemptLedger.
   */
  setPortrait(portrait: PortraitFace | null, embedding: Float32Array | null): void {
    this.wipeEmbeddings();
    this.mrzLines = null;
    this.documentImages = [];
    this.printedPage = null;
    this.portraitAge = null;
    this.portraitEmbedding = embedding;
    this.document = { portraitFound: portrait !== null, portraitScore: portrait?.score ?? null, mrz: null };
    this.documentOverride = null;
    this.faceMatch = null;
    this.resetIdentity();
    this.record = null;
  }

  /** The chip read of this document: its record and, when it is the reference, the photo's embedding. */
  setChip(chip: ChipRecord, embedding: Float32Array | null): void {
    this.chipEmbedding?.fill(0);
    this.chip = chip;
    this.chipEmbedding = embedding;
    this.record = null;
  }

  /** Another document or another zone: a chip read of the last one says nothing about it. */
  private forgetChip(): void {
    this.chipEmbedding?.fill(0);
    this.chipEmbedding = null;
    this.chip = null;
  }

  /**
   * Keeps document type, issuing state, expiry validity and check results. Hook: names and
   * numbers enter the record only when the operator's retention setting is passed here as
   * 'names-and-numbers'; until settings carry one, the default keeps them out.
   */
  setMrz(reading: MrzReading, retention: DocumentDataRetention = DEFAULT_DOCUMENT_DATA_RETENTION, mrzKey: Uint8Array | null = null): void {
    this.document = { ...this.document, mrz: summarizeMrz(reading.mrz, retention) };
    this.documentOverride = null;
    this.mrzKey?.fill(0);
    this.mrzKey = mrzKey;
    this.mrzLines = [...reading.mrz.lines];
    this.printedPage = null;
    this.portraitAge = null;
    this.forgetChip();
    this.record = null;
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
    this.identity = { checks: 0, matched: 0, mismatched: 0, minSimilarity: null, threshold: IDENTITY_CONTINUITY_THRESHOLD, changed: false };
    this.consecutiveMismatches = 0;
  }

  /** Overwrites the embeddings and the zone's key so neither outlives the customer's session. */
  wipeEmbeddings(): void {
    this.portraitEmbedding?.fill(0);
    this.selfieEmbedding?.fill(0);
    this.mrzKey?.fill(0);
    this.forgetChip();
    this.portraitEmbedding = null;
    this.selfieEmbedding = null;
    this.mrzKey = null;
  }
}
