/**
 * Reading the document's chip from the ID page: chip:read replies once the read is done (a
 * DG2 photo takes a few seconds on a desk reader), so progress is asked of main meanwhile;
 * and what the operator is told about the result, in the order it matters.
 */
import type { ChipReadProgress, ChipRecord } from '../../shared/chip-types';
import type { ErrorCode } from '../../shared/errors';
import { msg } from '../../shared/messages/catalogue';
import type { Translator } from '../../shared/messages/translator';
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
export function chipProgressText(p: ChipReadProgress, t: Translator): { text: string; fraction: number | null } {
  switch (p.stage) {
    case 'idle':
    case 'waiting-for-document':
      return { text: t.t('chip.progress.waiting'), fraction: null };
    case 'opening':
      return { text: t.t('chip.progress.opening'), fraction: null };
    case 'reading': {
      const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : null;
      const what = t.t(p.file === 'DG2' ? 'chip.file.DG2' : p.file === 'DG1' ? 'chip.file.DG1' : p.file === 'SOD' ? 'chip.file.SOD' : 'chip.file.index');
      return { text: fraction === null ? t.t('chip.progress.reading', { what }) : t.t('chip.progress.readingShare', { what, share: t.percent(fraction) }), fraction };
    }
    case 'checking':
      return { text: t.t('chip.progress.checking'), fraction: 1 };
  }
}

export type Tone = 'ok' | 'warn' | 'bad';

/**
 * What the chip read means, worst first, in the operator's language (main sends the
 * passive-authentication summary and the reason a chip photo is unusable as messages).
 */
export function chipFindings(chip: ChipRecord, t: Translator): { tone: Tone; text: string }[] {
  const out: { tone: Tone; text: string }[] = [];
  const pa = chip.passiveAuth;
  if (pa.status === 'altered') out.push({ tone: 'bad', text: t.t('chip.finding.altered') });
  if (chip.printedZone === 'mismatch') out.push({ tone: 'bad', text: t.t('chip.finding.zoneMismatch') });
  if (chip.portraitAgainstChip && !chip.portraitAgainstChip.match) out.push({ tone: 'bad', text: t.t('chip.finding.portraitMismatch') });
  if (pa.status === 'untrusted') out.push({ tone: 'warn', text: t.t('chip.finding.untrusted', { summary: pa.summaryMessage ?? pa.summary }) });
  if (pa.status === 'valid') out.push({ tone: 'ok', text: t.t('chip.finding.valid', { summary: pa.summaryMessage ?? pa.summary, access: chip.accessControl }) });
  if (chip.faceReference === 'chip') out.push({ tone: 'ok', text: t.t('chip.finding.chipPhoto') });
  else if (pa.status !== 'altered') out.push({ tone: 'warn', text: t.t('chip.finding.printedPhoto', { reason: chip.referenceProblemMessage ?? chip.referenceProblem ?? msg('chip.finding.chipPhotoUnusable') }) });
  return out;
}

const ADVISED = ['CHIP_READER_NOT_FOUND', 'CHIP_NO_CARD', 'CHIP_REMOVED', 'CHIP_ACCESS_DENIED', 'CHIP_TIMEOUT', 'CHIP_PROTOCOL'] as const;

/** What to do after a failed read, by error code; the error's own message says what happened. */
export function chipErrorAdvice(code: ErrorCode, t: Translator): string {
  const advised = ADVISED.find((c) => c === code);
  return t.t(advised ? `chip.advice.${advised}` : 'chip.advice.anyOther');
}

/**
 * Why Next stays disabled after this chip read, or null: data the issuer did not sign, a chip
 * that disagrees with the printed zone, or a printed portrait of someone else each fail the
 * session at the end, so the customer is not put through the face check first.
 */
export function chipBlocker(chip: ChipRecord, t: Translator): string | null {
  if (chip.passiveAuth.status === 'altered') return t.t('chip.blocked.altered');
  if (chip.printedZone === 'mismatch') return t.t('chip.blocked.zoneMismatch');
  if (chip.portraitAgainstChip && !chip.portraitAgainstChip.match) return t.t('chip.blocked.portraitMismatch');
  return null;
}
