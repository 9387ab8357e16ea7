/**
 * What reading a document's chip (ICAO 9303 eMRTD) produces, in the serialisable form the
 * CLI prints as JSON and a session record keeps. The chip photo's bytes stay in main.
 */

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
