/**
 * The verification pipeline (insightface's FaceAnalysis): detect -> 68 landmarks -> align to
 * the ArcFace template -> quality -> embed, with the two roles the station needs: the main
 * portrait of an ID document, and the one live face of a selfie or camera frame.
 */
import { EkycError } from '../../shared/errors';
import type { DetectedFace, MatchResult, PortraitFace, PortraitPass, Rotation } from '../../shared/face-types';
import type { Box, Point } from '../../shared/geometry';
import { MATCH_THRESHOLD, PORTRAIT_MINIMUMS, SELFIE_MINIMUMS, type QualityMinimums } from '../../shared/defaults';
import { isPersonInView } from '../../shared/people-in-view';
import { alignToArcFaceTemplate, fivePointsFrom68, type AlignedFace } from './align';
import { FaceDetector } from './face-detector';
import { FaceEmbedder } from './face-embedder';
import { FaceLandmarker } from './face-landmarker';
import { describeQualityProblem, measureFaceQuality } from './face-quality';
import type { RgbImage } from './image-decoder';
import { rotateImage } from './image-ops';
import { enlarge, suppressOverlays } from './overlay-suppression';
import { compareEmbeddings } from './matching';
import { EyeStateClassifier } from './eye-state';
import type { EyeClosure } from '../../shared/liveness/landmark-frame';
import { decide, PresentationAttackDetector, type PresentationResult } from './presentation-attack';
import { pickDominant, type ScoredBox } from './nms';
import { glareEvidence } from './screen-evidence';

// Kept exported from here: the bench and other callers find it beside the analyzer.
export { pickDominant };
import { defaultModelsDir } from '../models/model-files';

export interface FaceAnalyzerOptions {
  modelsDir?: string;
  /** onnxruntime intra-op threads (default 1; 0 lets onnxruntime choose). */
  threads?: number;
}

/** A face the portrait finder may choose, with what choosing needs: orientation and embedding length. */
interface PortraitCandidate {
  rotation: Rotation;
  /** The document turned `rotation` degrees: original pixels, whichever pass found the box. */
  image: RgbImage;
  face: DetectedFace;
  embedding: Float32Array;
  norm: number;
  pass: PortraitPass;
}

/** A face with what later stages need: its aligned crop. */
interface AnalyzedFace {
  face: DetectedFace;
  aligned: AlignedFace;
}

/**
 * Raw embedding length above which a face found the way round the document came is taken as
 * upright without trying the other three (wrong ways round reached at most 3.11 on facedata;
 * most upright faces measure 3.5-4.7).
 */
const UNMISTAKABLY_UPRIGHT_NORM = 3.3;
/** Documents are padded so a portrait cropped edge to edge still has context around it. */
const PORTRAIT_PAD_RATIO = 0.2;
/**
 * The second pass enlarges a smaller document to this long side, so the detector's tiles
 * (640 px of it each) see a 545 px passport page's portrait at about 1.3x.
 */
const ENLARGED_LONG_SIDE = 1400;
/** The close-up that confirms a second-pass box: the box and this share of its size round it. */
const CONFIRM_CONTEXT = 0.5;
const CONFIRM_IOU = 0.3;

export class FaceAnalyzer {
  /** Loaded on the first eye-state call: only liveness sessions need it. */
  private eyeState: Promise<EyeStateClassifier> | undefined;

  private constructor(
    private readonly detector: FaceDetector,
    private readonly landmarker: FaceLandmarker,
    private readonly embedder: FaceEmbedder,
    private readonly presentation: PresentationAttackDetector,
    private readonly modelsDir: string,
    private readonly threads: number | undefined,
  ) {}

  static async create(options: FaceAnalyzerOptions = {}): Promise<FaceAnalyzer> {
    const dir = options.modelsDir ?? defaultModelsDir();
    const [detector, landmarker, embedder] = await Promise.all([
      FaceDetector.load(dir, options.threads),
      FaceLandmarker.load(dir, options.threads),
      FaceEmbedder.load(dir, options.threads),
    ]);
    // The PAD detector shares the face detector: one session of it, not two.
    const presentation = await PresentationAttackDetector.load(dir, { threads: options.threads, detector });
    return new FaceAnalyzer(detector, landmarker, embedder, presentation, dir, options.threads);
  }

