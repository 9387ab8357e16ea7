/**
 * The layer allowlist of eslint.config.mjs (applied by eslint-rules/layers.mjs), proved on
 * code that breaks it: a wrong import is an error, so `npm test` (which lints first) fails on
 * it; and on code each layer may write, which must lint clean.
 */
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../helpers/paths';

const FS = "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;";
const ELECTRON = "import { app } from 'electron';\nexport const x = app;";
const VISION = "import { FaceAnalyzer } from '../main/vision/face-analyzer';\nexport const x = FaceAnalyzer;";
const ONNX = "import * as ort from 'onnxruntime-node';\nexport const x = ort;";
const SHARP = "import sharp from 'sharp';\nexport const x = sharp;";
const LIT = "import { html } from 'lit';\nexport const x = html;";
const TESSERACT = "import { createWorker } from 'tesseract.js';\nexport const x = createWorker;";

/** Each wrong import of issue 11 (the ones a denylist let through first), then more of the same kinds. */
const REFUSED: [code: string, file: string, message: RegExp][] = [
  [TESSERACT, 'src/shared/bad.ts', /src\/shared may not import the package 'tesseract.js'/],
  ["export const load = () => import('node:fs');", 'src/shared/bad.ts', /src\/shared has no Node built-ins \('node:fs'\)/],
  ['export const env = globalThis.process.env;', 'src/shared/bad.ts', /src\/shared has no Node global 'process'/],
  [LIT, 'src/main/vision/bad.ts', /src\/main\/vision may not import the package 'lit'/],
  ["import { registerStationHandlers } from '../ipc/station-handlers';\nexport const x = registerStationHandlers;", 'src/main/vision/bad.ts', /src\/main\/vision may not import src\/main\/ipc/],
  [ONNX, 'src/main/vision/face-detector.ts', /'onnxruntime-node' is imported only by src\/main\/vision\/onnx-runtime.ts/],
  ["// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const electron = require('electron');", 'src/main/liveness/bad.ts', /src\/main\/liveness may not import the package 'electron'/],
  [ONNX, 'src/preload/bad.ts', /'onnxruntime-node' is imported only by/],
  [SHARP, 'src/preload/bad.ts', /src\/preload may not import the package 'sharp'/],
  [LIT, 'src/preload/bad.ts', /src\/preload may not import the package 'lit'/],
  [TESSERACT, 'src/renderer/bad.ts', /src\/renderer may not import the package 'tesseract.js'/],
  ["export const debug = process.env.DEBUG;", 'src/renderer/bad.ts', /src\/renderer has no Node global 'process'/],
  ["import { StationApp } from '../../renderer/components/station-app';\nexport const x = StationApp;", 'src/main/electron/bad.ts', /src\/main\/electron may not import src\/renderer/],
  // The cases the first, denylist rules already refused.
  [FS, 'src/shared/bad.ts', /src\/shared has no Node built-ins/],
  [ELECTRON, 'src/shared/bad.ts', /src\/shared may not import the package 'electron'/],
  [VISION, 'src/shared/bad.ts', /src\/shared may not import src\/main\/vision/],
  ['export const w = window.innerWidth;', 'src/shared/bad.ts', /src\/shared has no DOM global 'window'/],
  [ELECTRON, 'src/main/vision/bad.ts', /src\/main\/vision may not import the package 'electron'/],
  [ELECTRON, 'src/main/models/bad.ts', /src\/main\/models may not import the package 'electron'/],
  [SHARP, 'src/renderer/bad.ts', /src\/renderer may not import the package 'sharp'/],
  [VISION, 'src/renderer/bad.ts', /src\/renderer may not import src\/main\/vision/],
  [FS, 'src/preload/bad.ts', /src\/preload has no Node built-ins/],
  // Every way of importing is checked, not only `import ... from`.
  ["export { app } from 'electron';", 'src/main/ipc/bad.ts', /src\/main\/ipc may not import the package 'electron'/],
  ["export * from '../renderer/services/station-api';", 'src/shared/bad.ts', /src\/shared may not import src\/renderer/],
  ["export type App = import('electron').App;", 'src/main/records/bad.ts', /src\/main\/records may not import the package 'electron'/],
  ["import type { App } from 'electron';\nexport type X = App;", 'src/main/settings/bad.ts', /src\/main\/settings may not import the package 'electron'/],
  ["export const load = (name: string) => import(name);", 'src/main/cli/bad.ts', /a computed import\(\)\/require\(\) in src\/main\/cli cannot be checked/],
  ["export const load = () => import(`lit`);", 'src/main/document/bad.ts', /src\/main\/document may not import the package 'lit'/],
  ["import { readFileSync } from 'fs';\nexport const x = readFileSync;", 'src/main/storage/bad.ts', /write 'node:fs'/],
  // Siblings not listed, a package not listed, a file in no layer.
  ["import { writeFileAtomic } from '../records/record-keeper';\nexport const x = writeFileAtomic;", 'src/main/storage/bad.ts', /src\/main\/storage may not import src\/main\/records/],
  ["import { SettingsStore } from '../settings/settings-store';\nexport const x = SettingsStore;", 'src/main/vision/bad.ts', /src\/main\/vision may not import src\/main\/settings/],
  ["import { analyseVideo } from '../main/liveness/analyse-video';\nexport const x = analyseVideo;", 'src/preload/bad.ts', /src\/preload may not import src\/main\/liveness/],
  ["import { parse } from 'mrz';\nexport const x = parse;", 'src/main/vision/bad.ts', /src\/main\/vision may not import the package 'mrz'/],
  ["import * as faceapi from '@vladmandic/face-api';\nexport const x = faceapi;", 'src/renderer/bad.ts', /src\/renderer may not import the package '@vladmandic\/face-api'/],
  ["import { x } from '../../test/helpers/paths';\nexport const y = x;", 'src/main/vision/bad.ts', /imports '..\/..\/test\/helpers\/paths', which is in no layer/],
  ['export const x = 1;', 'src/main/bad.ts', /src\/main\/bad.ts is in no layer/],
  // Globals, however they are reached.
  ["export const b = Buffer.from('x');", 'src/shared/bad.ts', /src\/shared has no Node global 'Buffer'/],
  ["export const d = globalThis['document'];", 'src/shared/bad.ts', /src\/shared has no DOM global 'document'/],
  ['const { process } = globalThis;\nexport const env = process;', 'src/renderer/bad.ts', /src\/renderer has no Node global 'process'/],
  ["// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const lit = require('lit');", 'src/renderer/bad.ts', /src\/renderer has no Node global 'require'/],
  ['export const title = document.title;', 'src/main/vision/bad.ts', /src\/main\/vision has no DOM global 'document'/],
  ['export const w = window;', 'src/main/electron/bad.ts', /src\/main\/electron has no DOM global 'window'/],
  ["// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const wasm = require('@tensorflow/tfjs-backend-wasm');", 'src/main/liveness/bad.ts', /src\/main\/liveness may not import the package '@tensorflow\/tfjs-backend-wasm'/],
];

