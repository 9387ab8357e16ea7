import type { ChipReadSummary } from '../../../shared/chip-types';
import { EkycError } from '../../../shared/errors';
import { mrzKeysFromLines, pcscOpener, readDocumentChip, type CardOpener } from '../../chip/chip-reader';
import { checkCan, mrzInformation, type ChipAccessKey, type MrzKeys } from '../../chip/bac';
import { CscaTrustStore } from '../../chip/trust-store';
import { MrzReader } from '../../document/mrz-reader';
import { numberOption, parseArgs } from '../args';
import { EXIT, type CliCommand, type CliIO } from '../cli-io';

const USAGE = 'ekyc chip [--reader NAME] [--wait SECONDS] (--mrz-keys DOCNO,BIRTH,EXPIRY | --document DOC_IMAGE | --can CAN) [--csca DIR_OR_FILE] [--bac] [--json]';

export type { CardOpener };

/** `--mrz-keys L898902C3,740812,120415`: the document number and the two YYMMDD dates. */
export function parseMrzKeys(value: string): MrzKeys {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 3 || parts.some((p) => p === '')) throw new EkycError('INVALID_ARGUMENT', `--mrz-keys takes DOCNO,BIRTH,EXPIRY (dates as YYMMDD), got "${value}"`);
  const keys = { documentNumber: parts[0].toUpperCase(), birthDate: parts[1], expiryDate: parts[2] };
  // Checked now, so a typo is reported before the operator is asked to lay the document down.
  mrzInformation(keys);
  return keys;
}

/**
 * ekyc chip: reads a document's chip over PC/SC and checks it by passive authentication.
 * Exit 0 when the data is as the issuer signed it, a trusted CSCA vouches for the signer and
 * (with --document) DG1 equals the printed zone; 1 when data is altered or DG1 differs from
 * the printed zone; 2 when it cannot decide (no reader or card, wrong keys, a signer the
 * trust list does not vouch for).
 */
export function chipCommandWith(open: CardOpener): CliCommand {
  return async (argv, io) => {
    const args = parseArgs(argv, { options: ['reader', 'wait', 'mrz-keys', 'document', 'can', 'csca'], flags: ['json', 'bac'] });
    const waitSeconds = numberOption(args, 'wait', 0, 600) ?? 0;
    if (args.positional.length > 0) throw new EkycError('INVALID_ARGUMENT', `unexpected "${args.positional[0]}": ${USAGE}`);
    const keysOption = args.options.get('mrz-keys');
    const documentImage = args.options.get('document');
    const can = args.options.get('can');
    if ([keysOption, documentImage, can].filter((o) => o !== undefined).length !== 1) throw new EkycError('INVALID_ARGUMENT', `give one of --mrz-keys, --document or --can: ${USAGE}`);
    if (can !== undefined && args.flags.has('bac')) throw new EkycError('INVALID_ARGUMENT', '--bac cannot use a card access number: BAC takes the MRZ keys');
    let printedZone: string[] | undefined;
    let keys: ChipAccessKey;
    if (documentImage !== undefined) {
      printedZone = await printedZoneOf(documentImage);
      keys = mrzKeysFromLines(printedZone);
    } else if (can !== undefined) {
      keys = { can: checkCan(can) };
    } else {
      keys = parseMrzKeys(keysOption!);
    }
    const cscaPath = args.options.get('csca');
    const trust = cscaPath ? await CscaTrustStore.load(cscaPath) : undefined;
    for (const s of trust?.skipped ?? []) io.err(`ekyc chip: skipped ${s.file}: ${s.reason}`);
    if (waitSeconds > 0 && !args.flags.has('json')) io.err(`ekyc chip: lay the document on the reader (waiting up to ${waitSeconds} s)`);
    const progress = args.flags.has('json') ? undefined : progressPrinter(io);
    const read = await readDocumentChip({ key: keys, reader: args.options.get('reader'), waitMs: waitSeconds * 1000, trust, printedZone, onProgress: progress, forceBac: args.flags.has('bac') }, open);
    const summary: ChipReadSummary = read.summary;
    io.out(args.flags.has('json') ? JSON.stringify({ reader: read.reader, ...summary }) : describe(read.reader, summary));
    const pa = summary.passiveAuth.status;
    if (pa === 'altered' || summary.printedZone === 'mismatch') return EXIT.NEGATIVE;
    return pa === 'valid' ? EXIT.OK : EXIT.CANNOT_DECIDE;
  };
}

async function printedZoneOf(file: string): Promise<string[]> {
  const reader = await MrzReader.create();
  try {
    const reading = await reader.read(file);
    if (!reading.mrz.valid) throw new EkycError('NO_MRZ', `${file}: the printed zone's check digits fail, so its chip keys would be wrong; retake the photo or give --mrz-keys`);
    return reading.mrz.lines;
  } finally {
    await reader.dispose();
  }
}

/** One line per file, so the operator sees a DG2 read of a few seconds advance. */
function progressPrinter(io: CliIO): (p: { file: string; read: number; total: number }) => void {
  return (p) => {
    if (p.read === p.total) io.err(`  EF.${p.file}: ${p.total} bytes`);
  };
}

export function describe(reader: string, s: ChipReadSummary): string {
  const pa = s.passiveAuth;
  const zone = { match: 'DG1 equals the printed zone', mismatch: 'DG1 DIFFERS from the printed zone: a tampering flag', 'not-compared': 'not compared with the printed zone (give --document)' }[s.printedZone];
  const face = s.face
    ? `${s.face.format} ${s.face.width}x${s.face.height}, ${s.face.bytes} bytes${s.face.decoded ? '' : ` (not decoded: ${s.faceProblem})`}`
    : `none readable: ${s.faceProblem}`;
  return [
    `${reader}: chip read over ${s.accessControl} in ${s.timingsMs.total} ms; ${pa.summary}`,
    `  ${pa.detail}`,
    ...s.mrzLines.map((l) => `  ${l}`),
    `  ${zone}`,
    `  chip photo: ${face}`,
    `  data groups: ${s.dataGroupsPresent.map((n) => `DG${n}`).join(' ')}; hashes ${pa.dataGroups.map((d) => `DG${d.dataGroup} ${d.hashValid ? 'ok' : 'ALTERED'}`).join(', ')}`,
  ].join('\n');
}

export const chipCommand: CliCommand = chipCommandWith(pcscOpener);
