/**
 * pcscd with Debian's virtual reader driver (vsmartcard-vpcd), for the tests that read a
 * simulated chip through the real PC/SC stack. Tests skip, saying so, when either is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { DEFAULT_PCSCD_SOCKET, PcscContext } from '../../src/main/chip/pcsc';

export const PCSCD = '/usr/sbin/pcscd';
export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
/**
 * vpcd's two virtual readers and the TCP port each takes its card on. Test files that run in
 * parallel use different ones: a card in one reader is invisible to the other's test.
 */
export const VIRTUAL_READERS = [{ name: 'Virtual PCD 00 00', port: 35963 }, { name: 'Virtual PCD 00 01', port: 35964 }] as const;
export const VIRTUAL_READER = VIRTUAL_READERS[0].name;
export const pcscdAvailable = existsSync(PCSCD) && existsSync(VPCD_DRIVER) && process.platform === 'linux';
export const pcscdMissing = `needs ${PCSCD} and ${VPCD_DRIVER} (Debian: apt install pcscd vsmartcard-vpcd)`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Polls `fn` until it gives a value (errors count as "not yet"). */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Held (a directory: mkdir is atomic) by the one test file starting pcscd; the others wait for its socket. */
const START_LOCK = join(tmpdir(), 'ekyc-test-pcscd-start.lock');
/** A lock older than this was left by a test that died while starting pcscd. */
const STALE_LOCK_MS = 15000;

/**
 * Starts pcscd when none answers (the system's is used when it runs). Test files running in
 * parallel share it, so none may stop it: it is started with --auto-exit, and leaves by
 * itself a minute after its last client. Only one file starts it: two pcscd started at once
 * both gave up, and every chip test of both files timed out.
 */
export async function ensurePcscd(): Promise<void> {
  await until('pcscd to listen', async () => {
    if (await socketAnswers(DEFAULT_PCSCD_SOCKET)) return true;
    try {
      mkdirSync(START_LOCK);
    } catch {
      if (Date.now() - statSync(START_LOCK).mtimeMs > STALE_LOCK_MS) rmSync(START_LOCK, { recursive: true, force: true });
      return undefined;
    }
    try {
      const daemon = spawn(PCSCD, ['--foreground', '--auto-exit'], { stdio: 'ignore', detached: true });
      daemon.unref();
      return await until('pcscd to listen', async () => ((await socketAnswers(DEFAULT_PCSCD_SOCKET)) ? true : undefined));
    } finally {
      rmSync(START_LOCK, { recursive: true, force: true });
    }
  }, 20000);
}

/** Waits until pcscd shows the virtual reader with (or without) a card. */
export async function virtualCardPresent(present: boolean, reader: string = VIRTUAL_READER): Promise<void> {
  await until(`the virtual reader to show ${present ? 'a' : 'no'} card`, async () => {
    const ctx = await PcscContext.establish();
    try {
      const readers = await ctx.readers();
      return readers.some((r) => r.name.startsWith(reader) && r.cardPresent === present) ? true : undefined;
    } finally {
      await ctx.release();
    }
  });
}
