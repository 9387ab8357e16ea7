// Layering is enforced here, not by convention (as VS Code does with code-layering):
//   src/shared        pure TypeScript: no Node, no DOM, no Electron, no other layer
//   src/main/vision   plain Node: never electron, never the renderer or preload
//   src/main/document plain Node, same rules as vision
//   src/renderer      browser only: no Node, no Electron, no main/preload
//   src/preload       electron + shared only
// A wrong import is an error, so `npm test` fails on it.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'zlib', 'net', 'http', 'https', 'stream', 'util', 'url', 'events', 'buffer'];
const pattern = (group, message) => ({ group, message });
// onnxruntime-node must load after src/main/vision/ort-environment.ts has turned its
// telemetry off; a second importer could load it first (docs/security.md, "Offline").
const onlyOnnxRuntimeModule = pattern(['onnxruntime-node', 'onnxruntime-node/*'], 'Only src/main/vision/onnx-runtime.ts imports onnxruntime-node (after ort-environment.ts turns its telemetry off); use ModelSession.');

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
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(nodeBuiltins, 'Bad layering: src/shared is pure TypeScript (no Node built-ins).'),
          pattern(['electron', 'onnxruntime-*', 'sharp', 'lit', 'lit/*', '@vladmandic/*', '@tensorflow/*'], 'Bad layering: src/shared imports no runtime libraries.'),
          pattern(['**/main/**', '**/renderer/**', '**/preload/**', '../main*', '../renderer*', '../preload*'], 'Bad layering: src/shared may not import main, preload or renderer.'),
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'Bad layering: src/shared has no DOM.' },
        { name: 'document', message: 'Bad layering: src/shared has no DOM.' },
        { name: 'navigator', message: 'Bad layering: src/shared has no DOM.' },
        { name: 'process', message: 'Bad layering: src/shared has no Node globals.' },
        { name: 'Buffer', message: 'Bad layering: src/shared has no Node globals.' },
        { name: 'require', message: 'Bad layering: src/shared has no Node globals.' },
      ],
    },
  },
  {
    files: ['src/main/vision/**/*.ts', 'src/main/document/**/*.ts', 'src/main/liveness/**/*.ts', 'src/main/cli/**/*.ts', 'src/main/ipc/**/*.ts', 'src/main/settings/**/*.ts', 'src/main/records/**/*.ts', 'src/main/models/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['electron'], 'Bad layering: only src/main/electron may import electron; this code must run in plain Node.'),
          pattern(['**/renderer/**', '**/preload/**'], 'Bad layering: main reaches renderer and preload only through src/shared.'),
          onlyOnnxRuntimeModule,
        ],
      }],
    },
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [onlyOnnxRuntimeModule] }] },
  },
  {
    // The one file that loads onnxruntime-node, right after ort-environment.ts.
    files: ['src/main/vision/onnx-runtime.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['electron'], 'Bad layering: only src/main/electron may import electron; this code must run in plain Node.'),
          pattern(['**/renderer/**', '**/preload/**'], 'Bad layering: main reaches renderer and preload only through src/shared.'),
        ],
      }],
    },
  },
  {
    files: ['src/renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern([...nodeBuiltins, 'electron', 'onnxruntime-*', 'sharp'], 'Bad layering: the renderer is a sandboxed web page.'),
          pattern(['**/main/**', '**/preload/**'], 'Bad layering: the renderer reaches main only through the preload API typed by src/shared.'),
        ],
      }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern([...nodeBuiltins], 'Bad layering: a sandboxed preload has no Node built-ins.'),
          pattern(['**/main/**', '**/renderer/**'], 'Bad layering: the preload exposes src/shared contract only.'),
        ],
      }],
    },
  },
);
