/**
 * The only file that imports onnxruntime-node: model files come verified from
 * src/main/models/model-files.ts, and sessions are created here alone.
 */
// First: sets the environment onnxruntime-node reads when it loads (no telemetry).
import './ort-environment';
import * as ort from 'onnxruntime-node';
import { EkycError } from '../../shared/errors';
import { graphOptimizationOf, readVerifiedModel, REPAIR_HINT, type ModelEntry } from '../models/model-files';

export type Tensor = ort.Tensor;

/** A verified inference session for one model of the manifest, with named input and outputs. */
export class ModelSession {
  private constructor(
    readonly entry: ModelEntry,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(modelsDir: string, id: string, options: { threads?: number } = {}): Promise<ModelSession> {
    const { entry, path, bytes } = await readVerifiedModel(modelsDir, id);
    if (!entry.input.shape.every((d) => typeof d === 'number')) {
      throw new EkycError('MODEL_CORRUPT', `models/manifest.json gives model "${id}" the input shape [${entry.input.shape.join(', ')}]; an ONNX model here needs a fixed numeric shape`);
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        // One thread by default: the models take milliseconds, and on a 2-core counter PC the
        // renderer's face tracking runs at the same time; a thread pool would spin-wait
        // against it (embedding under a load average of 9-10: median 37 ms with the default
        // pool in bench/RESULTS.md, 7 ms with one thread).
        intraOpNumThreads: options.threads ?? 1,
        interOpNumThreads: 1,
        // Per model (models/manifest.json): the layout optimisation that speeds up the small
        // models slows the embedder down.
        graphOptimizationLevel: graphOptimizationOf(entry),
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
    const tensor = new ort.Tensor('float32', input, this.entry.input.shape as number[]);
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
