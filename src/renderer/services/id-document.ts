/**
 * The ID step's calls to main and what the page says about them: the page renders the
 * findings and never talks to main itself. The wording lives in pure functions, so the
 * messages an operator and a customer read are specified by tests.
 */
import { failedMrzChecks, MRZ_CHECK_LABELS, zoneHasExpiry, type CaptureProblem, type MrzReading } from '../../shared/document-types';
import type { AnalyzeIdRequest, IdAnalysis, OpenIdFileReply } from '../../shared/ipc-contract';
import { callStation, errorMessage, StationError } from './station-api';

/** Which side of the document an image shows; ID cards carry the zone on the back. */
export type DocumentSide = 'front' | 'back';

/** The outcome of looking for the machine-readable zone on one side. */
export type ZoneFinding =
  | { kind: 'read'; side: DocumentSide; reading: MrzReading }
  /** No zone on this side: allowed (flagged in the verdict), the back may still carry one. */
  | { kind: 'none'; side: DocumentSide; detail: string; capture?: CaptureProblem }
  | { kind: 'error'; side: DocumentSide; message: string };

export type NoticeTone = 'ok' | 'warn' | 'bad';
export interface Notice {
  tone: NoticeTone;
  text: string;
}

export type OpenedDocument = Extract<OpenIdFileReply, { canceled: false }>['document'];

/**
 * Lets the operator pick the document image through the native dialog; null when cancelled.
 * Main keeps the file and answers with its handle (and a preview when asked: the back).
 */
export async function chooseDocumentFile(options: { preview: boolean }): Promise<OpenedDocument | null> {
  const reply = await callStation('openIdFile', { preview: options.preview });
  return reply.canceled ? null : reply.document;
}

/** Finds the portrait (main keeps its embedding, and the document, for the later steps). */
export function analyzeDocument(source: AnalyzeIdRequest): Promise<IdAnalysis> {
  return callStation('analyzeId', source);
}

/** Reads the zone of one side of a document main holds; never throws: every outcome is a finding to show. */
export async function readDocumentZone(documentId: string, side: DocumentSide): Promise<ZoneFinding> {
  try {
    return { kind: 'read', side, reading: await callStation('readMrz', { documentId }) };
  } catch (err) {
    return zoneFindingFromError(err, side);
  }
}

export function zoneFindingFromError(err: unknown, side: DocumentSide): ZoneFinding {
  const { code, message } = errorMessage(err);
  if (code !== 'NO_MRZ') return { kind: 'error', side, message };
  const capture = err instanceof StationError ? err.details?.capture : undefined;
  return isCaptureProblem(capture) ? { kind: 'none', side, detail: message, capture } : { kind: 'none', side, detail: message };
}

/** What the operator should change when the picture, not the document, is why no zone was read. */
const CAPTURE_TEXT: Readonly<Record<CaptureProblem, string>> = {
  'cut-off': 'The zone runs off the edge of the picture: move the document so all of it is in view, with a margin.',
  'too-small': 'The document is too small in the picture to read its zone: bring it closer.',
  blurred: 'The picture is blurred: hold the document still and let the camera focus.',
};
const isCaptureProblem = (value: unknown): value is CaptureProblem => typeof value === 'string' && value in CAPTURE_TEXT;

/**
 * The zone that counts for the document: a valid reading wins over an invalid one, and the
 * later of two equally good readings wins (a retaken back replaces the first picture).
 */
export function bestZone(findings: readonly ZoneFinding[]): Extract<ZoneFinding, { kind: 'read' }> | null {
  let best: Extract<ZoneFinding, { kind: 'read' }> | null = null;
  for (const f of findings) {
    if (f.kind !== 'read') continue;
    if (!best || f.reading.mrz.valid || !best.reading.mrz.valid) best = f;
  }
  return best;
}

/** Whether the operator should be offered to add (or retake) the back of the card. */
export function backSideWanted(findings: readonly ZoneFinding[]): boolean {
  return !bestZone(findings)?.reading.mrz.valid;
}

