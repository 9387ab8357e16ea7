/**
 * Opens a file the user named (an image, a video, a pairs CSV) so that only a regular file
 * is ever read. A FIFO would block `open` or `read` forever and a directory gives a raw
 * EISDIR, so the file is opened with O_NONBLOCK (which never waits for a FIFO's writer) and
 * its type is checked with fstat on the opened handle, not with a stat of the path first:
 * what is checked is what is read, even if the path is swapped in between.
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { EkycError } from '../../shared/errors';

/** Why an input file cannot be read; lands in the error's details. */
export type InputFileProblem = 'missing' | 'directory' | 'not-regular' | 'unreadable' | 'too-large';

export interface OpenInputFileOptions {
  /** What the file should be, for messages: "a .y4m video", "a PAIRS.csv", "a photo". */
  expected: string;
  /** Largest size accepted, checked on the opened handle before anything is read. */
  maxBytes?: number;
}

export interface OpenedInputFile {
  handle: FileHandle;
  size: number;
}

// O_NONBLOCK does not exist on Windows, where a named pipe cannot be opened by a plain path anyway.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The opened regular file, or an EkycError naming the path: FILE_NOT_FOUND when it does
 * not exist; FILE_UNREADABLE for a directory, a FIFO, a socket, a device, a permission
 * problem or a size over `maxBytes`. `details.problem` says which, so a caller can map it
 * to its own code (a video's VIDEO_INVALID, an image's IMAGE_TOO_LARGE).
 */
export async function openInputFile(path: string, options: OpenInputFileOptions): Promise<OpenedInputFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (err) {
    throw openError(path, err as NodeJS.ErrnoException, options.expected);
  }
  let info: Stats;
  try {
    info = await handle.stat();
  } catch (err) {
    await handle.close();
    throw openError(path, err as NodeJS.ErrnoException, options.expected);
  }
  if (!info.isFile()) {
    await handle.close();
    throw notRegular(path, info, options.expected);
  }
  if (options.maxBytes !== undefined && info.size > options.maxBytes) {
    await handle.close();
    throw new EkycError('FILE_UNREADABLE', `${path} is ${megabytes(info.size)} MB, more than the ${megabytes(options.maxBytes)} MB limit for ${options.expected}`, { file: path, problem: 'too-large', size: info.size });
  }
  return { handle, size: info.size };
}

/** The whole content of a regular input file (see openInputFile for the errors). */
export async function readInputFile(path: string, options: OpenInputFileOptions): Promise<Buffer> {
  const { handle } = await openInputFile(path, options);
  try {
    return await handle.readFile();
  } catch (err) {
    throw openError(path, err as NodeJS.ErrnoException, options.expected);
  } finally {
    await handle.close();
  }
}

function openError(path: string, err: NodeJS.ErrnoException, expected: string): EkycError {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
    return new EkycError('FILE_NOT_FOUND', `${path} does not exist; check the path (expected ${expected})`, { file: path, problem: 'missing' });
  }
  if (err.code === 'EISDIR') {
    return new EkycError('FILE_UNREADABLE', `${path} is a directory, not a file; give the path of ${expected}`, { file: path, problem: 'directory' });
  }
  return new EkycError('FILE_UNREADABLE', `${path} cannot be read (${err.code ?? err.message}); check its permissions`, { file: path, problem: 'unreadable' });
}

function notRegular(path: string, info: Stats, expected: string): EkycError {
  if (info.isDirectory()) {
    return new EkycError('FILE_UNREADABLE', `${path} is a directory, not a file; give the path of ${expected}`, { file: path, problem: 'directory' });
  }
  const kind = info.isFIFO() ? 'a named pipe (FIFO)' : info.isSocket() ? 'a socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'not a regular file';
  return new EkycError('FILE_UNREADABLE', `${path} is ${kind}, not a regular file; it is refused because reading it could wait forever. Save ${expected} to a file and give that path`, { file: path, problem: 'not-regular' });
}

function megabytes(bytes: number): string {
  return (bytes / 1048576).toFixed(1).replace(/\.0$/, '');
}
