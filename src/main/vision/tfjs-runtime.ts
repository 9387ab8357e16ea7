import { existsSync } from 'node:fs';
import path from 'node:path';
import { EkycError } from '../../shared/errors';

/**
 * The one place in main that initialises TensorFlow.js: the wasm backend with its .wasm
 * files from the installed package (never a CDN: the station is offline), and face-api's
 * liveness weights loaded from the package's model folder (the apparent-age model brings its
 * own, checked: src/main/vision/apparent-age.ts).
 */

type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');

let ready: Promise<FaceApi> | undefined;
let backend: Promise<FaceApi> | undefined;

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** Directory holding tfjs-backend-wasm's .wasm binaries. */
export function wasmDir(): string {
  return path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist') + path.sep;
}

/** Directory holding face-api's weight manifests and shards. */
export function faceApiModelDir(): string {
  return path.join(packageDir('@vladmandic/face-api'), 'model');
}

/**
 * TensorFlow.js on the wasm backend, with face-api's module (whose `tf` is the instance set
 * up here) and no network loaded: for models that bring their own weights (apparent-age.ts).
 * Concurrent callers share one initialisation; a failure is not cached.
 */
export function loadTensorFlow(): Promise<FaceApi> {
  backend ??= startBackend().catch((err) => {
    backend = undefined;
    throw err;
  });
  return backend;
}

/**
 * Loads face-api with the tiny face detector, 68 landmarks and expressions on the wasm
 * backend. Concurrent callers share one initialisation; a failure is not cached, so a
 * later call can retry after the cause is fixed.
 */
export function loadFaceApi(): Promise<FaceApi> {
  ready ??= initialise().catch((err) => {
    ready = undefined;
    throw err;
  });
  return ready;
}

async function startBackend(): Promise<FaceApi> {
  const wasmPath = wasmDir();
  for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
    if (!existsSync(path.join(wasmPath, file))) {
      throw new EkycError('MODEL_MISSING', `TensorFlow.js wasm binary ${file} is missing from ${wasmPath}; reinstall @tensorflow/tfjs-backend-wasm`, { file });
    }
  }
  // face-api's node-wasm bundle requires @tensorflow/tfjs and the wasm backend itself, so
  // the tf it re-exports is the same instance configured here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmPath);
  const tf = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void>; getBackend(): string; enableProdMode(): void };
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) {
    throw new EkycError('MODEL_FAILED', `TensorFlow.js could not start its wasm backend from ${wasmPath}`);
  }
  await tf.ready();
  return faceapi;
}

async function initialise(): Promise<FaceApi> {
  const modelDir = faceApiModelDir();
  for (const manifest of ['tiny_face_detector_model-weights_manifest.json', 'face_landmark_68_model-weights_manifest.json', 'face_expression_model-weights_manifest.json']) {
    if (!existsSync(path.join(modelDir, manifest))) {
      throw new EkycError('MODEL_MISSING', `face-api model ${manifest} is missing from ${modelDir}; reinstall @vladmandic/face-api`, { file: manifest });
    }
  }
  const faceapi = await loadTensorFlow();
  try {
    await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
    await faceapi.nets.faceExpressionNet.loadFromDisk(modelDir);
  } catch (err) {
    throw new EkycError('MODEL_CORRUPT', `face-api weights in ${modelDir} could not be loaded: ${(err as Error).message}`);
  }
  return faceapi;
}
