/**
 * Image-quality measures of one face, computed on the aligned 112x112 crop so they do not
 * depend on how large the face was in the photo, plus head pose from landmarks.
 */
import type { ErrorCode } from '../../shared/errors';
import type { FaceQuality } from '../../shared/face-types';
import type { Box, Point } from '../../shared/geometry';
import type { QualityMinimums } from '../../shared/defaults';
import { ARCFACE_SIZE } from './align';
import { toGrey } from './image-ops';

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
 * Head pose from 68 landmarks. Yaw: where the nose tip sits between the jaw ends (points 0
 * and 16); positive when the nose moves to the image's right, which for an unmirrored
 * camera frame is the subject turning to their own left. Pitch: the nose tip's height
 * between the eyes and the mouth. Both rough, enough to tell frontal from turned.
 */
export function headPoseFromLandmarks(landmarks: readonly Point[]): { yawDeg: number; pitchDeg: number } {
  const left = landmarks[0];
  const right = landmarks[16];
  const nose = landmarks[30];
  const span = right.x - left.x;
  const ratio = span !== 0 ? (nose.x - left.x) / span : 0.5;
  const yawDeg = (Math.asin(Math.max(-1, Math.min(1, (ratio - 0.5) * 2))) * 180) / Math.PI;
  const eyeY = (landmarks[36].y + landmarks[45].y) / 2;
  const mouthY = (landmarks[48].y + landmarks[54].y) / 2;
  const vertical = mouthY - eyeY;
  // On frontal faces the nose tip sits about 0.55 of the way from the eyes to the mouth.
  const pitchRatio = vertical !== 0 ? (nose.y - eyeY) / vertical : 0.55;
  const pitchDeg = (Math.asin(Math.max(-1, Math.min(1, (pitchRatio - 0.55) * 2.5))) * 180) / Math.PI;
  return { yawDeg, pitchDeg };
}

export function measureFaceQuality(box: Box, landmarks: readonly Point[], alignedRgb: Uint8Array, score: number, minimums: QualityMinimums): FaceQuality {
  const grey = toGrey(alignedRgb);
  const sharpness = laplacianVariance(grey);
  const brightness = meanBrightness(grey);
  const { yawDeg, pitchDeg } = headPoseFromLandmarks(landmarks);
  const frontalness = Math.max(0, Math.cos((yawDeg * Math.PI) / 180) * Math.cos((pitchDeg * Math.PI) / 180));
  const problems: ErrorCode[] = [];
  if (Math.min(box.width, box.height) < minimums.minFacePx) problems.push('FACE_TOO_SMALL');
  if (sharpness < minimums.minSharpness) problems.push('FACE_BLURRED');
  if (brightness < minimums.minBrightness) problems.push('FACE_TOO_DARK');
  if (brightness > minimums.maxBrightness) problems.push('FACE_TOO_BRIGHT');
  if (Math.abs(yawDeg) > minimums.maxAbsYawDeg || score < minimums.minScore) problems.push('FACE_NOT_FRONTAL');
  return {
    faceWidthPx: Math.round(box.width),
    faceHeightPx: Math.round(box.height),
    sharpness: round(sharpness, 1),
    brightness: round(brightness, 1),
    yawDeg: round(yawDeg, 1),
    pitchDeg: round(pitchDeg, 1),
    frontalness: round(frontalness, 3),
    problems,
  };
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
      return `the face is not frontal (yaw ${q.yawDeg}°, limit ±${m.maxAbsYawDeg}°): look straight at the camera`;
    default:
      return code;
  }
}
