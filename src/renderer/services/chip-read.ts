/**
 * Reading the document's chip from the ID page: chip:read replies once the read is done (a
 * DG2 photo takes a few seconds on a desk reader), so progress is asked of main meanwhile;
 * and what the operator is told about the result, in the order it matters.
 */
import type { ChipReadProgress, ChipRecord } from '../../shared/chip-types';
import type { ErrorCode } from '../../shared/errors';
import { callStation } from './station-api';

/** How often the page asks chip:progress while a read runs: smooth enough for a bar, cheap for main. */
export const CHIP_PROGRESS_POLL_MS = 200;

/** Reads the chip; `onProgress` hears main's progress until the read's reply arrives. */
export async function readChipWithProgress(onProgress: (p: ChipReadProgress) => void): Promise<ChipRecord> {
  let done = false;
  const poll = async (): Promise<void> => {
    while (!done) {
      try {
        const p = await callStation('chipProgress', {});
        if (!done) onProgress(p);
      } catch {
        // A lost progress answer only freezes the bar; the read's own reply says how it went.
      }
      await new Promise((resolve) => setTimeout(resolve, CHIP_PROGRESS_POLL_MS));
    }
  };
  const polling = poll();
  try {
    return await callStation('readChip', {});
  } finally {
    done = true;
    await polling;
  }
}

/** The progress line and how far along the bar is (0..1), or null for no bar. */
export function chipProgressText(p: ChipReadProgress): { text: string; fraction: number | null } {
  switch (p.stage) {
    case 'idle':
    case 'waiting-for-document':
      return { text: 'Place the document on the reader and leave it there…', fraction: null };
    case 'opening':
      return { text: 'Opening the chip with the document number and dates…', fraction: null };
    case 'reading': {
      const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : null;
      const what = p.file === 'DG2' ? 'the photo' : p.file === 'DG1' ? 'the holder\'s data' : p.file === 'SOD' ? 'the issuer\'s signature' : 'the chip\'s index';
      return { text: `Reading ${what}${fraction === null ? '' : ` (${Math.round(fraction * 100)}%)`}… keep the document still`, fraction };
    }
    case 'checking':
      return { text: 'Checking the issuer\'s signature and the chip photo…', fraction: 1 };
  }
}

export type Tone = 'ok' | 'warn' | 'bad';

/** What the chip read means, worst first. */
export function chipFindings(chip: ChipRecord): { tone: Tone; text: string }[] {
  const out: { tone: Tone; text: string }[] = [];
  const pa = chip.passiveAuth;
  if (pa.status === 'altered') out.push({ tone: 'bad', text: 'Chip: data altered. What the chip holds is not what the issuer signed: the document may be forged. Do not accept it.' });
  if (chip.printedZone === 'mismatch') out.push({ tone: 'bad', text: 'The chip\'s data differs from the printed machine-readable zone: possible tampering. Do not accept the document.' });
  if (chip.portraitAgainstChip && !chip.portraitAgainstChip.match) out.push({ tone: 'bad', text: 'The printed portrait does not match the chip photo: possible tampering. The face check uses the chip photo.' });
  if (pa.status === 'untrusted') out.push({ tone: 'warn', text: `Chip: ${pa.summary}. The data is as signed, but no installed country certificate vouches for the signer: install the issuing country's CSCA certificate (Settings) to verify it.` });
  if (pa.status === 'valid') out.push({ tone: 'ok', text: `Chip: ${pa.summary} (${chip.accessControl}).` });
  if (chip.faceReference === 'chip') out.push({ tone: 'ok', text: 'The chip photo is used for the face check.' });
  else if (pa.status !== 'altered') out.push({ tone: 'warn', text: `The printed portrait is used for the face check: ${chip.referenceProblem ?? 'the chip photo is not usable'}.` });
  return out;
}

/** What to do after a failed read, by error code; main's message says what happened. */
export function chipErrorAdvice(code: ErrorCode): string {
  switch (code) {
    case 'CHIP_READER_NOT_FOUND': return 'Connect the chip reader (and on Linux start the pcscd service), then try again.';
    case 'CHIP_NO_CARD': return 'Place the document flat on the reader (a passport open at the photo page, or its cover on the reader), then try again.';
    case 'CHIP_REMOVED': return 'The document moved during the read: leave it on the reader until the read is done, then try again.';
    case 'CHIP_ACCESS_DENIED': return 'The chip does not open with this zone\'s document number and dates: check that the zone was read from this document.';
    case 'CHIP_TIMEOUT': return 'The chip stopped answering: lift the document, lay it down again and try again.';
    case 'CHIP_PROTOCOL': return 'The chip answered in a way the standard does not allow: treat the document with suspicion, or continue with the printed portrait.';
    default: return 'Try again, or continue without the chip.';
  }
}

/**
 * Why Next stays disabled after this chip read, or null: data the issuer did not sign, a chip
 * that disagrees with the printed zone, or a printed portrait of someone else each fail the
 * session at the end, so the customer is not put through the face check first.
 */
export function chipBlocker(chip: ChipRecord): string | null {
  if (chip.passiveAuth.status === 'altered') return 'Next is blocked: the chip\'s data was altered after the issuer signed it.';
  if (chip.printedZone === 'mismatch') return 'Next is blocked: the chip\'s data differs from the printed machine-readable zone.';
  if (chip.portraitAgainstChip && !chip.portraitAgainstChip.match) return 'Next is blocked: the printed portrait does not match the chip photo.';
  return null;
}
