/**
 * Small real file systems for tests of disk failures: a tmpfs of a few pages, mounted when
 * the tests run as root and the sandbox permits `mount -t tmpfs` (checked by trying), filled
 * up so the next write fails with a real ENOSPC, or mounted read-only for a real EROFS.
 * Where mounting is not permitted the tests fall back to a mocked fs call and say so in
 * their names (see `tmpfsUnavailable`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempFileFor } from '../../src/main/storage/atomic-file';

/** Why no tmpfs can be mounted here, or null when it can (probed once, synchronously). */
export const tmpfsUnavailable: string | null = probeTmpfs();

function probeTmpfs(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    const dir = mountTmpfs(64);
    unmountTmpfs(dir);
    return null;
  } catch (err) {
    return `mount -t tmpfs is not permitted here (${(err as Error).message.split('\n')[0]})`;
  }
}

/** Mounts a fresh tmpfs of `sizeKb` KiB (read-only with `readOnly`) at a new temporary folder. */
export function mountTmpfs(sizeKb: number, options: { readOnly?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ekyc-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0777${options.readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

export function unmountTmpfs(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Fills the file system holding `dir` with one file until a write fails with ENOSPC;
 * resolves to that file's name. Throws when the disk never fills (it is not a small tmpfs).
 */
export function fillDisk(dir: string, name = 'filler.bin'): string {
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  const file = join(dir, name);
  writeFileSync(file, '');
  for (let i = 0; i < 4096; i++) {
    try {
      writeFileSync(file, chunk, { flag: 'a' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return name;
      throw err;
    }
  }
  throw new Error(`${dir} did not fill up after 256 MiB; fillDisk is meant for a small tmpfs`);
}

/** A pid that ran on this host and has exited: a crashed writer's, for the temp-file sweep. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** The temporary name a writer with `pid` on this host would use for `file`. */
export function tempOf(file: string, pid: number): string {
  return tempFileFor(file).replace(`-${process.pid}-`, `-${pid}-`);
}
