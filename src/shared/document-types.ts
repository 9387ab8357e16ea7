/**
 * What reading a document's machine-readable zone (ICAO 9303 MRZ) produces, in a form the
 * CLI prints as JSON and the station's ID page shows as is.
 */
import type { MessageRef } from './messages/catalogue';

/**
 * ICAO 9303 formats: TD1 (3x30), TD2 (2x36), TD3 (2x44) and the visas MRV-A (2x44) and MRV-B
 * (2x36), which share TD3's and TD2's shapes but carry no composite (nor personal-number) check.
 * FRENCH_NATIONAL_ID (the `mrz` package's name) is France's identity card issued until 2021:
 * TD2's shape, its own fields (IDFRA, surname, an administrative code; issue month, office and
 * sequence number, given names, birth date, sex) and checks on the 12-character card number,
 * the birth date and the whole zone; no expiry date and no nationality field.
 */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRV-A' | 'MRV-B' | 'FRENCH_NATIONAL_ID';

export const MRZ_LINE_LENGTH: Readonly<Record<MrzFormat, number>> = { TD1: 30, TD2: 36, TD3: 44, 'MRV-A': 44, 'MRV-B': 36, FRENCH_NATIONAL_ID: 36 };
export const MRZ_LINE_COUNT: Readonly<Record<MrzFormat, number>> = { TD1: 3, TD2: 2, TD3: 2, 'MRV-A': 2, 'MRV-B': 2, FRENCH_NATIONAL_ID: 2 };

export type MrzSex = 'M' | 'F' | 'X';

/**
 * The zone's fields as printed, fillers removed. Dates are ISO `YYYY-MM-DD` (the century is
 * inferred: birth dates lie in the past, expiry dates within 50 years of today) or null
 * when the six digits are not a calendar date.
 */
export interface MrzFields {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  birthDate: string | null;
  sex: MrzSex;
  expirationDate: string | null;
  nationality: string;
  surname: string;
  givenNames: string;
  /** Optional data (personal number, TD1/TD2 optional fields), fillers removed, joined by a space. */
  optional: string;
  /** Month of issue, `YYYY-MM`, where the zone carries it (the French national ID), else absent. */
  issueMonth?: string | null;
}

/**
 * One entry per check digit of the format; `personalNumber` exists only on TD3, `composite` on
 * all but the visas, `expirationDate` on all but the French national ID (which has no expiry).
 */
export interface MrzChecks {
  documentNumber: boolean;
  birthDate: boolean;
  expirationDate?: boolean;
  personalNumber?: boolean;
  composite?: boolean;
}

export interface MrzResult {
  format: MrzFormat;
  /** The lines as read (after repair), each exactly the format's length. */
  lines: string[];
  fields: MrzFields;
  checks: MrzChecks;
  /** Every check digit validates. */
  valid: boolean;
  /** The expiry date is before today; false when the date cannot be read. */
  expired: boolean;
}

/**
 * Why no zone could be read, measured from the picture (details.capture of a NO_MRZ error): the
 * zone runs off an edge of the picture, glare wipes part of it, its characters are too small, or
 * the picture is blurred.
 */
export const CAPTURE_PROBLEMS = ['cut-off', 'glare', 'too-small', 'blurred'] as const;
export type CaptureProblem = (typeof CAPTURE_PROBLEMS)[number];

/**
 * Which side of a document a picture shows: the front carries the portrait (a passport's data
 * page its zone too), an ID card's back carries the zone.
 */
export const DOCUMENT_SIDES = ['front', 'back'] as const;
export type DocumentSide = (typeof DOCUMENT_SIDES)[number];

/**
 * What keeps a camera frame of a document from being taken now (document:assess-frame): one of
 * the zone's capture problems, no zone in view (the back), the document held at an angle, the
 * picture moving; on the front, no portrait in view, a face without a document round it (a
 * person), or the portrait cut off, too small, under
 * glare or too dark (blurred and tilted are said of either); and the other side of the card in
 * view.
 */
export const DOCUMENT_FRAME_PROBLEMS = [
  ...CAPTURE_PROBLEMS, 'no-zone', 'tilted', 'moving',
  'no-portrait', 'no-document', 'portrait-cut-off', 'portrait-too-small', 'portrait-glare', 'portrait-too-dark', 'wrong-side',
] as const;
export type DocumentFrameProblem = (typeof DOCUMENT_FRAME_PROBLEMS)[number];

/** Whether a camera frame of the document is ready to be taken, and if not why. */
export interface DocumentFrameAssessment {
  /**
   * null: the side asked for is in view and the picture is steady. The front: its portrait whole,
   * large enough, sharp and free of glare (and its zone readable when it has one); the back: its
   * zone whole, large enough, sharp, free of glare and flat-on.
   */
  problem: DocumentFrameProblem | null;
  /** What was measured (English, for the log and the tests): "its characters are 5.2 px tall", ... */
  measured: string;
  /** Lines of the zone in view (2 or 3: a TD1 card's back has 3), when one was found. */
  zoneLines?: number;
  /** Rows of printed text beside the face asked about (src/main/document/mrz-band.ts), when one was. */
  textRows?: number;
}

