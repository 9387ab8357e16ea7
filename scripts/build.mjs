#!/usr/bin/env node
// Builds every process of the app into dist/:
//   main + shared (CommonJS, tsc)          -> dist/main, dist/shared
//   preload (one bundled file: a sandboxed preload cannot require its siblings) -> dist/preload/preload.js
//   renderer (one ES module bundle + index.html + face-api weights)          -> dist/renderer
//   each model's file name and SHA-256 from models/manifest.json            -> dist/main/models/pinned-models.json
//     (inside the asar, so the models and manifest in the install folder are checked against it)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ManifestError, writePinnedModels } from './model-manifest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
try {
  const pins = writePinnedModels(join(root, 'models'), join(dist, 'main', 'models', 'pinned-models.json'));
  console.log(`build: ${Object.keys(pins).length} model hashes pinned in dist/main/models/pinned-models.json`);
} catch (err) {
  if (!(err instanceof ManifestError)) throw err;
  console.error(`build: ${err.message}`);
  process.exit(2);
}

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
  // The worker that cuts the face crops of the frames the tracker skips (src/renderer/services/skipped-frames.ts).
  await build({
    entryPoints: [join(root, 'src', 'renderer', 'workers', 'skipped-frames-worker.ts')],
    outfile: join(out, 'skipped-frames-worker.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
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
