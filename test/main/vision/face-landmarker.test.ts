/** The landmark model's postprocessing: crop-relative pairs to image points. */
import { landmarksFromOutput } from '../../../src/main/vision/face-landmarker';

describe('landmarksFromOutput', () => {
  it('places each x, y pair, relative to the crop, in the box it was cut from', () => {
    // Point i at (i % 4 quarters, floor(i / 4) sixteenths) of the crop.
    const output = new Float32Array(136);
    for (let i = 0; i < 68; i++) {
      output[i * 2] = (i % 4) / 4;
      output[i * 2 + 1] = Math.floor(i / 4) / 16;
    }
    const points = landmarksFromOutput(output, { x: 10, y: 20, width: 64, height: 32 });
    expect(points).toHaveLength(68);
    expect(points[0]).toEqual({ x: 10, y: 20 });
    expect(points[5]).toEqual({ x: 10 + 16, y: 20 + 2 });
    expect(points[67]).toEqual({ x: 10 + 48, y: 20 + 32 });
  });
});