  /** Every face in the image with landmarks and quality (judged against the selfie minimums). */
  /** `tiles`: scan tiles always (the CLI's detect); `smallFaces`: only when no large face is found (FaceEngine's option). */
  async detectFaces(img: RgbImage, options: { tiles?: boolean; smallFaces?: boolean; minimums?: QualityMinimums } = {}): Promise<DetectedFace[]> {
    const boxes = await this.detector.detect(img, { tiles: options.smallFaces ? 'if-small' : options.tiles });
    const faces: DetectedFace[] = [];
    for (const b of boxes) faces.push((await this.analyze(img, b, options.minimums ?? SELFIE_MINIMUMS)).face);
    return faces;
  }

  /**
   * The main portrait of an ID document: the dominant face (the ghost portrait is smaller),
   * found in whichever of the four orientations holds an upright face; `upright` is the
   * document turned that way (the portrait's coordinates are in it).
   * Throws NO_USABLE_PORTRAIT when there is none, or it is too small or blurred to match.
   */
  async findPortrait(img: RgbImage): Promise<{ portrait: PortraitFace; embedding: Float32Array; upright: RgbImage }> {
    // Every orientation is tried, because the detector also fires on sideways and upside-down
    // faces, and as confidently (0.99996 measured). The embedding's length tells them apart:
    // on the 91 upright photos and documents of ../shared/facedata it was longest for the
    // upright face every time (by 1.03x at the least), where detector score and landmark
    // geometry picked a wrong way round 13 times. Most documents come upright: a length no
    // wrong way round reached (at most 3.11 measured) ends the search at once.
    const candidates: PortraitCandidate[] = [];
    let best: PortraitCandidate | undefined;
    for (const rotation of [0, 90, 180, 270] as Rotation[]) {
      const image = rotateImage(img, rotation);
      const found = pickDominant(await this.detector.detect(image, { tiles: 'if-small', padRatio: PORTRAIT_PAD_RATIO }));
      if (!found) continue;
      const candidate = await this.portraitCandidate(image, rotation, found, 'direct');
      candidates.push(candidate);
      if (!best || candidate.norm > best.norm) best = candidate;
      if (rotation === 0 && candidate.norm >= UNMISTAKABLY_UPRIGHT_NORM) break;
    }
    if (best && best.face.quality.problems.length === 0) return this.keepOnly(best, candidates);
    // No usable portrait: under a hologram or guilloche the true portrait is often missed,
    // or found but outscored by a wrong-way detection in the pattern. The second pass adds
    // detections on the overlay-suppressed document and chooses among usable faces only.
    const suppressed = suppressOverlays(img);
    const factor = Math.max(1, ENLARGED_LONG_SIDE / Math.max(img.width, img.height));
    for (const rotation of [0, 90, 180, 270] as Rotation[]) {
      const found = pickDominant(await this.detector.detect(enlarge(rotateImage(suppressed, rotation), factor), { tiles: true, padRatio: PORTRAIT_PAD_RATIO }));
      if (!found) continue;
      const box = { x: found.box.x / factor, y: found.box.y / factor, width: found.box.width / factor, height: found.box.height / factor };
      const image = rotateImage(img, rotation);
      // Text and seals of a card's back pass for faces once grey and smoothed (0.98 measured
      // on idcards/100_id-che): a box counts only if the detector also finds it in the
      // original pixels of the region round it, seen close up.
      if (!(await this.confirmedInOriginal(image, box))) continue;
      candidates.push(await this.portraitCandidate(image, rotation, { box, score: found.score }, 'overlay-suppressed'));
    }
    let usable: PortraitCandidate | undefined;
    for (const c of candidates) if (c.face.quality.problems.length === 0 && (!usable || c.norm > usable.norm)) usable = c;
    if (usable) return this.keepOnly(usable, candidates);
    for (const c of candidates) c.embedding.fill(0);
    if (!best) {
      throw new EkycError('NO_USABLE_PORTRAIT', 'no usable portrait: no face was found on the document in any orientation (is this the back of the card?); photograph the side with the portrait', { problem: 'no-face' });
    }
    const { face, rotation } = best;
    const reasons = face.quality.problems.map((p) => describeQualityProblem(p, face.quality, PORTRAIT_MINIMUMS));
    throw new EkycError('NO_USABLE_PORTRAIT', `no usable portrait: ${reasons.join('; ')}; rescan the document sharper and larger`, {
      problem: 'quality',
      problems: face.quality.problems,
      box: face.box,
      rotation,
    });
  }

