/**
 * Writes finished session records to the folder the operator chose, and only when retention
 * is on. A record holds figures (decisions, scores, timings, challenge outcomes); before
 * anything is written it is checked to hold no image, no embedding and no long run of numbers.
 * Records are written atomically (src/main/storage/atomic-file.ts) and never overwritten: a
 * record that cannot be written leaves nothing behind, and a crash mid-write leaves either no
 * record or the complete one.
 */
import { join } from 'node:path';
import { EkycError } from '../../shared/errors';
import { sweepStaleTempFiles, writeFileAtomic } from '../storage/atomic-file';
import type { OperatorSettings } from '../../shared/operator-settings';
import type { SessionRecord } from '../../shared/verdict';

/** Longest numeric array a record may hold (a 512-d embedding would be far longer). */
export const MAX_NUMBERS_IN_RECORD_ARRAY = 16;
/** Longest string a record may hold (an inlined image would be far longer). */
export const MAX_RECORD_STRING_LENGTH = 2000;

/** Throws when a record carries anything that could be an image or a biometric template. */
export function assertFiguresOnly(value: unknown, path = 'record'): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return;
  if (typeof value === 'string') {
    if (value.length > MAX_RECORD_STRING_LENGTH || /^data:image\//i.test(value)) {
      throw new EkycError('INTERNAL', `${path} holds a ${value.length}-character text that may be an image; records keep figures only`);
    }
    return;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    throw new EkycError('INTERNAL', `${path} holds binary data; records keep figures only, never images or embeddings`);
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_NUMBERS_IN_RECORD_ARRAY && value.every((v) => typeof v === 'number')) {
      throw new EkycError('INTERNAL', `${path} holds ${value.length} numbers, which may be an embedding; records keep figures only`);
    }
    value.forEach((v, i) => assertFiguresOnly(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertFiguresOnly(v, `${path}.${k}`);
    return;
  }
  throw new EkycError('INTERNAL', `${path} holds a ${typeof value}; records are plain JSON`);
}

const RECORD_FILE = /^ekyc-session-[A-Za-z0-9_-]{1,64}\.json$/;

export function recordFileName(record: SessionRecord): string {
  const safeId = record.sessionId.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 64);
  return `ekyc-session-${safeId}.json`;
}

export function recordJson(record: SessionRecord): string {
  assertFiguresOnly(record);
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * Keeps a record when retention is on; resolves to the file written, or null when retention
 * is off (then nothing touches the disk).
 */
export async function keepRecord(record: SessionRecord, retention: Pick<OperatorSettings['retention'], 'enabled' | 'folder'>): Promise<string | null> {
  const json = recordJson(record);
  if (!retention.enabled) return null;
  if (retention.folder === null) throw new EkycError('SESSION_STATE', 'retention is on but no records folder is set; choose one in Settings');
  const folder = retention.folder;
  const hint = 'check the records folder in Settings';
  await sweepRecordsFolderOnce(folder, hint);
  const file = join(folder, recordFileName(record));
  await writeFileAtomic(file, json, { exclusive: true, label: 'the session record', hint });
  return file;
}

/** Records folders swept by this process; a crash's leftovers need one sweep per start. */
const sweptFolders = new Set<string>();

/**
 * Removes the temporary files of records a crashed station left in the folder (only those:
 * `.ekyc-session-<id>.json.<host>-<pid>-<random>.tmp`), once per folder per start. A folder
 * that cannot be swept is reported like one that cannot be written: the next write there
 * would fail the same way.
 */
async function sweepRecordsFolderOnce(folder: string, hint: string): Promise<void> {
  if (sweptFolders.has(folder)) return;
  try {
    await sweepStaleTempFiles(folder, { target: (name) => RECORD_FILE.test(name) });
  } catch (err) {
    if (err instanceof EkycError) throw new EkycError(err.code, `${err.message}; ${hint}`, err.details);
    throw err;
  }
  sweptFolders.add(folder);
}
