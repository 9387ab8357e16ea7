import type { MrzFinding, MrzResult } from '../../shared/document-types';
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

export function crossCheckZone(mrz: MrzResult, lib: Pick<MrzLibrary, 'states'>, unresolved: readonly UnresolvedRepair[] = []): MrzFinding[] {
  const findings: MrzFinding[] = [];
  const f = mrz.fields;
  for (const u of unresolved) {
    findings.push({
      code: 'document-number-ambiguous',
      field: 'documentNumber',
      message: `the document number read ${u.read.replace(/</g, '')} fails its check digit, and ${u.candidates.length === 1 ? 'only' : 'each of'} ${u.candidates.map((c) => c.replace(/</g, '')).join(', ')} would pass it by look-alike substitutions that nothing else on a ${mrz.format} confirms: compare with the number printed on the document`,
    });
  }
  if (f.birthDate === null) {
    findings.push({ code: 'birth-date-unreadable', field: 'birthDate', message: 'the birth date is not a calendar date' });
  } else if (f.issueMonth && f.birthDate.slice(0, 7) > f.issueMonth) {
    findings.push({ code: 'birth-date-implausible', field: 'birthDate', message: `the holder was born (${f.birthDate}) after the document was issued (${f.issueMonth})` });
  }
  if (f.expirationDate !== null && f.issueMonth && f.expirationDate.slice(0, 7) < f.issueMonth) {
    findings.push({ code: 'expiry-before-issue', field: 'expirationDate', message: `the document expires (${f.expirationDate}) before it was issued (${f.issueMonth})` });
  }
  if (f.expirationDate !== null && f.birthDate !== null && f.expirationDate <= f.birthDate) {
    findings.push({ code: 'expiry-before-birth', field: 'expirationDate', message: `the document expires (${f.expirationDate}) before its holder was born (${f.birthDate})` });
  }
  const [line, index] = SEX_POSITION[mrz.format];
  const sex = fieldAt(mrz, line, index, index + 1);
  if (!ZONE_SEXES.test(sex)) {
    findings.push({ code: 'sex-code-invalid', field: 'sex', message: `the sex is given as ${sex}, which is not M, F or X` });
  }
  const unknown = (code: string): boolean => !(code in lib.states);
  if (f.nationality !== '' && unknown(f.nationality)) {
    findings.push({ code: 'nationality-code-invalid', field: 'nationality', message: `the nationality ${f.nationality} is not an ICAO 9303 code` });
  }
  if (f.issuingState !== '' && unknown(f.issuingState)) {
    findings.push({ code: 'issuing-state-code-invalid', field: 'issuingState', message: `the issuing state ${f.issuingState} is not an ICAO 9303 code` });
  }
  return findings;
}