  /** Whether the detector finds a face on `box` in a close-up of the original pixels round it. */
  private async confirmedInOriginal(image: RgbImage, box: Box): Promise<boolean> {
    const region = cropAround(image, box, CONFIRM_CONTEXT);
    const boxInRegion = { ...box, x: box.x - region.x, y: box.y - region.y };
    const found = await this.detector.detect(region.image, { padRatio: PORTRAIT_PAD_RATIO, scoreThreshold: PORTRAIT_MINIMUMS.minScore });
    return found.some((f) => iou(f.box, boxInRegion) >= CONFIRM_IOU);
  }

  /** A portrait candidate measured on the document's original pixels, whichever pass found its box. */
  private async portraitCandidate(image: RgbImage, rotation: Rotation, found: ScoredBox, pass: PortraitPass): Promise<PortraitCandidate> {
    const landmarks = await this.landmarker.detect(image, found.box);
    const aligned = alignToArcFaceTemplate(image, fivePointsFrom68(landmarks));
    const { embedding, norm } = await this.embedder.embedWithNorm(aligned.rgb);
    const face = this.describe(found, landmarks, aligned, PORTRAIT_MINIMUMS, image.scale);
    return { rotation, image, face, embedding, norm, pass };
  }

  /** The chosen portrait; every other candidate is a template of the same face: zeroed, not just dropped. */
  private keepOnly(chosen: PortraitCandidate, candidates: PortraitCandidate[]): { portrait: PortraitFace; embedding: Float32Array; upright: RgbImage } {
    for (const c of candidates) if (c !== chosen) c.embedding.fill(0);
    const glare = glareEvidence(chosen.image, chosen.face.box);
    return { portrait: { ...chosen.face, rotation: chosen.rotation, pass: chosen.pass, glare }, embedding: chosen.embedding, upright: chosen.image };
  }

  /**
   * The customer's face in a selfie or camera frame: exactly one face, good enough to match,
   * and whether it is a presentation attack (one frame: the model's signal alone).
   * Throws NO_FACE, MULTIPLE_FACES or the first quality problem, each with what to do.
   */
  async analyzeSelfie(img: RgbImage, label = 'the selfie'): Promise<{ face: DetectedFace; embedding: Float32Array; presentation: PresentationResult }> {
    const boxes = await this.detector.detect(img);
    if (boxes.length === 0) throw new EkycError('NO_FACE', `no face found in ${label}; the customer should face the camera in good light`);
    const main = pickDominant(boxes)!;
    const others = boxes.filter((b) => b !== main && isPersonInView(b, main));
    if (others.length > 0) {
      throw new EkycError('MULTIPLE_FACES', `${others.length + 1} faces found in ${label}; only the customer may be in view`, { faces: others.length + 1 });
    }
    const { face, aligned } = await this.analyze(img, main, SELFIE_MINIMUMS);
    const [problem] = face.quality.problems;
    if (problem) {
      throw new EkycError(problem, `${label}: ${describeQualityProblem(problem, face.quality, SELFIE_MINIMUMS)}`, { quality: face.quality });
    }
    const presentation = decide([img], [main.box], [await this.presentation.liveProbability(img, main.box)]);
    return { face, embedding: await this.embedder.embed(aligned.rgb), presentation };
  }

  /** Presentation-attack detection over frames of one session, in time order (src/main/vision/presentation-attack.ts). */
  assessPresentation(frames: readonly RgbImage[], label?: string): Promise<PresentationResult> {
    return this.presentation.assess(frames, { label });
  }

