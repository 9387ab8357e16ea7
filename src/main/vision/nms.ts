import { boxArea, intersectionOverUnion, type Box } from '../../shared/geometry';

export interface ScoredBox {
  box: Box;
  score: number;
}

/** Share of the smaller box that lies inside the larger: 1 when one box contains the other. */
export function intersectionOverMinimum(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(boxArea(a), boxArea(b));
}

/**
 * Greedy non-maximum suppression: keeps the best-scoring box of every overlapping group.
 * A box mostly inside a better one is the same face too (the detector can box a tilted
 * face and its whole head at once, which IoU alone lets through).
 */
export function nonMaxSuppression<T extends ScoredBox>(candidates: T[], iouThreshold: number, containment = 0.75): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const c of sorted) {
    const duplicate = kept.some((k) => intersectionOverUnion(k.box, c.box) > iouThreshold || intersectionOverMinimum(k.box, c.box) > containment);
    if (!duplicate) kept.push(c);
  }
  return kept;
}

/** The face that matters: the largest, weighted by confidence. */
export function pickDominant<T extends ScoredBox>(boxes: T[]): T | undefined {
  let best: T | undefined;
  for (const b of boxes) if (!best || b.box.width * b.box.height * b.score > best.box.width * best.box.height * best.score) best = b;
  return best;
}
