/**
 * Files the station writes (kept session records, settings.json, exports) are written whole
 * or not at all: the bytes go to a unique temporary file in the target's own folder, which is
 * flushed to disk (fsync) and only then renamed (or hard-linked) to its name, and the folder
 * is flushed so the new name survives a power cut. A crash, a full disk or any other failure
 * leaves either the old file or the complete new one, never a truncated one; on a failure
 * the temporary file is removed and the error is an EkycError naming the path, what went
 * wrong and what to do.
 *
 * Temporary files are named `.<target name>.<host>-<pid>-<random>.tmp`. A process killed
 * between the write and the rename leaves one behind; `sweepStaleTempFiles` removes those,
 * and only those: it never touches a file that does not match that pattern exactly.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { EkycError, type ErrorCode } from '../../shared/errors';

export interface WriteFileAtomicOptions {
  /**
   * Never replace an existing file: the write fails with FILE_EXISTS instead (kept records).
   * Without it an existing file is replaced in one step (settings, an export the operator
   * confirmed in the save dialog).
   */
  exclusive?: boolean;
  /** File mode of a new file (before the umask); default 0o666, as fs.writeFile. */
  mode?: number;
  /** Create the target's folder (one level, never a whole missing tree) when it is missing. */
  createFolder?: boolean;
  /** What the file is, for the error message: "the session record". Default: "the file <name>". */
  label?: string;
  /** Appended to every error message: what else the operator can do ("check the records folder in Settings"). */
  hint?: string;
}

/**
 * A temporary file older than this is stale whoever made it: a write of a settings file or
 * a record takes milliseconds, so an hour-old one belongs to a process that died (possibly on
 * another computer sharing the folder, whose processes cannot be checked from here).
 */
export const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

/** Longest part of the target's name kept in a temporary name, so it stays under NAME_MAX (255). */
const MAX_TARGET_IN_TEMP_NAME = 120;
const TEMP_NAME = /^\.(.+)\.([0-9a-f]{8})-(\d+)-([0-9a-f]{12})\.tmp$/;

/**
 * Which computer made a temporary file: a pid can only be checked for life on the same host.
 * A hash, so a records folder shared between stations does not list their host names.
 */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** Temporary files this process is writing right now; a sweep never removes them. */
const inFlight = new Set<string>();

