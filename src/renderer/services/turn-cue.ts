/**
 * Where on the screen a head-turn cue points. Challenges name the customer's own side
 * ("turn your head to your right"). The customer faces the screen, so their right is the
 * screen's right as they see it when the preview is mirrored (a mirror keeps sides), and
 * the screen's left when it is not (a camera's own view swaps them).
 */
export type TurnDirection = 'turn-left' | 'turn-right';
export type ScreenSide = 'left' | 'right';

export function turnCueSide(direction: TurnDirection, mirrored: boolean): ScreenSide {
  const own: ScreenSide = direction === 'turn-right' ? 'right' : 'left';
  if (mirrored) return own;
  return own === 'right' ? 'left' : 'right';
}

/** The head-turn direction of a recorded challenge name (`turn-left`, `turn-right`); null for any other challenge. */
export function turnDirectionOf(recordedChallenge: string | undefined): TurnDirection | null {
  const name = recordedChallenge?.trim();
  return name === 'turn-left' || name === 'turn-right' ? name : null;
}
