import { toTrackedFace } from '../../../src/shared/liveness/landmark-frame';

describe('toTrackedFace', () => {
  it('copies box, landmarks, the seven expressions and the score out of a face-api result', () => {
    const expressions = { neutral: 0.1, happy: 0.7, sad: 0, angry: 0, fearful: 0, disgusted: 0, surprised: 0.2 };
    const detection = {
      detection: { box: { x: 1, y: 2, width: 30, height: 40, area: 1200 }, score: 0.93, imageWidth: 640 },
      landmarks: { positions: Array.from({ length: 68 }, (_, i) => ({ x: i, y: i * 2, _internal: true })) },
      expressions: { ...expressions, asSortedArray: () => [] },
    };
    const face = toTrackedFace(detection);
    expect(face).toEqual({ box: { x: 1, y: 2, width: 30, height: 40 }, landmarks: expect.any(Array), expressions, detectionScore: 0.93 });
    expect(face.landmarks[67]).toEqual({ x: 67, y: 134 });
    // Plain data only: nothing of face-api's classes travels on.
    expect(JSON.parse(JSON.stringify(face))).toEqual(face);
  });
});
