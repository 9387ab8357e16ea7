/**
 * Failed face matches per document, across customer sessions, so that scanning the same ID
 * again or pressing "Next customer" gives it no new attempts. A document is known by a
 * salted SHA-256 of its zone's number, issuing state and birth date (when a zone was read
 * with those check digits valid) or by its portrait's embedding (cosine at or above
 * SAME_DOCUMENT_SIMILARITY); either one links a scan to an earlier one. Only those hashes and
 * embeddings are kept, in memory, for DOCUMENT_ATTEMPTS_MEMORY_MS after a document's last
 * failed match; then they are zeroed and dropped. The raw document number is never kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DOCUMENT_ATTEMPTS_MEMORY_MS, SAME_DOCUMENT_SIMILARITY } from '../../shared/defaults';
import type { MrzFields } from '../../shared/document-types';
import { cosineSimilarity } from '../vision/matching';

/** What the current session knows of its document; either part may be missing. */
export interface DocumentIdentity {
  mrzKey: Uint8Array | null;
  portrait: Float32Array | null;
}

export interface DocumentFailures {
  /** Failed matches remembered for the document (0 for one never seen). */
  count: number;
  /** Epoch ms at which they are forgotten; null when there are none. */
  forgetAt: number | null;
}

interface Entry {
  mrzKeys: Uint8Array[];
  portraits: Float32Array[];
  failures: number;
  lastFailureAt: number;
}

/** Portraits kept per document: the first scans anchor it, so a drift by small steps cannot walk away from it. */
const MAX_PORTRAITS_PER_DOCUMENT = 16;
/** A portrait this close to one kept already adds nothing. */
const DUPLICATE_PORTRAIT_SIMILARITY = 0.999;

export class AttemptLedger {
  private readonly salt = randomBytes(32);
  private entries: Entry[] = [];

  constructor(
    readonly memoryMs: number = DOCUMENT_ATTEMPTS_MEMORY_MS,
    readonly sameDocumentSimilarity: number = SAME_DOCUMENT_SIMILARITY,
  ) {}

  /** The zone's key, or null when its number or birth date did not validate (a misread identifies nothing). */
  mrzKeyOf(fields: Pick<MrzFields, 'documentNumber' | 'issuingState' | 'birthDate'>, trusted: boolean): Uint8Array | null {
    if (!trusted || !fields.documentNumber) return null;
    const hash = createHash('sha256').update(this.salt);
    hash.update(JSON.stringify([fields.documentNumber, fields.issuingState, fields.birthDate]));
    return new Uint8Array(hash.digest());
  }

  failures(identity: DocumentIdentity, now: number): DocumentFailures {
    this.forgetExpired(now);
    return describe(this.merged(identity), this.memoryMs);
  }

  /** Counts one failed match against the document; its identity is kept (as copies). */
  recordFailure(identity: DocumentIdentity, now: number): DocumentFailures {
    this.forgetExpired(now);
    let entry = this.merged(identity);
    if (!entry) {
      entry = { mrzKeys: [], portraits: [], failures: 0, lastFailureAt: now };
      this.entries.push(entry);
    }
    entry.failures += 1;
    entry.lastFailureAt = now;
    if (identity.mrzKey && !entry.mrzKeys.some((k) => sameBytes(k, identity.mrzKey!))) entry.mrzKeys.push(identity.mrzKey.slice());
    const portrait = identity.portrait;
    if (portrait && entry.portraits.length < MAX_PORTRAITS_PER_DOCUMENT && !entry.portraits.some((p) => cosineSimilarity(p, portrait) >= DUPLICATE_PORTRAIT_SIMILARITY)) {
      entry.portraits.push(portrait.slice());
    }
    return describe(entry, this.memoryMs);
  }

  /** Documents remembered now (for tests and the record of what is held). */
  get size(): number {
    return this.entries.length;
  }

  /** Zeroes and drops everything, the salt included. */
  wipe(): void {
    for (const entry of this.entries) zero(entry);
    this.entries = [];
    this.salt.fill(0);
  }

  private forgetExpired(now: number): void {
    const expired = this.entries.filter((e) => now - e.lastFailureAt >= this.memoryMs);
    if (expired.length === 0) return;
    for (const entry of expired) zero(entry);
    this.entries = this.entries.filter((e) => !expired.includes(e));
  }

  /**
   * The one entry for the identity: every entry it matches is the same document, so they are
   * merged (their failures were counted apart, so they add up).
   */
  private merged(identity: DocumentIdentity): Entry | null {
    const matching = this.entries.filter((e) => this.matches(e, identity));
    if (matching.length === 0) return null;
    const [first, ...rest] = matching;
    for (const other of rest) {
      first.failures += other.failures;
      first.lastFailureAt = Math.max(first.lastFailureAt, other.lastFailureAt);
      for (const k of other.mrzKeys) {
        if (first.mrzKeys.some((f) => sameBytes(f, k))) k.fill(0);
        else first.mrzKeys.push(k);
      }
      for (const p of other.portraits) {
        if (first.portraits.length < MAX_PORTRAITS_PER_DOCUMENT) first.portraits.push(p);
        else p.fill(0);
      }
    }
    this.entries = this.entries.filter((e) => !rest.includes(e));
    return first;
  }

  private matches(entry: Entry, identity: DocumentIdentity): boolean {
    const { mrzKey, portrait } = identity;
    if (mrzKey && entry.mrzKeys.some((k) => sameBytes(k, mrzKey))) return true;
    return portrait !== null && entry.portraits.some((p) => cosineSimilarity(p, portrait) >= this.sameDocumentSimilarity);
  }
}

function describe(entry: Entry | null, memoryMs: number): DocumentFailures {
  return entry ? { count: entry.failures, forgetAt: entry.lastFailureAt + memoryMs } : { count: 0, forgetAt: null };
}

function zero(entry: Entry): void {
  for (const p of entry.portraits) p.fill(0);
  for (const k of entry.mrzKeys) k.fill(0);
  entry.portraits = [];
  entry.mrzKeys = [];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
