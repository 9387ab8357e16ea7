/**
 * The grey face crop the renderer sends with every landmark frame, so main can read the
 * eyes with its eye-state classifier (src/main/vision/eye-state.ts, 24x24 per eye) without
 * a full camera frame 15-30 times a second. Both sides compute the crop's square from the
 * same landmarks with this function: the page cannot choose which pixels main classifies
 * apart from the landmarks it reports.
 *
 * Size: the square is 1.3 times the landmarks' larger extent, FACE_CROP_SIDE pixels on a
 * side, so an eye (about a fifth of the face's width, cropped 1.6 times its width) spans
 * about 30 pixels of the crop: more than the classifier's 24.
 */
import type { Box, Point } from '../geometry';

export const FACE_CROP_SIDE = 128;
const FACE_CROP_SCALE = 1.3;

/** Pure: the square of the frame the face crop covers (may reach outside the frame: black there). */
export function faceCropBox(landmarks: readonly Point[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of landmarks) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  const side = Math.max(2, Math.max(maxX - minX, maxY - minY) * FACE_CROP_SCALE);
  return { x: (minX + maxX) / 2 - side / 2, y: (minY + maxY) / 2 - side / 2, width: side, height: side };
}

/** The landmarks in the crop's pixels. */
export function landmarksInCrop(landmarks: readonly Point[], box: Box, side = FACE_CROP_SIDE): Point[] {
  const s = side / box.width;
  return landmarks.map((p) => ({ x: (p.x - box.x) * s, y: (p.y - box.y) * s }));
}
