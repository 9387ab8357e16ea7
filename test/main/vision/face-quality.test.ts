/** Quality of one face from its aligned crop and landmarks, on crops and poses worked out by hand. */
import { describeQualityProblem, measureFaceQuality } from '../../../src/main/vision/face-quality';
import type { Point } from '../../../src/shared/geometry';
import { PORTRAIT_MINIMUMS, SELFIE_MINIMUMS } from '../../../src/shared/defaults';

const SIZE = 112;

/** 68 landmarks of which only the five-point ones matter: eyes at (40, 50) and (80, 50), mouth corners at y 90. */
function landmarks(nose: Point): Point[] {
  const points: Point[] = Array.from({ length: 68 }, () => ({ x: 0, y: 0 }));
  for (const i of [37, 38, 40, 41]) points[i] = { x: 40, y: 50 };
  for (const i of [43, 44, 46, 47]) points[i] = { x: 80, y: 50 };
  points[30] = nose;
  for (const i of [48, 60]) points[i] = { x: 45, y: 90 };
  for (const i of [54, 64]) points[i] = { x: 75, y: 90 };
  return points;
}

function uniform(grey: number): Uint8Array {
  return new Uint8Array(SIZE * SIZE * 3).fill(grey);
}

/** Grey squares of 0 and 200 pixel by pixel: every Laplacian is +-800, so its variance is 640000. */
function checkerboard(): Uint8Array {
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) rgb.fill((x + y) % 2 === 0 ? 200 : 0, (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3);
  return rgb;
}

describe('measureFaceQuality', () => {
  it('passes a sharp, well-lit, frontal face: the nose halfway between the eyes and 0.6 of the way to the mouth', () => {
    const q = measureFaceQuality({ x: 5, y: 5, width: 120, height: 150 }, landmarks({ x: 60, y: 74 }), checkerboard(), 0.95, SELFIE_MINIMUMS);
    expect(q).toEqual({ faceWidthPx: 120, faceHeightPx: 150, sharpness: 640000, brightness: 100, yawDeg: 0, pitchDeg: 0, frontalness: 1, problems: [] });
  });

  it('measures a turned, tilted, blurred face in source pixels', () => {
    // The nose a quarter of the way along the eyes: yaw atan(2 x 0.25) = 26.57 degrees, past the
    // selfie's 25; 0.8 of the way to the mouth: pitch atan(2.5 x 0.2) = 26.57 degrees; a uniform crop has no edges.
    const q = measureFaceQuality({ x: 0, y: 0, width: 120, height: 150 }, landmarks({ x: 50, y: 82 }), uniform(100), 0.95, SELFIE_MINIMUMS, 0.5);
    expect(q).toEqual({ faceWidthPx: 240, faceHeightPx: 300, sharpness: 0, brightness: 100, yawDeg: 26.6, pitchDeg: 26.6, frontalness: 0.8, problems: ['FACE_BLURRED', 'FACE_NOT_FRONTAL'] });
  });

  it('finds a face too small, too dark, too bright or scored too low', () => {
    const frontal = landmarks({ x: 60, y: 74 });
    expect(measureFaceQuality({ x: 0, y: 0, width: 60, height: 150 }, frontal, uniform(30), 0.5, SELFIE_MINIMUMS).problems)
      .toEqual(['FACE_TOO_SMALL', 'FACE_BLURRED', 'FACE_TOO_DARK', 'FACE_NOT_FRONTAL']);
    expect(measureFaceQuality({ x: 0, y: 0, width: 120, height: 150 }, frontal, uniform(230), 0.95, SELFIE_MINIMUMS).problems)
      .toEqual(['FACE_BLURRED', 'FACE_TOO_BRIGHT']);
  });
});

describe('describeQualityProblem for FACE_NOT_FRONTAL', () => {
  const quality = (yawDeg: number) => ({ faceWidthPx: 90, faceHeightPx: 110, sharpness: 80, brightness: 120, yawDeg, pitchDeg: 0, frontalness: 1, problems: ['FACE_NOT_FRONTAL' as const] });

  it('asks to turn only when the yaw is past the limit', () => {
    expect(describeQualityProblem('FACE_NOT_FRONTAL', quality(40), PORTRAIT_MINIMUMS)).toMatch(/^the face is not frontal \(yaw 40°, limit ±35°\)/);
  });

  it('says the detector was not confident when the yaw is within the limit (a stamp, a pattern, glare)', () => {
    expect(describeQualityProblem('FACE_NOT_FRONTAL', quality(-10.9), PORTRAIT_MINIMUMS)).toBe('what was found is not clearly a face (detector confidence below 0.85): face the camera in even light, or rescan the document');
  });
});
