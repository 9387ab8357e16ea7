#!/usr/bin/env node
// Builds every process of the app into dist/:
//   main + shared (CommonJS, tsc)          -> dist/main, dist/shared
//   preload (one bundled file: a sandboxed preload cannot require its siblings) -> dist/preload/preload.js
//   renderer (one ES module bundle + index.html + face-api weights)          -> dist/renderer
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

const preloadEntry = join(root, 'src', 'preload', 'preload.ts');
if (existsSync(preloadEntry)) {
  await build({
    entryPoints: [preloadEntry],
    outfile: join(dist, 'preload', 'preload.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    target: 'es2022',
    logLevel: 'warning',
  });
}

const rendererEntry = join(root, 'src', 'renderer', 'app.ts');
if (existsSync(rendererEntry)) {
  const out = join(dist, 'renderer');
  await build({
    entryPoints: [rendererEntry],
    outfile: join(out, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  cpSync(join(root, 'src', 'renderer', 'index.html'), join(out, 'index.html'));
  const weights = join(root, 'node_modules', '@vladmandic', 'face-api', 'model');
  mkdirSync(join(out, 'face-api-models'), { recursive: true });
  for (const name of ['tiny_face_detector_model', 'face_landmark_68_model', 'face_landmark_68_tiny_model', 'face_expression_model']) {
    for (const ext of ['-weights_manifest.json', '.bin']) {
      const file = `${name}${ext}`;
      if (existsSync(join(weights, file))) cpSync(join(weights, file), join(out, 'face-api-models', file));
    }
  }
  // The renderer's face tracker runs TensorFlow.js on its wasm backend (measured fastest, docs/station.md).
  const tfjsWasm = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  mkdirSync(join(out, 'tfjs-wasm'), { recursive: true });
  for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    cpSync(join(tfjsWasm, file), join(out, 'tfjs-wasm', file));
  }
}
console.log('build: dist/ ready');
