/**
 * Our engine, from the built app: the orchestrator (FaceAnalyzer) for end-to-end timings,
 * and its parts called one by one, in the orchestrator's order, for stage-by-stage timings.
 */
import { dist, modelsDir } from './context.mjs';

/** `stages: false` loads only the orchestrator, as the app does (no stage-by-stage timings then). */
export async function loadOurEngine({ stages = true } = {}) {
  const { FaceAnalyzer, pickDominant } = dist('main/vision/face-analyzer.js');
  const { FaceDetector } = dist('main/vision/face-detector.js');
  const { FaceLandmarker } = dist('main/vision/face-landmarker.js');
  const { FaceEmbedder } = dist('main/vision/face-embedder.js');
  const vision = {
    decoder: dist('main/vision/image-decoder.js'),
    align: dist('main/vision/align.js'),
    quality: dist('main/vision/face-quality.js'),
    matching: dist('main/vision/matching.js'),
    defaults: dist('shared/defaults.js'),
    verifyFiles: dist('main/vision/verify-files.js'),
  };

  // Model load, each model alone and then the orchestrator (all three in parallel, as the app does).
  const modelLoadMs = {};
  let t = performance.now();
  const detector = stages ? await FaceDetector.load(modelsDir) : null;
  modelLoadMs.detector = performance.now() - t;
  t = performance.now();
  const landmarker = stages ? await FaceLandmarker.load(modelsDir) : null;
  modelLoadMs.landmarks = performance.now() - t;
  t = performance.now();
  const embedder = stages ? await FaceEmbedder.load(modelsDir) : null;
  modelLoadMs.embedder = performance.now() - t;
  t = performance.now();
  const analyzer = await FaceAnalyzer.create();
  modelLoadMs.faceAnalyzerCreate = performance.now() - t;

  return new OurEngine({ analyzer, detector, landmarker, embedder, pickDominant, vision, modelLoadMs });
}

class OurEngine {
  constructor(parts) {
    Object.assign(this, parts);
  }

  /** One image, each stage timed; the same calls analyzeDominantFace makes (padded detection, dominant face). */
  async stages(file) {
    const { decoder, align, quality, defaults } = this.vision;
    const ms = {};
    let t = performance.now();
    const img = await decoder.decodeImageFile(file);
    ms.decode = performance.now() - t;
    t = performance.now();
    const box = this.pickDominant(await this.detector.detect(img, { padRatio: 0.2 }));
    ms.detect = performance.now() - t;
    if (!box) return { ms, face: false, width: img.width, height: img.height, scale: img.scale };
    t = performance.now();
    const landmarks = await this.landmarker.detect(img, box.box);
    ms.landmarks = performance.now() - t;
    t = performance.now();
    const aligned = align.alignToArcFaceTemplate(img, align.fivePointsFrom68(landmarks));
    ms.align = performance.now() - t;
    t = performance.now();
    quality.measureFaceQuality(box.box, landmarks, aligned.rgb, box.score, defaults.SELFIE_MINIMUMS, img.scale);
    ms.quality = performance.now() - t;
    t = performance.now();
    const embedding = await this.embedder.embed(aligned.rgb);
    ms.embed = performance.now() - t;
    return { ms, face: true, embedding, width: img.width, height: img.height, scale: img.scale };
  }

  /** One image end to end through the orchestrator, as `ekyc eval` embeds it. */
  async describe(file) {
    const t0 = performance.now();
    const img = await this.vision.decoder.decodeImageFile(file);
    const t1 = performance.now();
    const found = await this.analyzer.analyzeDominantFace(img);
    const t2 = performance.now();
    return { embedding: found?.embedding ?? null, decodeMs: t1 - t0, pipelineMs: t2 - t1 };
  }

  /** Two encoded photos in, verdict out: decode + detect + landmarks + align + embed both, compare. */
  async verify(file1, file2) {
    const a = await this.describe(file1);
    const b = await this.describe(file2);
    const t = performance.now();
    const result = a.embedding && b.embedding ? this.analyzer.compare(a.embedding, b.embedding) : null;
    return { a, b, compareMs: performance.now() - t, similarity: result?.similarity ?? null, match: result?.match ?? false };
  }

  /**
   * `ekyc verify`'s path, the very function the command calls (verify-files.js): the ID side
   * through findPortrait (four orientations, tiles when the face is small, quality refusal),
   * the selfie through analyzeSelfie (one face, quality), each side's decode overlapping the
   * other's analysis. A refusal is a verdict too ("cannot decide"), so it is timed like one.
   */
  async verifyIdAndSelfie(idFile, selfieFile) {
    const t0 = performance.now();
    let outcome;
    let parts = {};
    try {
      const { match, timingsMs } = await this.vision.verifyFiles.verifyFilePair(this.analyzer, idFile, selfieFile);
      parts = { idDecode: timingsMs.idDecode, idPortrait: timingsMs.idPortrait, selfieDecode: timingsMs.selfieDecode, selfie: timingsMs.selfie, compare: timingsMs.compare };
      outcome = match.match ? 'same' : 'different';
    } catch (err) {
      if (!err || typeof err.code !== 'string') throw err;
      outcome = `cannot decide (${err.code})`;
    }
    return { ms: performance.now() - t0, parts, outcome };
  }

  /**
   * The station's live step: a camera frame (RGBA from the canvas, no encoding) against an ID
   * portrait embedded earlier; what the verify-face IPC handler does.
   */
  async verifyCameraFrame(rgba, width, height, portraitEmbedding) {
    const t = performance.now();
    let outcome;
    try {
      const img = await this.vision.decoder.rgbImageFromRgba(rgba, width, height);
      const selfie = await this.analyzer.analyzeSelfie(img, 'the camera picture');
      outcome = this.analyzer.compare(portraitEmbedding, selfie.embedding).match ? 'same' : 'different';
    } catch (err) {
      if (!err || typeof err.code !== 'string') throw err;
      outcome = `cannot decide (${err.code})`;
    }
    return { ms: performance.now() - t, outcome };
  }

  cosine(a, b) {
    return this.vision.matching.cosineSimilarity(a, b);
  }

  async dispose() {
    await Promise.all([this.analyzer.dispose(), this.detector?.release(), this.landmarker?.release(), this.embedder?.release()]);
  }
}
