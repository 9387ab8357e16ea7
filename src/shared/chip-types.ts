/**
 * What reading a document's chip (ICAO 9303 eMRTD) produces, in the serialisable form the
 * CLI prints as JSON and a session record keeps. The chip photo's bytes stay in main.
 */
import type { MessageRef } from './messages/catalogue';

/**
 * Passive authentication's verdict: `valid` "signed by <country>, chain valid"; `altered`
 * "data altered" (a data group's hash or the SOD's own signature fails); `untrusted` "signer
 * not trusted (...)" (the data is as signed, but by a signer no installed CSCA vouches for).
 */
export type PassiveAuthStatus = 'valid' | 'altered' | 'untrusted';

export interface DataGroupCheck {
  dataGroup: number;
  /** The hash of what was read equals the security object's. */
  hashValid: boolean;
}

export interface SignerInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
}

export interface PassiveAuthResult {
  status: PassiveAuthStatus;
  /** The record's sentence: "signed by UT, chain valid", "data altered", "signer not trusted (no CSCA for UT)". */
  summary: string;
  /** Why, for the operator and the log. */
  detail: string;
  /** The summary and the detail as messages, for the screen in the operator's language (absent in records of older builds). */
  summaryMessage?: MessageRef;
  detailMessage?: MessageRef;
  /** The issuing state of the document signer certificate (its issuer's C). */
  country: string | null;
  dataGroups: DataGroupCheck[];
  signatureValid: boolean;
  chainValid: boolean;
  /** The CSCA that signed the DS certificate, when one did. */
  csca: string | null;
  signer: SignerInfo | null;
}

/** DG1 against the zone printed on the document (read by OCR). */
export type PrintedZoneComparison = 'match' | 'mismatch' | 'not-compared';

export interface ChipReadSummary {
  /** PACE when EF.CardAccess offers a PACE this station runs, else BAC. */
  accessControl: 'BAC' | 'PACE';
  ldsVersion: string;
  /** The data groups EF.COM lists. */
  dataGroupsPresent: number[];
  /** DG1's MRZ lines as the issuer wrote them. */
  mrzLines: string[];
  face: { format: 'jpeg' | 'jpeg2000'; width: number; height: number; bytes: number; decoded: boolean } | null;
  /** Why the chip photo could not be read or decoded; null when it was. */
  faceProblem: string | null;
  passiveAuth: PassiveAuthResult;
  printedZone: PrintedZoneComparison;
  timingsMs: { access: number; read: number; total: number };
}

/**
 * How far the chip read in progress is, for the page's progress bar: chip:read replies only
 * when the read is done (DG2 takes a few seconds), so the page asks chip:progress meanwhile.
 * `bytesRead`/`bytesTotal` count the file being read (`file`, e.g. "DG2").
 */
export interface ChipReadProgress {
  stage: 'idle' | 'waiting-for-document' | 'opening' | 'reading' | 'checking';
  file: string | null;
  bytesRead: number;
  bytesTotal: number;
}

/**
 * What a customer session keeps of its chip read (in the record and on the result page):
 * figures and the passive-authentication verdict, never DG1's names and numbers nor the photo.
 */
export interface ChipRecord extends Omit<ChipReadSummary, 'mrzLines'> {
  /** The PC/SC reader's name (or the simulated chip's, in tests). */
  reader: string;
  /** Which picture the live face is matched against: the chip photo (passive authentication valid, a usable face) or the printed portrait. */
  faceReference: 'chip' | 'printed';
  /** Why the chip photo is not the reference, when it is not (English). */
  referenceProblem: string | null;
  /** The same as a message, for the screen (absent in records of older builds). */
  referenceProblemMessage?: MessageRef | null;
  /** The printed portrait against the chip photo (a further tampering check); null when either has no usable face. */
  portraitAgainstChip: { similarity: number; threshold: number; match: boolean } | null;
}