/** The temporary name for a write of `file`, in the same folder (so the rename is atomic). */
export function tempFileFor(file: string): string {
  const name = basename(file).slice(0, MAX_TARGET_IN_TEMP_NAME);
  return join(dirname(file), `.${name}.${HOST_TAG}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** The target name a temporary file was made for, or null when the name is not one of ours. */
export function parseTempFileName(name: string): { target: string; host: string; pid: number } | null {
  const m = TEMP_NAME.exec(name);
  return m ? { target: m[1], host: m[2], pid: Number(m[3]) } : null;
}

/** Writes `data` to `file` atomically; see the module comment. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const dir = dirname(file);
  const context: FailureContext = { file, label: options.label ?? `the file ${basename(file)}`, hint: options.hint };
  if (options.createFolder) {
    await fs.mkdir(dir, { mode: 0o700 }).catch((err: unknown) => {
      if (errnoOf(err) !== 'EEXIST') throw fileError(err, { ...context, step: 'create-folder' });
    });
  }
  const tmp = tempFileFor(file);
  inFlight.add(tmp);
  let step: Step = 'write';
  try {
    // fs.promises.writeFile, not a file handle's write: tests that watch every
    // fs.promises.writeFile (test/e2e/privacy.test.ts) see these writes too. 'wx' never
    // follows or reuses an existing file under the temporary name.
    await fs.writeFile(tmp, data, { flag: 'wx', mode: options.mode ?? 0o666, encoding: 'utf8' });
    step = 'sync';
    const handle = await fs.open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    step = 'commit';
    if (options.exclusive) await commitExclusive(tmp, file, 'leave-for-sweep');
    else await fs.rename(tmp, file);
  } catch (err) {
    const leftover = await removeQuietly(tmp);
    inFlight.delete(tmp);
    throw await describeFailure(err, { ...context, step }, leftover);
  }
  inFlight.delete(tmp);
  await syncFolder(dir, context);
}

/**
 * Moves `from` to `to` without ever replacing an existing `to` (FILE_EXISTS then); used to
 * keep a damaged settings file aside without overwriting an earlier one.
 */
export async function renameExclusive(from: string, to: string, label = `the file ${basename(from)}`): Promise<void> {
  try {
    await commitExclusive(from, to, 'must-remove');
  } catch (err) {
    throw await describeFailure(err, { file: to, label, step: 'commit' }, null);
  }
  await syncFolder(dirname(to), { file: to, label });
}

/**
 * Never replaces `target`. link() fails with EEXIST when the name is taken, atomically, so
 * two writers of the same record cannot both win; the temporary name is then unlinked (both
 * names point at the same complete bytes in between, so a crash there leaves a complete
 * record and a stale temporary file for the sweep). File systems without hard links (FAT32,
 * exFAT, some network shares) refuse link(); there the target is checked and then renamed
 * to. That check-then-rename has a window in which another writer of the same name could be
 * overwritten; record names carry the session's random UUID, so the only writer of a name is
 * the one session that owns it, and the window is accepted there rather than failing.
 */
async function commitExclusive(tmp: string, target: string, oldName: 'leave-for-sweep' | 'must-remove'): Promise<void> {
  try {
    await fs.link(tmp, target);
  } catch (err) {
    if (!NO_HARD_LINKS.has(errnoOf(err) ?? '')) throw err;
    const existing = await fs.lstat(target).catch((e: unknown) => {
      if (errnoOf(e) === 'ENOENT') return null;
      throw e;
    });
    if (existing) throw Object.assign(new Error(`${target} exists`), { code: 'EEXIST', syscall: 'link' });
    await fs.rename(tmp, target);
    return;
  }
  if (oldName === 'must-remove') {
    await fs.unlink(tmp);
    return;
  }
  // The target is complete; the temporary name is only a second link to it. Should this
  // unlink fail, the write has still succeeded (reporting a failure would make the caller
  // retry into FILE_EXISTS), and the next sweep removes the extra name: it matches the
  // temporary pattern and its writer, this process, has no write of it in flight.
  await fs.unlink(tmp).catch(() => undefined);
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Flushes the folder entry of a renamed file, so the new name survives a power cut (POSIX
 * needs this; a rename alone is atomic but may not be durable). Windows cannot open a folder
 * for flushing and NTFS journals the rename itself. Some file systems (network shares) do not
 * support fsync on a folder and say EINVAL or ENOTSUP: the file is complete there anyway.
 */
async function syncFolder(dir: string, context: FailureContext): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    if (['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF'].includes(errnoOf(err) ?? '')) return;
    throw fileError(err, { ...context, step: 'sync-folder' });
  } finally {
    await handle?.close();
  }
}

/** Removes a temporary file after a failure; resolves to a note when it could not be removed. */
async function removeQuietly(tmp: string): Promise<string | null> {
  try {
    await fs.unlink(tmp);
    return null;
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT') return null;
    return `the temporary file ${tmp} could not be removed (${code ?? (err as Error).message}) and is removed when the station next starts`;
  }
}

type Step = 'create-folder' | 'write' | 'sync' | 'commit' | 'sync-folder';

interface FailureContext {
  file: string;
  label: string;
  hint?: string;
  step?: Step;
}

/** fileError, after checking what is at the path when the errno alone is ambiguous. */
async function describeFailure(err: unknown, context: FailureContext, leftover: string | null): Promise<EkycError> {
  const code = errnoOf(err);
  let refined: Refinement | undefined;
  if (context.step === 'commit' || code === 'EISDIR') {
    // Renaming onto a folder gives EISDIR on Linux but EPERM/EACCES on Windows: say what it is.
    const target = await fs.lstat(context.file).catch(() => null);
    if (target?.isDirectory()) refined = 'target-is-folder';
  }
  if (code === 'ENOENT' && context.step !== 'create-folder') {
    const folder = await fs.stat(dirname(context.file)).catch(() => null);
    refined = folder?.isDirectory() ? 'temp-vanished' : 'folder-missing';
  }
  return fileError(err, context, refined, leftover);
}

type Refinement = 'target-is-folder' | 'temp-vanished' | 'folder-missing';

/** Maps an fs error to an EkycError naming the path, the cause and what to do. */
export function fileError(err: unknown, context: FailureContext, refined?: Refinement, leftover: string | null = null): EkycError {
  const errno = errnoOf(err) ?? 'UNKNOWN';
  const { file, label } = context;
  const dir = dirname(file);
  let code: ErrorCode = 'FILE_UNWRITABLE';
  let why: string;
  let todo: string;
  if (refined === 'target-is-folder') {
    why = `${file} is a folder, not a file (${errno})`;
    todo = 'move or rename that folder';
  } else if (refined === 'folder-missing' || (errno === 'ENOENT' && context.step === 'create-folder')) {
    why = context.step === 'create-folder' ? `the folder ${dir} is missing and so is the folder above it (${errno})` : `the folder ${dir} does not exist (${errno})`;
    todo = 'create it or choose another folder';
  } else if (refined === 'temp-vanished') {
    why = `its temporary file in ${dir} was removed by another program before it was complete (${errno})`;
    todo = 'try again';
  } else {
    switch (errno) {
      case 'ENOSPC':
        code = 'DISK_FULL';
        why = `the disk holding ${dir} is full (ENOSPC)`;
        todo = 'free space on that disk, then try again';
        break;
      case 'EDQUOT':
        code = 'DISK_FULL';
        why = `this user's disk quota on ${dir} is used up (EDQUOT)`;
        todo = 'free space or ask the administrator to raise the quota';
        break;
      case 'EACCES':
      case 'EPERM':
        why = `this user may not write in ${dir} (${errno})`;
        todo = "give the station's user write access to that folder";
        break;
      case 'EROFS':
        why = `${dir} is on a read-only disk (EROFS)`;
        todo = 'choose a folder on a writable disk';
        break;
      case 'ENOTDIR':
        why = `part of the path ${dir} is a file, not a folder (ENOTDIR)`;
        todo = 'choose a folder';
        break;
      case 'EISDIR':
        why = `${file} is a folder, not a file (EISDIR)`;
        todo = 'move or rename that folder';
        break;
      case 'EEXIST':
        code = 'FILE_EXISTS';
        why = `${file} already exists and is never overwritten (EEXIST)`;
        todo = 'keep the existing file; nothing was changed';
        break;
      case 'ENAMETOOLONG':
        why = `the path ${file} is too long for the disk (ENAMETOOLONG)`;
        todo = 'choose a folder with a shorter path';
        break;
      default:
        why = `${stepText(context.step)} failed (${errno}: ${err instanceof Error ? err.message : String(err)})`;
        todo = 'check the disk and the folder, then try again';
    }
  }
  const head = context.step === 'sync-folder'
    ? `${label} was written to ${file}, but its folder could not be flushed to disk, so it may not survive a power cut: ${why}`
    : `${label} cannot be written to ${file}: ${why}`;
  const message = [`${head}; ${todo}`, context.hint, leftover].filter(Boolean).join('; ');
  return new EkycError(code, message, { file, errno, ...(context.step ? { step: context.step } : {}) });
}

