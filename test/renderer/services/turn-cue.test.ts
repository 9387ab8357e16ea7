import { turnCueSide, turnDirectionOf } from '../../../src/renderer/services/turn-cue';

describe('the head-turn cue on the camera preview', () => {
  it('points to the customer\'s own side in the mirrored preview, as a mirror would', () => {
    expect(turnCueSide('turn-right', true)).toBe('right');
    expect(turnCueSide('turn-left', true)).toBe('left');
  });

  it('points to the other side of the screen in an unmirrored preview, where the camera swaps sides', () => {
    expect(turnCueSide('turn-right', false)).toBe('left');
    expect(turnCueSide('turn-left', false)).toBe('right');
  });

  it('is drawn for head turns only', () => {
    expect(turnDirectionOf('turn-right')).toBe('turn-right');
    expect(turnDirectionOf(' turn-left ')).toBe('turn-left');
    for (const other of ['smile', 'blink:2', 'mouth-open', undefined]) expect(turnDirectionOf(other)).toBeNull();
  });
});
