import { failedMrzChecks, MRZ_CHECK_LABELS, zoneHasExpiry } from '../../../shared/document-types';
import type { MrzReading } from '../../../shared/document-types';
import { MrzReader } from '../../document/mrz-reader';
import { onePositional, parseArgs } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { COMMAND_SPECS, usageLine } from '../command-specs';

/**
 * ekyc mrz DOC_IMAGE [--json]: reads the document's machine-readable zone.
 * Exit 0 when every check digit holds, 1 when a zone was read but a check digit fails,
 * 2 when no zone could be read (the message says why).
 */
export const mrzCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, COMMAND_SPECS.mrz);
  const file = onePositional(args, 'DOC_IMAGE', usageLine(COMMAND_SPECS.mrz));
  const reader = await MrzReader.create();
  try {
    const reading = await reader.read(file);
    if (args.flags.has('json')) {
      const { mrz, rotation, timingsMs } = reading;
      io.out(JSON.stringify({ mrz, rotation, timingsMs }));
    } else {
      io.out(describeReading(file, reading));
    }
    return reading.mrz.valid ? EXIT.OK : EXIT.NEGATIVE;
  } finally {
    await reader.dispose();
  }
};

export function describeReading(file: string, reading: MrzReading): string {
  const { mrz } = reading;
  const f = mrz.fields;
  const failed = failedMrzChecks(mrz.checks);
  const verdict = failed.length === 0
    ? 'every check digit is valid'
    : `check digit(s) fail: ${failed.map((k) => MRZ_CHECK_LABELS[k]).join(', ')}; retake the photo flat and sharp`;
  return [
    `${file}: ${mrz.format} zone, ${verdict}${mrz.expired ? '; the document has EXPIRED' : ''}`,
    ...mrz.lines.map((l) => `  ${l}`),
    `  document ${f.documentCode} ${f.documentNumber}, issued by ${f.issuingState}, ${zoneHasExpiry(mrz) ? `expires ${f.expirationDate ?? 'unreadable date'}` : `issued ${f.issueMonth ?? 'in an unreadable month'}, no expiry date in the zone`}`,
    `  ${f.surname}, ${f.givenNames}; born ${f.birthDate ?? 'unreadable date'}; sex ${f.sex}; nationality ${f.nationality}`,
    ...reading.findings.map((finding) => `  to look at (${finding.code}): ${finding.message}`),
    `  read in ${reading.timingsMs.total} ms (rotation ${reading.rotation})`,
  ].join('\n');
}
