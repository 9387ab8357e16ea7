/**
 * chip:read for the customer at the counter: opens the document's chip with the keys of the
 * zone main read in this session (never keys from the page), checks it (passive
 * authentication against the operator's CSCA trust list, DG1 against the printed zone), and
 * makes the chip photo the face match's reference when the issuer's signature vouches for
 * it. The printed portrait is then matched against the chip photo as a tampering check.
 */
import type { ChipReadProgress, ChipRecord } from '../../shared/chip-types';
import { EkycError } from '../../shared/errors';
import { msg, type MessageRef } from '../../shared/messages/catalogue';
import { english } from '../../shared/messages/translator';
import { mrzKeysFromLines, pcscOpener, readDocumentChip, type CardOpener } from '../chip/chip-reader';
import { CscaTrustStore } from '../chip/trust-store';
import { decodeImage } from '../vision/image-decoder';
import type { CustomerSession } from './customer-session';
import type { FaceEngine } from './station-engines';

/** How long chip:read waits for a document on the reader: the operator lays it down after pressing the button. */
export const CHIP_WAIT_MS = 10_000;

export interface ChipCheckDeps {
  /** How the read reaches a card: PC/SC in the station, a simulated chip in tests and the E2E harness. */
  opener?: CardOpener;
  /** The operator's trust list path (settings' cscaTrustList); null: none installed. */
  trustListPath: string | null;
  faces: () => Promise<FaceEngine>;
  waitMs?: number;
  /** Told each stage and chunk of the read, for chip:progress. */
  onProgress?: (progress: ChipReadProgress) => void;
}

/** The progress chip:progress reports when no read is running. */
export const CHIP_IDLE: ChipReadProgress = Object.freeze({ stage: 'idle', file: null, bytesRead: 0, bytesTotal: 0 });

export async function checkSessionChip(session: CustomerSession, deps: ChipCheckDeps): Promise<ChipRecord> {
  const lines = session.mrzLines;
  if (!lines) throw new EkycError('SESSION_STATE', 'no machine-readable zone read yet: read the document\'s MRZ first, its document number and dates open the chip');
  // A configured but unreadable trust list fails the read rather than reporting every signer
  // as "not trusted (no CSCA trust list installed)", which would hide the operator's mistake.
  const trust = deps.trustListPath ? await CscaTrustStore.load(deps.trustListPath) : undefined;
  const tell = deps.onProgress ?? (() => {});
  const open = deps.opener ?? pcscOpener;
  tell({ stage: 'waiting-for-document', file: null, bytesRead: 0, bytesTotal: 0 });
  const read = await readDocumentChip({
    key: mrzKeysFromLines(lines), printedZone: lines, trust, waitMs: deps.waitMs ?? CHIP_WAIT_MS,
    onProgress: (p) => tell({ stage: 'reading', file: p.file, bytesRead: p.read, bytesTotal: p.total }),
  }, async (reader, waitMs) => {
    const card = await open(reader, waitMs);
    tell({ stage: 'opening', file: null, bytesRead: 0, bytesTotal: 0 });
    return card;
  });
  tell({ stage: 'checking', file: null, bytesRead: 0, bytesTotal: 0 });
  const { mrzLines: _dg1, ...summary } = read.summary;
  let embedding: Float32Array | null = null;
  let referenceProblem: MessageRef | null = null;
  let technical: string | null = null;
  let portraitAgainstChip: ChipRecord['portraitAgainstChip'] = null;
  if (summary.passiveAuth.status !== 'valid') {
    referenceProblem = msg('chip.reference.notSigned', { summary: summary.passiveAuth.summaryMessage ?? summary.passiveAuth.summary });
  } else if (!read.face || !summary.face?.decoded) {
    referenceProblem = msg('chip.reference.noFace');
    technical = read.faceProblem;
  } else {
    const engine = await deps.faces();
    try {
      embedding = (await engine.findPortrait(await decodeImage(read.face.data, 'the chip photo'))).embedding;
    } catch (err) {
      if (!(err instanceof EkycError)) throw err;
      referenceProblem = msg('chip.reference.noPortrait');
      technical = err.message;
    }
    if (embedding && session.portraitEmbedding) {
      const m = engine.compare(session.portraitEmbedding, embedding, session.matchThreshold);
      portraitAgainstChip = { similarity: m.similarity, threshold: m.threshold, match: m.similarity >= m.threshold };
    }
  }
  const chip: ChipRecord = {
    ...summary, reader: read.reader, faceReference: embedding ? 'chip' : 'printed',
    // English for the record, with the decoder's own words; the message for the screen.
    referenceProblem: referenceProblem && (technical ? `${english(referenceProblem)} (${technical})` : english(referenceProblem)),
    referenceProblemMessage: referenceProblem,
    portraitAgainstChip,
  };
  session.setChip(chip, embedding);
  return structuredClone(chip);
}
