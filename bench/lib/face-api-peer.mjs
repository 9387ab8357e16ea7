/**
 * The peer: what a developer would otherwise pick. @vladmandic/face-api's own pipeline,
 * SSD MobileNet v1 -> 68 landmarks -> 128-d recognition, on TensorFlow.js's wasm backend
 * in Node, initialised by the app's own tfjs-runtime (same wasm files, same face-api build).
 * tfjs-node-wasm has no image decoder, so images are decoded with sharp (EXIF applied,
 * full resolution, as face-api's Node examples do) and wrapped with tf.tensor3d.
 */
import sharp from 'sharp';
import { dist } from './context.mjs';

export class FaceApiPeer {
  constructor(faceapi, loadMs) {
    this.faceapi = faceapi;
    this.loadMs = loadMs;
    this.options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
  }

  /** Initialises tfjs wasm and loads the three nets; loadMs splits tfjs start-up from the weights. */
  static async load() {
    const { loadFaceApi, faceApiModelDir } = dist('main/vision/tfjs-runtime.js');
    let t = performance.now();
    const faceapi = await loadFaceApi();
    const runtimeMs = performance.now() - t;
    t = performance.now();
    const dir = faceApiModelDir();
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(dir);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(dir);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(dir);
    return new FaceApiPeer(faceapi, { tfjsRuntimeAndLivenessNets: runtimeMs, ssdLandmarksRecognition: performance.now() - t });
  }

  get backend() {
    return this.faceapi.tf.getBackend();
  }

  async decode(file) {
    const { data, info } = await sharp(file).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  }

  /**
   * One image end to end: decode, then detect + landmarks + descriptor of every face, keeping
   * the dominant one (largest box weighted by score, the same rule as ours). Null descriptor
   * when no face is found.
   */
  async describe(file) {
    const t0 = performance.now();
    const img = await this.decode(file);
    const t1 = performance.now();
    const tensor = this.faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
    let faces;
    try {
      faces = await this.faceapi.detectAllFaces(tensor, this.options).withFaceLandmarks().withFaceDescriptors();
    } finally {
      tensor.dispose();
    }
    const t2 = performance.now();
    let best = null;
    for (const f of faces) {
      const b = f.detection.box;
      const weight = b.width * b.height * f.detection.score;
      if (!best || weight > best.weight) best = { weight, descriptor: f.descriptor };
    }
    return { descriptor: best?.descriptor ?? null, faces: faces.length, width: img.width, height: img.height, decodeMs: t1 - t0, pipelineMs: t2 - t1 };
  }

  /** Euclidean distance of two descriptors (face-api's own measure). */
  distance(a, b) {
    return this.faceapi.euclideanDistance(a, b);
  }

  /** A verification as face-api's users write it: both images described, distance against 0.6. */
  async verify(file1, file2) {
    const a = await this.describe(file1);
    const b = await this.describe(file2);
    const distance = a.descriptor && b.descriptor ? this.distance(a.descriptor, b.descriptor) : null;
    return { a, b, distance, match: distance !== null && distance < FACE_API_THRESHOLD };
  }
}

/** face-api's documented default decision threshold on euclidean distance. */
export const FACE_API_THRESHOLD = 0.6;
