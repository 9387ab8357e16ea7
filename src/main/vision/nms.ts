import { intersectionOverUnion, type Box } from '../../shared/geometry';

export interface ScoredBox {
  box: Box;
  score: number;
}

/** Greedy non-maximum suppression: keeps the best-scoring box of every overlapping group. */
export function nonMaxSuppression<T extends ScoredBox>(candidates: T[], iouThreshold: number, limit = Infinity): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const c of sorted) {
    if (kept.length >= limit) break;
    if (kept.every((k) => intersectionOverUnion(k.box, c.box) <= iouThreshold)) kept.push(c);
  }
  return kept;
}