const ALLOWED: [code: string, file: string][] = [
  [ELECTRON, 'src/main/electron/ok.ts'],
  ["import { contextBridge } from 'electron';\nimport { IPC_METHODS } from '../shared/ipc-contract';\nexport const x = [contextBridge, IPC_METHODS];", 'src/preload/ok.ts'],
  ["import { EkycError } from '../../shared/errors';\nexport const x = EkycError;", 'src/main/vision/ok.ts'],
  ["import { defaultModelsDir } from '../models/model-files';\nexport const x = defaultModelsDir;", 'src/main/vision/ok.ts'],
  [ONNX, 'src/main/vision/onnx-runtime.ts'],
  [SHARP, 'src/main/document/ok.ts'],
  [TESSERACT, 'src/main/document/ok.ts'],
  [LIT, 'src/renderer/ok.ts'],
  ["import { customElement } from 'lit/decorators.js';\nexport const x = customElement;", 'src/renderer/ok.ts'],
  ['export const title = document.title;', 'src/renderer/ok.ts'],
  ["import { EkycError } from './errors';\nimport { LIVENESS_DEFAULTS } from './liveness/liveness-defaults';\nexport const x = [EkycError, LIVENESS_DEFAULTS];", 'src/shared/ok.ts'],
  // A local name that happens to be a global's is not the global.
  ['export const run = (process: () => void) => process();', 'src/shared/ok.ts'],
  ["export const load = () => import('./commands/verify');", 'src/main/cli/ok.ts'],
  ["import { readFile } from 'node:fs/promises';\nexport const x = [readFile, process.pid, Buffer.alloc(1)];", 'src/main/storage/ok.ts'],
  ["import { registerStationHandlers } from '../ipc/station-handlers';\nimport { SettingsStore } from '../settings/settings-store';\nexport const x = [registerStationHandlers, SettingsStore];", 'src/main/electron/ok.ts'],
  // TensorFlow.js is vision's, for face-api's nets (the liveness tracker's and the portrait's age); liveness builds on vision.
  ["// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const wasm = require('@tensorflow/tfjs-backend-wasm');", 'src/main/vision/ok.ts'],
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
    expect(refusedErrors[i]).toContainEqual(expect.stringMatching(message));
  });

  it.each(ALLOWED.map(([code, file], i) => [file, code, i] as const))('allow in %s: %j', (_file, _code, i) => {
    expect(allowedErrors[i]).toEqual([]);
  });
});
