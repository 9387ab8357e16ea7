import { HeldGesture } from '../../../src/shared/liveness/held-gesture';

describe('HeldGesture', () => {
  it('counts a gesture held long enough after a rest, once', () => {
    const g = new HeldGesture<'left'>(100);
    expect(g.update(true, undefined, 0)).toBeUndefined();
    expect(g.update(false, 'left', 50)).toBeUndefined();
    expect(g.update(false, 'left', 149)).toBeUndefined();
    expect(g.update(false, 'left', 150)).toBe('left');
    // Still held: no second count until the face has rested again.
    expect(g.update(false, 'left', 400)).toBeUndefined();
    g.update(true, undefined, 500);
    g.update(false, 'left', 600);
    expect(g.update(false, 'left', 700)).toBe('left');
  });

  it('never counts without a rest first, as with a photo that shows the gesture throughout', () => {
    const g = new HeldGesture<true>(100);
    for (let t = 0; t < 5000; t += 33) expect(g.update(false, true, t)).toBeUndefined();
  });

  it('restarts the hold when the gesture changes kind or breaks off', () => {
    const g = new HeldGesture<'left' | 'right'>(100);
    g.update(true, undefined, 0);
    g.update(false, 'left', 10);
    expect(g.update(false, 'right', 90)).toBeUndefined();
    expect(g.update(false, 'right', 150)).toBeUndefined();
    expect(g.update(false, 'right', 190)).toBe('right');
    g.update(true, undefined, 200);
    g.update(false, 'left', 210);
    g.update(false, undefined, 250);
    expect(g.update(false, 'left', 300)).toBeUndefined();
  });

  it('forgets everything on reset', () => {
    const g = new HeldGesture<true>(100);
    g.update(true, undefined, 0);
    g.reset();
    expect(g.update(false, true, 10)).toBeUndefined();
    expect(g.update(false, true, 200)).toBeUndefined();
  });
});
