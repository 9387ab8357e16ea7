/**
 * The ID step's calls to main and what the page says about them: the page renders the
 * findings and never talks to main itself. The wording lives in pure functions, so the
 * messages an operator and a customer read are specified by tests.
 */
import { CAPTURE_PROBLEMS, failedMrzChecks, zoneHasExpiry, type CaptureProblem, type DocumentSide, type MrzChecks, type MrzFinding, type MrzReading } from '../../shared/document-types';
import type { ErrorInfo } from '../../shared/errors';
import type { AnalyzeIdRequest, DocumentHandle, EncodedImage, IdAnalysis, OpenIdFileReply } from '../../shared/ipc-contract';
import { msg } from '../../shared/messages/catalogue';
import type { Translator } from '../../shared/messages/translator';
import { errorText } from './locale';
import { callStation, errorMessage, StationError } from './station-api';

export type { DocumentSide };

/** The outcome of looking for the machine-readable zone on one side. */
export type ZoneFinding =
  | { kind: 'read'; side: DocumentSide; reading: MrzReading }
  /** No zone on this side: allowed (flagged in the verdict), the back may still carry one. */
  | { kind: 'none'; side: DocumentSide; detail: string; capture?: CaptureProblem }
  /** The side could not be read: `message` in English for the log, `error` worded by its code on screen. */
  | { kind: 'error'; side: DocumentSide; message: string; error: unknown };

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

/** Has main keep a camera picture of a card's back (the front goes to analyzeDocument), for readDocumentZone. */
export function openCameraPicture(image: EncodedImage): Promise<DocumentHandle> {
  return callStation('openDocumentImage', image);
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
  if (code !== 'NO_MRZ') return { kind: 'error', side, message, error: err };
  const capture = err instanceof StationError ? err.details?.capture : undefined;
  return isCaptureProblem(capture) ? { kind: 'none', side, detail: message, capture } : { kind: 'none', side, detail: message };
}

/** The picture problems main measures when no zone was read (CAPTURE_PROBLEMS; their wording is `capture.*` in the catalogue). */
const isCaptureProblem = (value: unknown): value is CaptureProblem => typeof value === 'string' && (CAPTURE_PROBLEMS as readonly string[]).includes(value);

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

/** The side as a word within a sentence: "front", "mặt trước", "recto". */
function sideWord(side: DocumentSide, t: Translator): string {
  return t.t(`side.${side}`);
}

/** A check digit's name for a person: "document number", "số giấy tờ", ... */
export function mrzCheckLabel(check: keyof MrzChecks, t: Translator): string {
  return t.t(`mrzCheck.${check}`);
}

/** What the page says about the zone, most important first. */
export function zoneNotices(findings: readonly ZoneFinding[], t: Translator): Notice[] {
  const zone = bestZone(findings);
  if (!zone) {
    const last = findings[findings.length - 1];
    if (!last) return [];
    if (last.kind === 'error') return [{ tone: 'bad', text: capitalised(t.t('zone.unreadable', { side: sideWord(last.side, t), reason: errorText(last.error, t) }), t) }];
    // What the operator should change when the picture, not the document, is why no zone was read.
    const retake: Notice[] = last.kind === 'none' && last.capture ? [{ tone: 'bad', text: t.t(`capture.${last.capture}`) }] : [];
    return [...retake, { tone: 'warn', text: last.side === 'front' ? t.t('zone.noneOnFront') : t.t('zone.noneOnBack') }];
  }
  const { mrz } = zone.reading;
  const side = sideWord(zone.side, t);
  const notices: Notice[] = [];
  if (mrz.valid) {
    notices.push({ tone: 'ok', text: t.t('zone.valid', { side }) });
  } else {
    const failed = failedMrzChecks(mrz.checks).map((k) => mrzCheckLabel(k, t));
    notices.push({
      tone: 'bad',
      text: failed.length === 0 ? t.t('zone.invalid', { side }) : t.plural('zone.invalidChecks', failed.length, { checks: t.list(failed), side }),
    });
  }
  if (mrz.expired) {
    notices.push({ tone: 'bad', text: t.t('zone.expired', { date: t.date(mrz.fields.expirationDate) }) });
  } else if (!zoneHasExpiry(mrz)) {
    notices.push({ tone: 'warn', text: t.t('zone.noExpiry') });
  } else if (mrz.fields.expirationDate === null) {
    notices.push({ tone: 'bad', text: t.t('zone.expiryUnreadable') });
  }
  for (const finding of zone.reading.findings) {
    notices.push({ tone: 'warn', text: t.t('zone.toLookAt', { finding: capitalised(findingText(finding, t), t) }) });
  }
  return notices;
}

/** A cross-check finding in the operator's language; a reading from an older build has only its English message. */
export function findingText(finding: MrzFinding, t: Translator): string {
  return finding.text ? t.ref(finding.text) : finding.message;
}

/**
 * Why the customer must not go on to the face check, or null: an expired document or a zone
 * whose check digits fail would only be rejected at the end, after the face check and liveness.
 * A document without a readable zone is not blocked (it is accepted but flagged), nor an
 * expired one a supervisor accepted (`expiryOverridden`: main recorded it).
 */
export function documentBlocker(findings: readonly ZoneFinding[], t: Translator, expiryOverridden = false): string | null {
  const zone = bestZone(findings);
  if (!zone) return null;
  const { mrz } = zone.reading;
  if (!mrz.valid) return t.t('zone.blockedInvalid', { side: sideWord(zone.side, t) });
  if (mrz.expired && !expiryOverridden) return t.t('zone.blockedExpired', { date: t.date(mrz.fields.expirationDate) });
  return null;
}

/** Whether the document's best zone is valid and expired: the one block a supervisor may override (when settings allow it). */
export function expiryOverridable(findings: readonly ZoneFinding[]): boolean {
  const zone = bestZone(findings);
  return zone !== null && zone !== undefined && zone.reading.mrz.valid && zone.reading.mrz.expired;
}

/** Why main found no usable portrait, worded by its code and problems; the English detail goes to the log. */
export function portraitProblemText(problem: ErrorInfo | undefined, t: Translator): string {
  if (!problem) return t.t('id.noPortrait');
  console.warn(`${problem.code}: ${problem.message}`);
  return t.error(problem);
}

/** The caption of the first image: a TD1 zone read from it means it is the back of an ID card. */
export function firstImageSide(findings: readonly ZoneFinding[]): DocumentSide {
  const first = findings.find((f) => f.side === 'front');
  return first?.kind === 'read' && first.reading.mrz.format === 'TD1' ? 'back' : 'front';
}

/** ICAO 9303's first letter of the document code: P passports, I/A/C identity cards, V visas. */
const DOCUMENT_KINDS: Readonly<Record<string, 'P' | 'I' | 'V'>> = { P: 'P', I: 'I', A: 'I', C: 'I', V: 'V' };

/** "Identity card (I)" from the document code's first letter. */
export function documentKind(documentCode: string, t: Translator): string {
  const kind = DOCUMENT_KINDS[documentCode.charAt(0)];
  return kind ? t.ref(msg('document.kindWithCode', { kind: msg(`document.kind.${kind}`), code: documentCode })) : documentCode;
}

function capitalised(text: string, t: Translator): string {
  return text.charAt(0).toLocaleUpperCase(t.locale) + text.slice(1);
}
