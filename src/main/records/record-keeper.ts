/**
 * Writes finished session records to the folder the operator chose, and only when retention
 * is on. A record holds figures (decisions, scores, timings, challenge outcomes); before
 * anything is written it is checked to hold no image, no embedding and no long run of numbers.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { EkycError } from '../../shared/errors';
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
  const file = join(retention.folder, recordFileName(record));
  try {
    await fs.writeFile(file, json, { encoding: 'utf8', flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new EkycError('FILE_UNWRITABLE', `the session record cannot be written to ${retention.folder} (${code ?? (err as Error).message}); check the records folder in Settings`, { file });
  }
  return file;
}
