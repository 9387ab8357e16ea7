/**
 * Where model files live and whether they are the ones this build of the app pins. Shared by
 * the face models (onnxruntime) and the OCR model (tesseract.js), and importing neither runtime.
 *
 * The manifest and the model files ship outside the asar (electron-builder.yml,
 * extraResources), so whoever can write the install folder could change a model and its
 * checksum together. Each file is therefore checked against the SHA-256 the build compiled
 * into the app (dist/main/models/pinned-models.json, written by scripts/build.mjs, inside the
 * asar); the manifest on disk still gives the models' inputs and outputs, and must agree.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { EkycError } from '../../shared/errors';

export interface ModelEntry {
  id: string;
  file: string;
  sha256: string;
  source: string;
  /** `normalisation` is read with pixelNormalisation; an OCR model's is prose. */
  input: { name: string; shape: (number | string)[]; normalisation?: unknown };
  output: { name: string; shape: (number | string)[] }[];
  /** onnxruntime's graph optimisation level for this model (default 'all'); measured per model by bench/ort-optimisation.mjs. */
  graphOptimization?: GraphOptimization;
}

export const GRAPH_OPTIMIZATIONS = ['disabled', 'basic', 'extended', 'all'] as const;
export type GraphOptimization = (typeof GRAPH_OPTIMIZATIONS)[number];

/** The level a model's manifest entry asks for; an unknown level is a changed manifest, not a silent default. */
export function graphOptimizationOf(entry: ModelEntry): GraphOptimization {
  const level: unknown = entry.graphOptimization ?? 'all';
  if (!GRAPH_OPTIMIZATIONS.includes(level as GraphOptimization)) {
    throw new EkycError('MODEL_CORRUPT', `the model manifest gives model "${entry.id}" the graph optimisation ${JSON.stringify(level)}; expected one of ${GRAPH_OPTIMIZATIONS.join(', ')}; restore models/manifest.json from the repository`);
  }
  return level as GraphOptimization;
}

/** How a model's input pixels (0..255) are scaled: (v - mean) / scale. */
export interface PixelNormalisation {
  mean: number;
  scale: number;
}

/** The input normalisation a model's manifest entry gives, so no code repeats it. */
export function pixelNormalisation(entry: ModelEntry): PixelNormalisation {
  const n = entry.input.normalisation as { mean?: unknown; scale?: unknown } | null | undefined;
  const mean = typeof n === 'object' ? n?.mean : undefined;
  const scale = typeof n === 'object' ? n?.scale : undefined;
  if (typeof mean !== 'number' || !Number.isFinite(mean) || typeof scale !== 'number' || !Number.isFinite(scale) || scale === 0) {
    throw new EkycError('MODEL_CORRUPT', `the model manifest gives model "${entry.id}" no input normalisation { "mean": M, "scale": S } with finite numbers and S not 0 (got ${JSON.stringify(entry.input.normalisation) ?? 'none'}); restore models/manifest.json from the repository`);
  }
  return { mean, scale };
}

export const REPAIR_HINT = 'run `npm run models` in the app folder to reinstall the verified model files';

/** Each model's file name and SHA-256 as the app was built with, by model id. */
export type PinnedModels = Record<string, { file: string; sha256: string }>;

/** Beside this module in dist/main/models, so inside the asar in a packaged app. */
export const PINNED_MODELS_FILE = join(__dirname, 'pinned-models.json');
/** The repository's manifest: what a build would pin, when running from source (tests, ts-node). */
const SOURCE_MANIFEST = resolve(__dirname, '..', '..', '..', 'models', 'manifest.json');

/**
 * The pins of this build. Running from source there is no build, so the pins are those of
 * the repository's models/manifest.json, exactly what `npm run build` would write; a built
 * app without its pins file is broken and loads no model.
 */
export async function readPinnedModels(file: string = PINNED_MODELS_FILE): Promise<PinnedModels> {
  const fromSource = file === PINNED_MODELS_FILE && __filename.endsWith('.ts');
  const path = fromSource ? SOURCE_MANIFEST : file;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(path, 'utf8'));
  } catch (err) {
    throw new EkycError('MODEL_MISSING', `this build of the app has no readable model pins (${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); rebuild it with \`npm run build\` or reinstall the app`, { file: path });
  }
  if (fromSource) return Object.fromEntries(((parsed as { models: ModelEntry[] }).models ?? []).map((m) => [m.id, { file: m.file, sha256: m.sha256 }]));
  return (parsed as { models?: PinnedModels }).models ?? {};
}

/**
 * `EKYC_MODELS_DIR`, else the packaged app's resources/models, else the repository's
 * models/ folder (development, tests, CLI).
 */
export function defaultModelsDir(): string {
  if (process.env.EKYC_MODELS_DIR) return resolve(process.env.EKYC_MODELS_DIR);
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && existsSync(join(resourcesPath, 'models', 'manifest.json'))) return join(resourcesPath, 'models');
  return resolve(__dirname, '..', '..', '..', 'models');
}

export async function readManifest(modelsDir: string): Promise<ModelEntry[]> {
  const path = join(modelsDir, 'manifest.json');
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch {
    throw new EkycError('MODEL_MISSING', `model manifest ${path} is missing; ${REPAIR_HINT}`, { file: path });
  }
  try {
    return (JSON.parse(text) as { models: ModelEntry[] }).models;
  } catch (err) {
    throw new EkycError('MODEL_CORRUPT', `model manifest ${path} is not valid JSON (${(err as Error).message}); restore it from the repository`, { file: path });
  }
}

/**
 * The bytes of model `id`, after checking the manifest's entry and then the file itself
 * against the SHA-256 this build pins (`pinned`, read from the build unless given).
 */
export async function readVerifiedModel(modelsDir: string, id: string, pinned?: PinnedModels): Promise<{ entry: ModelEntry; path: string; bytes: Buffer }> {
  const manifestPath = join(modelsDir, 'manifest.json');
  const entry = (await readManifest(modelsDir)).find((m) => m.id === id);
  if (!entry) throw new EkycError('MODEL_MISSING', `${manifestPath} lists no model "${id}"; restore the manifest from the repository`);
  const pin = (pinned ?? (await readPinnedModels()))[id];
  if (!pin) {
    throw new EkycError('MODEL_CORRUPT', `${manifestPath} lists model "${id}", which this build of the app does not pin; the manifest was changed: reinstall the app`, { file: manifestPath });
  }
  if (entry.file !== pin.file || entry.sha256 !== pin.sha256) {
    throw new EkycError('MODEL_CORRUPT', `model manifest ${manifestPath} was changed: it gives model "${id}" as ${entry.file} with SHA-256 ${String(entry.sha256).slice(0, 12)}…, but this build of the app pins ${pin.file} with ${pin.sha256.slice(0, 12)}…; restore the manifest (reinstall the app) and ${REPAIR_HINT}`, { file: manifestPath, model: pin.file });
  }
  const path = join(modelsDir, pin.file);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch {
    throw new EkycError('MODEL_MISSING', `model file ${path} is missing; ${REPAIR_HINT}`, { file: path });
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== pin.sha256) {
    throw new EkycError('MODEL_CORRUPT', `model file ${path} is corrupted (SHA-256 ${digest.slice(0, 12)}… is not the manifest's ${pin.sha256.slice(0, 12)}…); ${REPAIR_HINT}`, { file: path });
  }
  return { entry, path, bytes };
}
