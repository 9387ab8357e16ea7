import { typesOf } from './events-helpers';
import { frames, pulse, seededRandom } from './synthetic-face';

describe('SmileDetector', () => {
  it('reports a smile when a neutral face smiles and holds it', () => {
    const seq = frames(3000, (t) => {
      const s = Math.min(1, 2 * pulse(t, 1000, 1500));
      return { smile: s, happy: s * 0.98 };
    }, 15);
    expect(typesOf(seq)).toEqual(['smile']);
  });

  it('never reports a face that smiles from the first frame to the last (a photo of a smile)', () => {
    expect(typesOf(frames(4000, () => ({ smile: 1, happy: 0.99 }), 15))).toEqual([]);
  });

  it('ignores the one- and two-frame "happy" flickers face-api gives during speech', () => {
    const noise = seededRandom(11);
    const seq = frames(5000, () => (noise() < 0.15 ? { smile: 0.6, happy: 0.97 } : { happy: 0.02, mouthOpen: 0.2 * noise() }), 15);
    expect(typesOf(seq)).toEqual([]);
  });

  it('needs the mouth to widen too, not just a high "happy" score', () => {
    const seq = frames(3000, (t) => ({ happy: t > 1000 && t < 2500 ? 0.95 : 0 }), 15);
    expect(typesOf(seq)).toEqual([]);
  });
});

describe('MouthOpenDetector', () => {
  it('reports a mouth opened wide and held', () => {
    const seq = frames(3000, (t) => ({ mouthOpen: 0.7 * Math.min(1, 2 * pulse(t, 1000, 1200)) }), 15);
    expect(typesOf(seq)).toEqual(['mouth-open']);
  });

  it('accepts a moderately open mouth when face-api also sees surprise', () => {
    const seq = frames(3000, (t) => {
      const p = Math.min(1, 2 * pulse(t, 1000, 1200));
      return { mouthOpen: 0.42 * p, surprised: 0.9 * p };
    }, 15);
    expect(typesOf(seq)).toEqual(['mouth-open']);
  });

  it('does not count speech: syllables open the mouth briefly and not as wide', () => {
    const seq = frames(5000, (t) => ({ mouthOpen: 0.38 * Math.max(0, Math.sin(t / 60)) ** 2 }), 30);
    expect(typesOf(seq)).toEqual([]);
  });

  it('does not count a still face with parted lips and a "surprised" score', () => {
    const noise = seededRandom(5);
    expect(typesOf(frames(4000, () => ({ mouthOpen: 0.15 + 0.03 * noise(), surprised: 0.85 }), 15))).toEqual([]);
  });

  it('does not count a mouth that is open from the start', () => {
    expect(typesOf(frames(3000, () => ({ mouthOpen: 0.7 }), 15))).toEqual([]);
  });
});