  /**
   * The dominant face of an ordinary upright photo (evaluation sets, tight crops), padded so
   * an edge-to-edge face is found; no quality refusal. Null when there is no face.
   */
  async analyzeDominantFace(img: RgbImage): Promise<{ face: DetectedFace; embedding: Float32Array } | null> {
    const main = pickDominant(await this.detector.detect(img, { padRatio: PORTRAIT_PAD_RATIO }));
    if (!main) return null;
    const { face, aligned } = await this.analyze(img, main, SELFIE_MINIMUMS);
    return { face, embedding: await this.embedder.embed(aligned.rgb) };
  }

  /** Embedding of a face found earlier in the same image. */
  async embedFace(img: RgbImage, face: DetectedFace): Promise<Float32Array> {
    return this.embedder.embed(alignToArcFaceTemplate(img, fivePointsFrom68(face.landmarks)).rgb);
  }

  compare(a: Float32Array, b: Float32Array, threshold = MATCH_THRESHOLD, declineBelow?: number): MatchResult {
    return compareEmbeddings(a, b, threshold, declineBelow);
  }

  /**
   * P(closed) of both eyes of a grey face crop (the liveness page sends one with every frame),
   * `landmarks` in the crop's pixels: the classifier `ekyc liveness` runs on video frames.
   */
  async eyesClosed(crop: { data: Uint8Array; width: number; height: number }, landmarks: readonly Point[]): Promise<EyeClosure> {
    this.eyeState ??= EyeStateClassifier.load(this.modelsDir, this.threads).catch((err: unknown) => {
      this.eyeState = undefined;
      throw err;
    });
    return (await this.eyeState).classifyFaceCrop(crop, landmarks);
  }

  async dispose(): Promise<void> {
    const eyes = this.eyeState ? [this.eyeState.then((e) => e.release(), () => undefined)] : [];
    await Promise.all([this.detector.release(), this.landmarker.release(), this.embedder.release(), this.presentation.release(), ...eyes]);
  }

  private async analyze(img: RgbImage, candidate: ScoredBox, minimums: QualityMinimums): Promise<AnalyzedFace> {
    const landmarks = await this.landmarker.detect(img, candidate.box);
    const aligned = alignToArcFaceTemplate(img, fivePointsFrom68(landmarks));
    return { face: this.describe(candidate, landmarks, aligned, minimums, img.scale), aligned };
  }

  private describe(candidate: ScoredBox, landmarks: Point[], aligned: AlignedFace, minimums: QualityMinimums, scale: number): DetectedFace {
    const quality = measureFaceQuality(candidate.box, landmarks, aligned.rgb, candidate.score, minimums, scale);
    return { box: roundBox(candidate.box), score: round3(candidate.score), landmarks: landmarks.map(roundPoint), quality };
  }
}

/** `box` widened by `context` of its size on every side, clamped to the image, as a new image and its origin. */
function cropAround(img: RgbImage, box: Box, context: number): { image: RgbImage; x: number; y: number } {
  const x0 = Math.max(0, Math.floor(box.x - box.width * context));
  const y0 = Math.max(0, Math.floor(box.y - box.height * context));
  const x1 = Math.min(img.width, Math.ceil(box.x + box.width * (1 + context)));
  const y1 = Math.min(img.height, Math.ceil(box.y + box.height * (1 + context)));
  const width = x1 - x0;
  const data = new Uint8Array(width * (y1 - y0) * 3);
  for (let y = y0; y < y1; y++) data.set(img.data.subarray((y * img.width + x0) * 3, (y * img.width + x1) * 3), (y - y0) * width * 3);
  return { image: { data, width, height: y1 - y0, scale: img.scale }, x: x0, y: y0 };
}

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (w * h) / (a.width * a.height + b.width * b.height - w * h);
}

function roundBox(b: Box): Box {
  return { x: Math.round(b.x * 10) / 10, y: Math.round(b.y * 10) / 10, width: Math.round(b.width * 10) / 10, height: Math.round(b.height * 10) / 10 };
}

function roundPoint(p: Point): Point {
  return { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
