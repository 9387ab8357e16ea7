// Layering is enforced here, not by convention (as VS Code does with code-layering). Each
// layer lists what it may import; anything not listed is an error (eslint-rules/layers.mjs
// checks static imports, export-from, import(), require() and import types), so `npm test`,
// which lints first, fails on it. Types are split the same way by scripts/typecheck.mjs:
// DOM types only for the renderer, Node types never in src/shared.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import layers from './eslint-rules/layers.mjs';

const MAIN = (name) => `src/main/${name}`;

/**
 * The layers of src/. `layers` are the sibling layers a layer may import (its own folder is
 * always allowed), `packages` the npm packages (an entry allows its subpaths), `nodeBuiltins`
 * whether it may import `node:*`, `bannedGlobals` the kinds of global it may not touch.
 */
const LAYERS = [
  // Pure TypeScript, shared by every process: no Node, no DOM, no package, no other layer.
  { dir: 'src/shared', bannedGlobals: ['Node', 'DOM'] },
  // A sandboxed preload: contextBridge over the IPC contract, nothing more.
  { dir: 'src/preload', packages: ['electron'], layers: ['src/shared'], bannedGlobals: ['Node'] },
  // A sandboxed web page: Lit and the browser build of face-api, main only through the preload.
  { dir: 'src/renderer', packages: ['lit', '@vladmandic/face-api/dist/face-api.esm.js'], layers: ['src/shared'], bannedGlobals: ['Node'] },
  // Main, plain Node except its one Electron folder; every folder names the folders it builds on.
  { dir: MAIN('electron'), packages: ['electron'], nodeBuiltins: true, layers: ['src/shared', ...['ipc', 'engine', 'vision', 'document', 'liveness', 'records', 'settings', 'storage', 'models'].map(MAIN)], bannedGlobals: ['DOM'] },
  { dir: MAIN('ipc'), packages: ['sharp'], nodeBuiltins: true, layers: ['src/shared', ...['vision', 'document', 'liveness', 'records', 'settings', 'storage', 'models', 'chip'].map(MAIN)], bannedGlobals: ['DOM'] },
  // The vision-and-document engine process and main's client of it; the handlers' engine interfaces come from ipc.
  { dir: MAIN('engine'), nodeBuiltins: true, layers: ['src/shared', ...['ipc', 'vision', 'document', 'models', 'files'].map(MAIN)], bannedGlobals: ['DOM'] },
  { dir: MAIN('cli'), nodeBuiltins: true, layers: ['src/shared', ...['vision', 'document', 'liveness', 'models', 'storage', 'files', 'chip'].map(MAIN)], bannedGlobals: ['DOM'] },
  // JPEG 2000 (chip photos) is decoded by OpenJPEG's wasm build: libvips as sharp ships it has no JPEG 2000.
  // TensorFlow.js (wasm) runs face-api's nets: the liveness tracker's and the portrait's apparent age.
  { dir: MAIN('vision'), packages: ['sharp', '@cornerstonejs/codec-openjpeg/decodewasmjs', '@vladmandic/face-api/dist/face-api.node-wasm.js', '@tensorflow/tfjs-backend-wasm'], nodeBuiltins: true, layers: ['src/shared', MAIN('models'), MAIN('files')], bannedGlobals: ['DOM'] },
  { dir: MAIN('document'), packages: ['sharp', 'tesseract.js'], nodeBuiltins: true, layers: ['src/shared', MAIN('models'), MAIN('vision')], bannedGlobals: ['DOM'] },
  // Liveness reads eye state with an ONNX model of src/main/vision, as the document reader does.
  { dir: MAIN('liveness'), nodeBuiltins: true, layers: ['src/shared', MAIN('files'), MAIN('models'), MAIN('vision')], bannedGlobals: ['DOM'] },
  // Reading an ICAO 9303 chip (BAC, secure messaging, passive authentication); DG1 is parsed by document's MRZ code.
  { dir: MAIN('chip'), packages: ['pkijs', 'asn1js', 'koffi'], nodeBuiltins: true, layers: ['src/shared', MAIN('document'), MAIN('files'), MAIN('vision')], bannedGlobals: ['DOM'] },
  { dir: MAIN('records'), nodeBuiltins: true, layers: ['src/shared', MAIN('storage')], bannedGlobals: ['DOM'] },
  { dir: MAIN('settings'), nodeBuiltins: true, layers: ['src/shared', MAIN('storage')], bannedGlobals: ['DOM'] },
  { dir: MAIN('storage'), nodeBuiltins: true, layers: ['src/shared'], bannedGlobals: ['DOM'] },
  { dir: MAIN('models'), nodeBuiltins: true, layers: ['src/shared'], bannedGlobals: ['DOM'] },
  // Opening the files an operator or a script names: regular files only, never a FIFO or a folder.
  { dir: MAIN('files'), nodeBuiltins: true, layers: ['src/shared'], bannedGlobals: ['DOM'] },
];

/**
 * Packages only one file may import, so their API is wrapped in one place. onnxruntime-node
 * also must load after src/main/vision/ort-environment.ts has turned its telemetry off; a
 * second importer could load it first (docs/security.md, "Offline").
 */
const EXCLUSIVE = { 'onnxruntime-node': 'src/main/vision/onnx-runtime.ts' };

const GLOBALS = {
  Node: ['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate'],
  DOM: ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'customElements', 'self'],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-output/**', 'bench/.work/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.js', 'src/**/*.mjs', 'src/**/*.cjs'],
    plugins: { layers },
    rules: {
      'layers/allowlist': ['error', { root: dirname(fileURLToPath(import.meta.url)), layers: LAYERS, exclusive: EXCLUSIVE, globals: GLOBALS }],
    },
  },
);
