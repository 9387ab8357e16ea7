import type { Box } from './geometry';

/**
 * A face at least this share of the customer's width is another person at the counter;
 * narrower faces are people far behind. The face check, main's selfie analysis and its
 * identity checks all apply this one rule (the liveness session has its own, stricter one).
 */
export const SECOND_PERSON_MIN_WIDTH_RATIO = 0.4;

/** Whether `face` is near enough to count as a person in view beside `customer`'s face. */
export function isPersonInView(face: { box: Box }, customer: { box: Box }): boolean {
  return face.box.width >= customer.box.width * SECOND_PERSON_MIN_WIDTH_RATIO;
}

/** The customer's face: the widest in view (the first of equals), or undefined for none. */
export function widestFace<T extends { box: Box }>(faces: readonly T[]): T | undefined {
  let widest: T | undefined;
  for (const f of faces) if (!widest || f.box.width > widest.box.width) widest = f;
  return widest;
}