/** Clockwise rotation (degrees) that turned the image upright before the zone was read. */
export type MrzRotation = 0 | 90 | 180 | 270;

export interface MrzReadTimings {
  decode: number;
  locate: number;
  ocr: number;
  parse: number;
  total: number;
}

/**
 * What the station found wrong or doubtful in a zone beyond its check digits, each a reason
 * the operator can look at: a document number only look-alike substitutions would make valid
 * on a document with nothing else to confirm it (a visa: no composite), dates that cannot be
 * (a birth date that is no calendar date, a holder born after the document was issued, an
 * expiry before the issue or the birth), sex and state codes that ICAO 9303 does not have, a
 * document number whose check holds on characters the OCR readings mostly saw otherwise.
 * Soft: the reading stands; the operator decides.
 */
export type MrzFindingCode =
  | 'document-number-ambiguous'
  | 'document-number-disputed'
  | 'birth-date-unreadable'
  | 'birth-date-implausible'
  | 'expiry-before-issue'
  | 'expiry-before-birth'
  | 'sex-code-invalid'
  | 'nationality-code-invalid'
  | 'issuing-state-code-invalid';

export interface MrzFinding {
  code: MrzFindingCode;
  field: keyof MrzFields;
  /** In English, for the CLI, the log and the record. */
  message: string;
  /** The same finding for the screen, worded in the operator's language; absent from an older build's reading. */
  text?: MessageRef;
}

/** A part of a date: where a printed date and the zone's differ. */
export type DatePart = 'day' | 'month' | 'year';

/**
 * One of the zone's dates held against the dates printed on the document (OCR of its visual
 * zone, src/main/document/printed-dates.ts): the page shows the same date, shows in its place
 * a date that differs in one part, shows no such date legibly, or the zone has no such date
 * (the French national ID has no expiry). No date itself: the record keeps this whatever the
 * operator's retention of names and numbers.
 */
export type PrintedDateCheck =
  | { status: 'matches' }
  | { status: 'differs'; part: DatePart }
  | { status: 'not-read' | 'not-in-zone' };

/**
 * The zone's sex held against the one printed on the document (src/main/document/printed-sex.ts):
 * the page shows the same letter, shows another where the sex is printed, or shows none legibly.
 * No letter itself, as for the dates.
 */
export type PrintedSexCheck = { status: 'matches' | 'differs' | 'not-read' };

export interface PrintedDatesCheck {
  birthDate: PrintedDateCheck;
  expirationDate: PrintedDateCheck;
  /** How many whole dates the OCR found on the document's images. */
  datesRead: number;
  /** Why the printed text could not be read at all (the OCR failed), in English; absent when it was read. */
  problem?: string;
}

export interface MrzReading {
  mrz: MrzResult;
  /** Cross-checks of the zone's fields (see MrzFindingCode); empty when nothing is doubtful. */
  findings: MrzFinding[];
  rotation: MrzRotation;
  /** Characters of the zone no OCR reading saw at that place: what check-digit repair decided (0 when the OCR text validated as read). */
  repairedCharacters: number;
  timingsMs: MrzReadTimings;
  /**
   * The work the search did, which bounds it (not time): Tesseract passes (one strip read by
   * both its engines), PP-OCR line-recogniser passes (one strip) and `mrz` package parses.
   */
  work: { ocrPasses: number; lineOcrPasses: number; parses: number };
}

/** Names each check for a person: "document number", "birth date", ... */
export const MRZ_CHECK_LABELS: Readonly<Record<keyof MrzChecks, string>> = {
  documentNumber: 'document number',
  birthDate: 'birth date',
  expirationDate: 'expiry date',
  personalNumber: 'personal number',
  composite: 'composite',
};

/** The checks that failed, in a fixed order, for messages such as "birth date check digit fails". */
export function failedMrzChecks(checks: MrzChecks): (keyof MrzChecks)[] {
  return (Object.keys(MRZ_CHECK_LABELS) as (keyof MrzChecks)[]).filter((k) => checks[k] === false);
}

/** Whether the zone's format carries an expiry date at all (the French national ID does not). */
export function zoneHasExpiry(mrz: Pick<MrzResult, 'checks'>): boolean {
  return mrz.checks.expirationDate !== undefined;
}

/**
 * The ID portrait's apparent age against the zone's birth date (src/main/document/portrait-age.ts):
 * a soft flag, as an age estimate errs by years. `differs`: the portrait looks `years` younger
 * or older than the holder can have been at any time the photo could have been taken. The
 * apparent age itself is not kept: with the range it would tell the birth date.
 */
export type PortraitAgeCheck =
  | { status: 'consistent' }
  | { status: 'differs'; looks: 'younger' | 'older'; years: number }
  | { status: 'not-judged'; problem: string };
