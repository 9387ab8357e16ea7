/**
 * The only file that imports onnxruntime-node: model files are found through the manifest,
 * verified by SHA-256 before a session is created, and sessions are created here alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { EkycError } from '../../shared/errors';

export type Tensor = ort.Tensor;

export interface ModelEntry {
  id: string;
  file: string;
  sha256: string;
  source: string;
  input: { name: string; shape: number[] };
  output: { name: string; shape: number[] }[];
}

const REPAIR_HINT = 'run `npm run models` in the app folder to reinstall the verified model files';

/**
 * Where models live: `EKYC_MODELS_DIR`, else the packaged app's resources/models, else the
 * repository's models/ folder (development, tests, CLI).
 */
export function defaultModelsDir(): string {
  if (process.env.EKYC_MODELS_DIR) return resolve(process.env.EKYC_MODELS_DIR);
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && existsSync(join(resourcesPath, 'models', 'manifest.json'))) return join(resourcesPath, 'models');
  return resolve(__dirname, '..', '..', '..', 'models');
}

export function readManifest(modelsDir: string): ModelEntry[] {
  const path = join(modelsDir, 'manifest.json');
  if (!existsSync(path)) throw new EkycError('MODEL_MISSING', `model manifest ${path} is missing; ${REPAIR_HINT}`, { file: path });
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { models: ModelEntry[] }).models;
  } catch (err) {
    throw new EkycError('MODEL_CORRUPT', `model manifest ${path} is not valid JSON (${(err as Error).message}); restore it from the repository`, { file: path });
  }
}

/** A verified inference session for one model of the manifest, with named input and outputs. */
export class ModelSession {
  private constructor(
    readonly entry: ModelEntry,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(modelsDir: string, id: string, options: { threads?: number } = {}): Promise<ModelSession> {
    const entry = readManifest(modelsDir).find((m) => m.id === id);
    if (!entry) throw new EkycError('MODEL_MISSING', `models/manifest.json has no model "${id}"; restore the manifest from the repository`);
    const path = join(modelsDir, entry.file);
    if (!existsSync(path)) {
      throw new EkycError('MODEL_MISSING', `model file ${path} is missing; ${REPAIR_HINT}`, { file: path });
    }
    const bytes = readFileSync(path);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== entry.sha256) {
      throw new EkycError('MODEL_CORRUPT', `model file ${path} is corrupted (SHA-256 ${digest.slice(0, 12)}… is not the manifest's ${entry.sha256.slice(0, 12)}…); ${REPAIR_HINT}`, { file: path });
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        intraOpNumThreads: options.threads ?? 0,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        executionProviders: ['cpu'],
      });
    } catch (err) {
      throw new EkycError('MODEL_CORRUPT', `model file ${path} could not be loaded (${(err as Error).message}); ${REPAIR_HINT}`, { file: path });
    }
    const missing = [entry.input.name].filter((n) => !session.inputNames.includes(n))
      .concat(entry.output.map((o) => o.name).filter((n) => !session.outputNames.includes(n)));
    if (missing.length > 0) {
      throw new EkycError('MODEL_CORRUPT', `model file ${path} lacks the tensors ${missing.join(', ')} its manifest entry names; ${REPAIR_HINT}`, { file: path });
    }
    return new ModelSession(entry, session);
  }

  /** Runs the model on one float32 input of the manifest's shape; returns outputs by name. */
  async run(input: Float32Array): Promise<Record<string, Float32Array>> {
    const shape = this.entry.input.shape;
    const tensor = new ort.Tensor('float32', input, shape);
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await this.session.run({ [this.entry.input.name]: tensor });
    } catch (err) {
      throw new EkycError('MODEL_FAILED', `model ${this.entry.file} failed to run: ${(err as Error).message}`);
    }
    const out: Record<string, Float32Array> = {};
    for (const o of this.entry.output) out[o.name] = (results[o.name] as ort.Tensor).data as Float32Array;
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
