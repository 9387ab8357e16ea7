import type { ChipReadSummary, PrintedZoneComparison } from '../../shared/chip-types';
import { EkycError } from '../../shared/errors';
import { performBac, type BacRandom, type ChipAccessKey, type MrzKeys } from './bac';
import { readFile, selectApplication, type FileName, type ReadProgress } from './files';
import { parseCom, parseDg1, parseDg2, type ChipFaceImage } from './lds';
import { passiveAuthentication } from './passive-auth';
import { performPace, readCardAccess, supportedPace, type PaceRandom } from './pace';
import type { OpenedCard } from './pcsc';
import { openPcscCard } from './pcsc-service';
import { ApduChannel, type CardTransport } from './transport';
import { decodeImage } from '../vision/image-decoder';
import type { CscaTrustStore } from './trust-store';

/**
 * One read of a document's chip: open it with PACE (when EF.CardAccess offers it) or BAC,
 * keyed by the printed MRZ; select the eMRTD application; read EF.COM, DG1, DG2 and EF.SOD
 * under secure messaging; then check them by passive authentication and compare DG1 with
 * the printed zone.
 */

export interface ChipReadOptions {
  trust?: CscaTrustStore;
  /** The zone printed on the document (the OCR's lines); DG1 must equal it. */
  printedZone?: readonly string[];
  onProgress?: (p: ReadProgress) => void;
  /** The terminal's BAC randoms; only tests fix them. */
  bacRandom?: BacRandom;
  paceRandom?: PaceRandom;
  /** Read with BAC even when the chip offers PACE (a chip whose PACE fails but BAC works). */
  forceBac?: boolean;
  apduTimeoutMs?: number;
}

export interface ChipRead {
  summary: ChipReadSummary;
  /** The chip photo (the first face image of DG2), as stored: JPEG or JPEG 2000 bytes. */
  face: ChipFaceImage | null;
  /** Why the face could not be decoded, when it could not. */
  faceProblem: string | null;
  /** The files as read, by name, for a record or a second opinion. */
  files: Partial<Record<FileName, Buffer>>;
}

/** The BAC keys of a printed zone: document number, birth date and expiry as the lines have them. */
export function mrzKeysFromLines(lines: readonly string[]): MrzKeys {
  const strip = (s: string) => s.replace(/<+$/, '');
  if (lines.length === 3 && lines[0].length === 30) {
    // TD1: a number longer than nine characters continues in the optional data, its check digit last.
    let documentNumber = lines[0].slice(5, 14);
    if (lines[0][14] === '<') {
      const overflow = strip(lines[0].slice(15, 30));
      documentNumber += overflow.slice(0, -1);
    }
    return { documentNumber: strip(documentNumber), birthDate: lines[1].slice(0, 6), expiryDate: lines[1].slice(8, 14) };
  }
  if (lines.length === 2 && (lines[1].length === 44 || lines[1].length === 36)) {
    return { documentNumber: strip(lines[1].slice(0, 9)), birthDate: lines[1].slice(13, 19), expiryDate: lines[1].slice(21, 27) };
  }
  throw new EkycError('INVALID_ARGUMENT', 'the printed zone is not TD1, TD2 or TD3 lines');
}

/** DG1 against the printed zone, character for character: any difference is a tampering flag. */
export function compareWithPrintedZone(chipLines: readonly string[], printed: readonly string[] | undefined): PrintedZoneComparison {
  if (!printed) return 'not-compared';
  return chipLines.length === printed.length && chipLines.every((l, i) => l === printed[i]) ? 'match' : 'mismatch';
}

/**
 * Decodes the chip photo fully, JPEG or JPEG 2000, with the decoder every image goes through
 * (a truncated JPEG fails here, not in the face matcher); its size as stored.
 */
export async function decodeChipFace(face: ChipFaceImage): Promise<{ width: number; height: number }> {
  const image = await decodeImage(face.data, 'the chip photo');
  return { width: Math.round(image.width / image.scale), height: Math.round(image.height / image.scale) };
}

export async function readChip(transport: CardTransport, keys: ChipAccessKey, options: ChipReadOptions = {}): Promise<ChipRead> {
  const t0 = Date.now();
  const channel = new ApduChannel(transport, options.apduTimeoutMs);
  // EF.CardAccess, read in plain before anything else, says whether the chip offers PACE.
  const cardAccess = options.forceBac ? undefined : await readCardAccess(channel);
  const pace = cardAccess ? supportedPace(cardAccess) : undefined;
  if (pace) {
    await performPace(channel, keys, pace, options.paceRandom);
    await selectApplication(channel);
  } else if ('can' in keys) {
    throw new EkycError('CHIP_ACCESS_DENIED', 'this chip offers no PACE, so a card access number cannot open it: give the MRZ keys instead');
  } else {
    await selectApplication(channel);
    await performBac(channel, keys, options.bacRandom);
  }
  const tAccess = Date.now();
  const files: Partial<Record<FileName, Buffer>> = {};
  const need = async (name: FileName): Promise<Buffer> => {
    const bytes = await readFile(channel, name, options.onProgress);
    if (!bytes) throw new EkycError('CHIP_PROTOCOL', `the chip has no EF.${name}, which every eMRTD must have`);
    files[name] = bytes;
    return bytes;
  };
  const com = parseCom(await need('COM'));
  const dg1 = await need('DG1');
  const dg2 = await need('DG2');
  const sod = await need('SOD');
  const tRead = Date.now();
  const mrzLines = parseDg1(dg1);
  const passiveAuth = passiveAuthentication(sod, new Map([[1, dg1], [2, dg2]]), options.trust);
  let face: ChipFaceImage | null = null;
  let faceProblem: string | null = null;
  let decoded = false;
  try {
    face = parseDg2(dg2)[0];
    await decodeChipFace(face);
    decoded = true;
  } catch (err) {
    if (!(err instanceof EkycError)) throw err;
    faceProblem = err.message;
  }
  const summary: ChipReadSummary = {
    accessControl: pace ? 'PACE' : 'BAC',
    ldsVersion: com.ldsVersion,
    dataGroupsPresent: com.dataGroups,
    mrzLines,
    face: face ? { format: face.format, width: face.width, height: face.height, bytes: face.data.length, decoded } : null,
    faceProblem,
    passiveAuth,
    printedZone: compareWithPrintedZone(mrzLines, options.printedZone),
    timingsMs: { access: tAccess - t0, read: tRead - tAccess, total: Date.now() - t0 },
  };
  return { summary, face, faceProblem, files };
}

/** How a read reaches a card: PC/SC in the station and the CLI, a simulated chip in tests. */
export type CardOpener = (readerName: string | undefined, waitMs: number) => Promise<OpenedCard>;

export const pcscOpener: CardOpener = (reader, waitMs) => openPcscCard(reader, undefined, waitMs);

export interface DocumentChipRequest extends ChipReadOptions {
  key: ChipAccessKey;
  /** Any part of the reader's name; undefined: the first reader with a card. */
  reader?: string;
  /** How long to wait for a document on the reader. */
  waitMs?: number;
}

/**
 * Opens the card, reads it and always lets the card go: what the CLI runs and what a
 * station handler would run for a session (with the session's printed zone and trust list).
 */
export async function readDocumentChip(request: DocumentChipRequest, open: CardOpener = pcscOpener): Promise<ChipRead & { reader: string }> {
  const card = await open(request.reader, request.waitMs ?? 0);
  try {
    return { ...(await readChip(card.transport, request.key, request)), reader: card.reader };
  } finally {
    await card.close();
  }
}
