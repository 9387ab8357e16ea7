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
    // A named dimension (a text line's width) is given at each run; any other must be a number.
    if (!entry.input.shape.every((d) => (typeof d === 'number' && d > 0) || (typeof d === 'string' && d !== ''))) {
      throw new EkycError('MODEL_CORRUPT', `models/manifest.json gives model "${id}" the input shape [${entry.input.shape.join(', ')}]; each dimension must be a positive number or a name`);
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

  /**
   * Runs the model on one float32 input of the manifest's shape, with `dims` giving each named
   * dimension (`{ W: 412 }`); returns outputs by name, and their shapes in `dims`.
   */
  async run(input: Float32Array, dims: Readonly<Record<string, number>> = {}): Promise<Record<string, Float32Array>> {
    return (await this.runWithShapes(input, dims)).outputs;
  }

  async runWithShapes(input: Float32Array, dims: Readonly<Record<string, number>> = {}): Promise<{ outputs: Record<string, Float32Array>; shapes: Record<string, readonly number[]> }> {
    const shape = this.entry.input.shape.map((d) => {
      const size = typeof d === 'number' ? d : dims[d];
      if (!Number.isInteger(size) || size <= 0) throw new RangeError(`model ${this.entry.file}: input dimension ${String(d)} needs a positive integer size, got ${String(size)}`);
      return size;
    });
    const tensor = new ort.Tensor('float32', input, shape);
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await this.session.run({ [this.entry.input.name]: tensor });
    } catch (err) {
      throw new EkycError('MODEL_FAILED', `model ${this.entry.file} failed to run: ${(err as Error).message}`);
    }
    const outputs: Record<string, Float32Array> = {};
    const shapes: Record<string, readonly number[]> = {};
    for (const o of this.entry.output) {
      const value = results[o.name] as ort.Tensor;
      outputs[o.name] = value.data as Float32Array;
      shapes[o.name] = value.dims;
    }
    return { outputs, shapes };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
