/**
 * Where model files live and whether they are the ones the manifest pins. Shared by the face
 * models (onnxruntime) and the OCR model (tesseract.js), and importing neither runtime.
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

/** The bytes of model `id`, after checking them against the manifest's SHA-256. */
export async function readVerifiedModel(modelsDir: string, id: string): Promise<{ entry: ModelEntry; path: string; bytes: Buffer }> {
  const entry = (await readManifest(modelsDir)).find((m) => m.id === id);
  if (!entry) throw new EkycError('MODEL_MISSING', `${join(modelsDir, 'manifest.json')} lists no model "${id}"; restore the manifest from the repository`);
  const path = join(modelsDir, entry.file);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch {
    throw new EkycError('MODEL_MISSING', `model file ${path} is missing; ${REPAIR_HINT}`, { file: path });
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== entry.sha256) {
    throw new EkycError('MODEL_CORRUPT', `model file ${path} is corrupted (SHA-256 ${digest.slice(0, 12)}… is not the manifest's ${entry.sha256.slice(0, 12)}…); ${REPAIR_HINT}`, { file: path });
  }
  return { entry, path, bytes };
}
