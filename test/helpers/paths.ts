import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
/** Real face data lives beside the repository and is never copied into it. */
export const facedataDir = resolve(repoRoot, '..', 'shared', 'facedata');
export const hasFacedata = existsSync(join(facedataDir, 'MANIFEST.md'));
export const faceApiDemo = (name: string) => join(repoRoot, 'node_modules', '@vladmandic', 'face-api', 'demo', name);
export const facedata = (...parts: string[]) => join(facedataDir, ...parts);

/** `describe` for suites that need ../shared/facedata; says plainly when it skips. */
export const describeWithFacedata: jest.Describe = hasFacedata
  ? describe
  : (((name: string, fn: () => void) => {
      console.warn(`SKIPPED "${name}": ../shared/facedata is not present beside the repository`);
      return describe.skip(name, fn);
    }) as unknown as jest.Describe);