/** What the page says about the zone, most important first. */
export function zoneNotices(findings: readonly ZoneFinding[]): Notice[] {
  const zone = bestZone(findings);
  if (!zone) {
    const last = findings[findings.length - 1];
    if (!last) return [];
    if (last.kind === 'error') return [{ tone: 'bad', text: `The ${last.side} could not be read: ${last.message}` }];
    const retake: Notice[] = last.kind === 'none' && last.capture ? [{ tone: 'bad', text: CAPTURE_TEXT[last.capture] }] : [];
    return [...retake, {
      tone: 'warn',
      text: last.side === 'front'
        ? 'No machine-readable zone on the front. For an ID card, add the back. Without a zone the document is accepted but flagged: check its data by hand.'
        : 'No machine-readable zone found on the back either. The document is accepted but flagged: check its data by hand, or retake the back flat and sharp.',
    }];
  }
  const { mrz } = zone.reading;
  const notices: Notice[] = [];
  if (mrz.valid) {
    notices.push({ tone: 'ok', text: `Machine-readable zone read from the ${zone.side}: every check digit is valid` });
  } else {
    const failed = failedMrzChecks(mrz.checks).map((k) => MRZ_CHECK_LABELS[k]);
    notices.push({
      tone: 'bad',
      text: `The machine-readable zone does not validate${failed.length ? ` (${failed.join(', ')} check digit${failed.length === 1 ? '' : 's'})` : ''}: retake the ${zone.side} flat, sharp and without glare`,
    });
  }
  if (mrz.expired) {
    notices.push({ tone: 'bad', text: `This document expired on ${formatDate(mrz.fields.expirationDate)}: it cannot be accepted` });
  } else if (!zoneHasExpiry(mrz)) {
    notices.push({ tone: 'warn', text: 'This card\'s machine-readable zone carries no expiry date: check the validity printed on the card' });
  } else if (mrz.fields.expirationDate === null) {
    notices.push({ tone: 'bad', text: 'The expiry date cannot be read: retake the picture' });
  }
  for (const finding of zone.reading.findings) {
    notices.push({ tone: 'warn', text: `To look at: ${finding.message.charAt(0).toUpperCase()}${finding.message.slice(1)}` });
  }
  return notices;
}

/**
 * Why the customer must not go on to the face check, or null: an expired document or a zone
 * whose check digits fail would only be rejected at the end, after the face check and liveness.
 * A document without a readable zone is not blocked (it is accepted but flagged).
 */
export function documentBlocker(findings: readonly ZoneFinding[]): string | null {
  const zone = bestZone(findings);
  if (!zone) return null;
  const { mrz } = zone.reading;
  if (mrz.expired) return `Next is blocked: this document expired on ${formatDate(mrz.fields.expirationDate)}. Ask for a valid document.`;
  if (!mrz.valid) return `Next is blocked: the machine-readable zone does not validate. Retake the ${zone.side}, or ask for another document.`;
  return null;
}

/** The main process's message for a missing portrait, capitalised, without repeating "No usable portrait". */
export function portraitProblemText(message: string | undefined): string {
  if (!message) return 'No usable portrait was found on the document.';
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The caption of the first image: a TD1 zone read from it means it is the back of an ID card. */
export function firstImageSide(findings: readonly ZoneFinding[]): DocumentSide {
  const first = findings.find((f) => f.side === 'front');
  return first?.kind === 'read' && first.reading.mrz.format === 'TD1' ? 'back' : 'front';
}

/** ISO `YYYY-MM-DD` as the counter reads it, `15 Apr 2012`; unreadable dates say so. */
export function formatDate(iso: string | null): string {
  if (iso === null) return 'unreadable';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

const DOCUMENT_KINDS: Readonly<Record<string, string>> = { P: 'Passport', I: 'Identity card', A: 'Identity card', C: 'Identity card', V: 'Visa' };

/** "Identity card (I)" from the document code's first letter. */
export function documentKind(documentCode: string): string {
  const kind = DOCUMENT_KINDS[documentCode.charAt(0)];
  return kind ? `${kind} (${documentCode})` : documentCode;
}
