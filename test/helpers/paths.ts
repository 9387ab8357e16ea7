import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
/** Real face data lives beside the repository and is never copied into it. */
export const facedataDir = resolve(repoRoot, '..', 'shared', 'facedata');
export const hasFacedata = existsSync(join(facedataDir, 'MANIFEST.md'));
export const faceApiDemo = (name: string) => join(repoRoot, 'node_modules', '@vladmandic', 'face-api', 'demo', name);
export const facedata = (...parts: string[]) => join(facedataDir, ...parts);

/**
 * Says plainly that tests are skipped and why. Written straight to stderr: jest shows no
 * console output of a file whose tests were all skipped.
 */
export function announceSkip(what: string, why: string): void {
  process.stderr.write(`SKIPPED ${what}: ${why}\n`);
}

/** `describe` for suites that need ../shared/facedata; says plainly when it skips. */
export const describeWithFacedata: jest.Describe = hasFacedata
  ? describe
  : (((name: string, fn: () => void) => {
      announceSkip(`"${name}"`, '../shared/facedata is not present beside the repository');
      return describe.skip(name, fn);
    }) as unknown as jest.Describe);
