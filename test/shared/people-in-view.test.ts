import { isPersonInView, SECOND_PERSON_MIN_WIDTH_RATIO, widestFace } from '../../src/shared/people-in-view';

const face = (width: number) => ({ box: { x: 0, y: 0, width, height: width * 1.3 } });

describe('isPersonInView', () => {
  it('counts a face at least 40% of the customer\'s width as another person, a narrower one as background', () => {
    expect(SECOND_PERSON_MIN_WIDTH_RATIO).toBe(0.4);
    expect(isPersonInView(face(80), face(200))).toBe(true);
    expect(isPersonInView(face(79), face(200))).toBe(false);
    expect(isPersonInView(face(200), face(200))).toBe(true);
  });
});

describe('widestFace', () => {
  it('picks the widest face, the first of equals, and nothing from no faces', () => {
    const a = face(100);
    const b = face(140);
    const c = face(140);
    expect(widestFace([a, b, c])).toBe(b);
    expect(widestFace([])).toBeUndefined();
  });
});
