import type { MrzFinding, MrzFindingCode, MrzFields, MrzResult } from '../../shared/document-types';
import { msg, plural, type MessageRef } from '../../shared/messages/catalogue';
import { english } from '../../shared/messages/translator';
import type { MrzLibrary } from './mrz-library';
import type { UnresolvedRepair } from './mrz-repair';

/**
 * Cross-checks of a zone's fields against what the station knows without the document: the
 * calendar, today's date, the ICAO 9303 codes (the `mrz` package's list of states and
 * organisations) and the sexes a zone may state. Each doubt is a typed finding (MrzFinding);
 * none changes the reading or its check digits.
 */

/** Sex in a zone: M, F, or X / `<` for unspecified (ICAO 9303 part 3). */
const ZONE_SEXES = /^[MFX<]$/;

const fieldAt = (mrz: MrzResult, line: number, start: number, end: number): string => mrz.lines[line]?.slice(start, end) ?? '';

/** Where each format keeps its sex (line, index), for the raw character (MrzFields.sex maps any other to X). */
const SEX_POSITION: Readonly<Record<MrzResult['format'], readonly [number, number]>> = {
  TD1: [1, 7], TD2: [1, 20], TD3: [1, 20], 'MRV-A': [1, 20], 'MRV-B': [1, 20], FRENCH_NATIONAL_ID: [1, 34],
};

/** A finding worded once, from the catalogue: the screen shows `text` in the operator's language, the record and CLI keep `message` in English. */
function finding(code: MrzFindingCode, field: keyof MrzFields, text: MessageRef): MrzFinding {
  return { code, field, message: english(text), text };
}

const withoutFillers = (s: string): string => s.replace(/</g, '');

/**
 * The finding for a document number whose check holds on characters the OCR readings mostly saw
 * otherwise (mrz-candidates.ts, disputedCharacters): `seen` lists each place as read -> seen.
 */
export function documentNumberDisputed(mrz: MrzResult, disputed: readonly { read: string; seen: string }[]): MrzFinding[] {
  if (disputed.length === 0) return [];
  return [finding('document-number-disputed', 'documentNumber', plural('mrzFinding.document-number-disputed', disputed.length, {
    read: mrz.fields.documentNumber, seen: disputed.map((d) => `${d.read} -> ${d.seen}`).join(', '),
  }))];
}

export function crossCheckZone(mrz: MrzResult, lib: Pick<MrzLibrary, 'states'>, unresolved: readonly UnresolvedRepair[] = []): MrzFinding[] {
  const findings: MrzFinding[] = [];
  const f = mrz.fields;
  for (const u of unresolved) {
    findings.push(finding('document-number-ambiguous', 'documentNumber', plural('mrzFinding.document-number-ambiguous', u.candidates.length, {
      read: withoutFillers(u.read), candidates: u.candidates.map(withoutFillers).join(', '), format: mrz.format,
    })));
  }
  if (f.birthDate === null) {
    findings.push(finding('birth-date-unreadable', 'birthDate', msg('mrzFinding.birth-date-unreadable')));
  } else if (f.issueMonth && f.birthDate.slice(0, 7) > f.issueMonth) {
    findings.push(finding('birth-date-implausible', 'birthDate', msg('mrzFinding.birth-date-implausible', { born: f.birthDate, issued: f.issueMonth })));
  }
  if (f.expirationDate !== null && f.issueMonth && f.expirationDate.slice(0, 7) < f.issueMonth) {
    findings.push(finding('expiry-before-issue', 'expirationDate', msg('mrzFinding.expiry-before-issue', { expires: f.expirationDate, issued: f.issueMonth })));
  }
  if (f.expirationDate !== null && f.birthDate !== null && f.expirationDate <= f.birthDate) {
    findings.push(finding('expiry-before-birth', 'expirationDate', msg('mrzFinding.expiry-before-birth', { expires: f.expirationDate, born: f.birthDate })));
  }
  const [line, index] = SEX_POSITION[mrz.format];
  const sex = fieldAt(mrz, line, index, index + 1);
  if (!ZONE_SEXES.test(sex)) {
    findings.push(finding('sex-code-invalid', 'sex', msg('mrzFinding.sex-code-invalid', { sex })));
  }
  const unknown = (code: string): boolean => !(code in lib.states);
  if (f.nationality !== '' && unknown(f.nationality)) {
    findings.push(finding('nationality-code-invalid', 'nationality', msg('mrzFinding.nationality-code-invalid', { code: f.nationality })));
  }
  if (f.issuingState !== '' && unknown(f.issuingState)) {
    findings.push(finding('issuing-state-code-invalid', 'issuingState', msg('mrzFinding.issuing-state-code-invalid', { code: f.issuingState })));
  }
  return findings;
}