function stepText(step: Step | undefined): string {
  switch (step) {
    case 'create-folder': return 'creating the folder';
    case 'write': return 'writing';
    case 'sync': return 'flushing to disk';
    case 'commit': return 'renaming into place';
    case 'sync-folder': return 'flushing the folder to disk';
    default: return 'writing';
  }
}

export function errnoOf(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export interface SweepOptions {
  /** Only temporary files made for a target name this accepts (default: any). */
  target?: (targetName: string) => boolean;
  /** Age after which a temporary file of a live or unknown process counts as stale. */
  staleAfterMs?: number;
  now?: () => number;
}

/**
 * Removes temporary files a crashed writer left in `dir`, resolving to the paths removed.
 * A file is removed only when its name matches this module's pattern exactly and it is not
 * being written: not one of this process's writes in flight, and either made on this host
 * by a process that no longer runs, or older than STALE_TEMP_AGE_MS (another host's, or a
 * pid that was reused). A missing folder has nothing to sweep; any other failure is an
 * EkycError naming the file.
 */
export async function sweepStaleTempFiles(dir: string, options: SweepOptions = {}): Promise<string[]> {
  const staleAfter = options.staleAfterMs ?? STALE_TEMP_AGE_MS;
  const now = options.now ?? Date.now;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR') return [];
    throw new EkycError('FILE_UNREADABLE', `the folder ${dir} cannot be listed to remove unfinished temporary files (${errnoOf(err) ?? (err as Error).message}); give the station's user read access to it`, { file: dir });
  }
  const removed: string[] = [];
  for (const name of names) {
    const parsed = parseTempFileName(name);
    if (!parsed || (options.target && !options.target(parsed.target))) continue;
    const path = join(dir, name);
    if (inFlight.has(path)) continue;
    const stat = await fs.lstat(path).catch((err: unknown) => {
      if (errnoOf(err) === 'ENOENT') return null;
      throw err;
    });
    // Only plain files: a folder or a link under such a name is not ours to remove.
    if (!stat?.isFile()) continue;
    const writerGone = parsed.host === HOST_TAG && (parsed.pid === process.pid || !isRunning(parsed.pid));
    if (!writerGone && now() - stat.mtimeMs < staleAfter) continue;
    try {
      await fs.unlink(path);
      removed.push(path);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') continue;
      throw new EkycError('FILE_UNWRITABLE', `the unfinished temporary file ${path} cannot be removed (${errnoOf(err) ?? (err as Error).message}); remove it by hand or give the station's user write access to ${dir}`, { file: path });
    }
  }
  return removed;
}

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoOf(err) === 'EPERM';
  }
}
