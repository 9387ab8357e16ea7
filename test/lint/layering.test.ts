/**
 * The layer rules of eslint.config.mjs, proved on code that breaks them: a wrong import is
 * an error, so `npm test` (which lints first) fails on it.
 */
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../helpers/paths';

const FS = "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;";
const ELECTRON = "import { app } from 'electron';\nexport const x = app;";
const ORT = "import * as ort from 'onnxruntime-node';\nexport const x = ort;";
const VISION = "import { FaceAnalyzer } from '../main/vision/face-analyzer';\nexport const x = FaceAnalyzer;";

const REFUSED: [code: string, file: string, message: RegExp][] = [
  [FS, 'src/shared/bad.ts', /src\/shared is pure TypeScript/],
  [ELECTRON, 'src/shared/bad.ts', /imports no runtime libraries/],
  [VISION, 'src/shared/bad.ts', /may not import main/],
  ['export const w = window.innerWidth;', 'src/shared/bad.ts', /src\/shared has no DOM/],
  [ELECTRON, 'src/main/vision/bad.ts', /only src\/main\/electron may import electron/],
  [ELECTRON, 'src/main/models/bad.ts', /only src\/main\/electron may import electron/],
  ["import sharp from 'sharp';\nexport const x = sharp;", 'src/renderer/bad.ts', /the renderer is a sandboxed web page/],
  [VISION, 'src/renderer/bad.ts', /reaches main only through the preload API/],
  [FS, 'src/preload/bad.ts', /a sandboxed preload has no Node built-ins/],
  [ORT, 'src/main/vision/face-detector.ts', /Only src\/main\/vision\/onnx-runtime.ts imports onnxruntime-node/],
  [ORT, 'src/main/cli/bad.ts', /Only src\/main\/vision\/onnx-runtime.ts imports onnxruntime-node/],
  [ORT, 'src/main/electron/bad.ts', /Only src\/main\/vision\/onnx-runtime.ts imports onnxruntime-node/],
  [ELECTRON, 'src/main/vision/onnx-runtime.ts', /only src\/main\/electron may import electron/],
];

const ALLOWED: [code: string, file: string][] = [
  [ELECTRON, 'src/main/electron/ok.ts'],
  [ORT, 'src/main/vision/onnx-runtime.ts'],
  ["import { EkycError } from '../../shared/errors';\nexport const x = EkycError;", 'src/main/vision/ok.ts'],
  ["import { html } from 'lit';\nexport const x = html;", 'src/renderer/ok.ts'],
];

/**
 * ESLint loads its flat config with a dynamic import, which jest's module system cannot
 * run; so every case is linted in one child process with the project's own configuration.
 */
const LINT_CASES = `
import { ESLint } from 'eslint';
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const [code, file] of JSON.parse(process.argv[1])) {
  const [r] = await eslint.lintText(code, { filePath: process.cwd() + '/' + file });
  out.push(r.messages.filter((m) => m.severity === 2).map((m) => m.message));
}
process.stdout.write(JSON.stringify(out));
`;

let refusedErrors: string[][];
let allowedErrors: string[][];
beforeAll(() => {
  const cases = [...REFUSED.map(([code, file]) => [code, file]), ...ALLOWED];
  const errors: string[][] = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', LINT_CASES, JSON.stringify(cases)], { cwd: repoRoot, encoding: 'utf8' }));
  refusedErrors = errors.slice(0, REFUSED.length);
  allowedErrors = errors.slice(REFUSED.length);
});

describe('layering rules', () => {
  it.each(REFUSED.map(([code, file, message], i) => [file, code, message, i] as const))('refuse in %s: %j', (_file, _code, message, i) => {
    expect(refusedErrors[i].some((e) => message.test(e))).toBe(true);
  });

  it('let each layer use what it may', () => {
    expect(allowedErrors).toEqual(ALLOWED.map(() => []));
  });
});
