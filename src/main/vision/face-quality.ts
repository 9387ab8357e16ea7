/**
 * Image-quality measures of one face, computed on the aligned 112x112 crop so they do not
 * depend on how large the face was in the photo, plus head pose from landmarks.
 */
import type { ErrorCode } from '../../shared/errors';
import type { FaceQuality } from '../../shared/face-types';
import type { Box, Point } from '../../shared/geometry';
import type { QualityMinimums } from '../../shared/defaults';
import { ARCFACE_SIZE, fivePointsFrom68 } from './align';
import { toGrey } from './image-ops';

const FRONTAL_NOSE_RATIO = 0.6;

/** Central part of the aligned face (eyes to chin), away from background and hair. */
const INNER = { x0: 24, x1: 88, y0: 36, y1: 104 };

/** Variance of the 4-neighbour Laplacian over the inner face: low means blurred. */
export function laplacianVariance(grey: Float32Array, size = ARCFACE_SIZE): number {
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = INNER.y0; y < INNER.y1; y++) {
    for (let x = INNER.x0; x < INNER.x1; x++) {
      const i = y * size + x;
      const lap = grey[i - 1] + grey[i + 1] + grey[i - size] + grey[i + size] - 4 * grey[i];
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

export function meanBrightness(grey: Float32Array, size = ARCFACE_SIZE): number {
  let sum = 0;
  let n = 0;
  for (let y = INNER.y0; y < INNER.y1; y++) {
    for (let x = INNER.x0; x < INNER.x1; x++) {
      sum += grey[y * size + x];
      n++;
    }
  }
  return sum / n;
}

/**
 * Head pose from 68 landmarks. Yaw: where the nose tip sits between the eye centres (the
 * jaw-line points are the model's least reliable); the nose stands about half an
 * inter-ocular distance in front of the eyes, so the offset ratio r gives tan(yaw) ~ 2(r - 0.5).
 * Positive when the nose moves to the image's left, which in an unmirrored camera frame
 * is the subject turning to their own right (the convention of src/shared/liveness). Pitch: the nose tip's height between the eyes
 * and the mouth. Both rough, enough to tell frontal from turned.
 */
export function headPoseFromLandmarks(landmarks: readonly Point[]): { yawDeg: number; pitchDeg: number } {
  const [leftEye, rightEye, nose, mouthLeft, mouthRight] = fivePointsFrom68(landmarks);
  // Measure along the eye axis and across it, so a tilted (rolled) head reads as frontal.
  const ex = rightEye.x - leftEye.x;
  const ey = rightEye.y - leftEye.y;
  const span2 = ex * ex + ey * ey;
  if (span2 === 0) return { yawDeg: 0, pitchDeg: 0 };
  const along = (p: Point) => ((p.x - leftEye.x) * ex + (p.y - leftEye.y) * ey) / span2;
  const across = (p: Point) => ((p.y - leftEye.y) * ex - (p.x - leftEye.x) * ey) / span2;
  const yawDeg = (Math.atan(2 * (0.5 - along(nose))) * 180) / Math.PI;
  const mouthAcross = (across(mouthLeft) + across(mouthRight)) / 2;
  // On frontal faces the nose tip sits about 0.6 of the way from the eyes to the mouth
  // (measured on the frontal ID portraits of ../shared/facedata/idcards).
  const pitchRatio = mouthAcross !== 0 ? across(nose) / mouthAcross : FRONTAL_NOSE_RATIO;
  const pitchDeg = (Math.atan(2.5 * (pitchRatio - FRONTAL_NOSE_RATIO)) * 180) / Math.PI;
  return { yawDeg, pitchDeg };
}

/** `scale` is decoded / source pixels: face sizes are judged in the source image's pixels. */
export function measureFaceQuality(box: Box, landmarks: readonly Point[], alignedRgb: Uint8Array, score: number, minimums: QualityMinimums, scale = 1): FaceQuality {
  const grey = toGrey(alignedRgb);
  const sharpness = laplacianVariance(grey);
  const brightness = meanBrightness(grey);
  const { yawDeg, pitchDeg } = headPoseFromLandmarks(landmarks);
  const frontalness = Math.max(0, Math.cos((yawDeg * Math.PI) / 180) * Math.cos((pitchDeg * Math.PI) / 180));
  const faceWidthPx = Math.round(box.width / scale);
  const faceHeightPx = Math.round(box.height / scale);
  return {
    faceWidthPx,
    faceHeightPx,
    sharpness: round(sharpness, 1),
    brightness: round(brightness, 1),
    yawDeg: round(yawDeg, 1),
    pitchDeg: round(pitchDeg, 1),
    frontalness: round(frontalness, 3),
    problems: qualityProblems({ faceWidthPx, faceHeightPx, sharpness, brightness, yawDeg }, score, minimums),
  };
}

/**
 * Pure: what keeps a face with these measures and detector `score` below `minimums`, in the
 * order they are reported. A face measured for one role can be judged for another (a camera
 * frame's faces are measured once and its portrait judged against the portrait minimums).
 */
export function qualityProblems(q: Pick<FaceQuality, 'faceWidthPx' | 'faceHeightPx' | 'sharpness' | 'brightness' | 'yawDeg'>, score: number, minimums: QualityMinimums): ErrorCode[] {
  const problems: ErrorCode[] = [];
  if (Math.min(q.faceWidthPx, q.faceHeightPx) < minimums.minFacePx) problems.push('FACE_TOO_SMALL');
  if (q.sharpness < minimums.minSharpness) problems.push('FACE_BLURRED');
  if (q.brightness < minimums.minBrightness) problems.push('FACE_TOO_DARK');
  if (q.brightness > minimums.maxBrightness) problems.push('FACE_TOO_BRIGHT');
  if (Math.abs(q.yawDeg) > minimums.maxAbsYawDeg || score < minimums.minScore) problems.push('FACE_NOT_FRONTAL');
  return problems;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** What the operator or customer should do about a quality problem. */
export function describeQualityProblem(code: ErrorCode, q: FaceQuality, m: QualityMinimums): string {
  switch (code) {
    case 'FACE_TOO_SMALL':
      return `the face is ${Math.min(q.faceWidthPx, q.faceHeightPx)} px, below the ${m.minFacePx} px minimum: move closer or use a higher-resolution image`;
    case 'FACE_BLURRED':
      return `the face is blurred (sharpness ${q.sharpness}, minimum ${m.minSharpness}): hold still and refocus`;
    case 'FACE_TOO_DARK':
      return `the face is too dark (brightness ${q.brightness}, minimum ${m.minBrightness}): add light in front of the face`;
    case 'FACE_TOO_BRIGHT':
      return `the face is overexposed (brightness ${q.brightness}, maximum ${m.maxBrightness}): reduce the light or glare`;
    case 'FACE_NOT_FRONTAL':
      // Within the yaw limit, the detector's own confidence was too low (a stamp, a pattern,
      // a face seen through glare): saying "turn" would mislead.
      if (Math.abs(q.yawDeg) <= m.maxAbsYawDeg) return `what was found is not clearly a face (detector confidence below ${m.minScore}): face the camera in even light, or rescan the document`;
      return `the face is not frontal (yaw ${q.yawDeg}°, limit ±${m.maxAbsYawDeg}°): look straight at the camera`;
    default:
      return code;
  }
}
