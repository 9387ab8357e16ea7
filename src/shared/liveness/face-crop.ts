/**
 * The grey face crop the renderer sends with every landmark frame, so main can read the
 * eyes with its eye-state classifier (src/main/vision/eye-state.ts, 24x24 per eye) without
 * a full camera frame 15-30 times a second. Both sides compute the crop's square from the
 * same landmarks with this function: the page cannot choose which pixels main classifies
 * apart from the landmarks it reports.
 *
 * Size: the square is 1.3 times the landmarks' larger extent, FACE_CROP_SIDE pixels on a
 * side, so an eye (about a fifth of the face's width, cropped 1.6 times its width) spans
 * about 60 pixels of the crop, which the classifier's own crop scales to 24. 256, not 128:
 * the eyes are resampled twice (frame to face crop, face crop to 24x24), and the classifier
 * is sensitive to how its crop is sampled; on liveness-dev's annotated blinks at 30 fps, 128
 * gave 3 false blinks where the camera frame itself gives none, 256 gave 1 (docs/liveness.md).
 * 64 KB a frame, 2 MB/s at 30 fps, on the page-to-main channel.
 */
import type { Box, Point } from '../geometry';
import { luma } from '../luma';

export const FACE_CROP_SIDE = 256;
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

/** Pixels as both sides hold them: RGBA from a canvas in the page, RGB from a decoded frame in main. */
export interface PixelImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Where `PixelImage` lies in the camera frame: the page reads only the pixels the crop needs. */
export interface FrameRegion {
  x: number;
  y: number;
  frameWidth: number;
  frameHeight: number;
}

// Module constants for the per-pixel loop: a global lookup per pixel is slow under jest.
const { ceil, floor, max, min, round } = Math;

/** Pure: the whole-pixel rectangle of a `frameWidth` x `frameHeight` frame that cutFaceCrop reads for `box`. */
export function faceCropReadRegion(box: Box, frameWidth: number, frameHeight: number): { x: number; y: number; width: number; height: number } {
  const x = max(0, min(frameWidth - 2, floor(box.x) - 1));
  const y = max(0, min(frameHeight - 2, floor(box.y) - 1));
  const right = max(x + 2, min(frameWidth, ceil(box.x + box.width) + 2));
  const bottom = max(y + 2, min(frameHeight, ceil(box.y + box.height) + 2));
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * Pure: whether an `imageWidth` x `imageHeight` image lying at `region` of the frame holds every
 * pixel cutFaceCrop reads for `box` (its faceCropReadRegion).
 */
export function holdsFaceCrop(imageWidth: number, imageHeight: number, region: FrameRegion, box: Box): boolean {
  const need = faceCropReadRegion(box, region.frameWidth, region.frameHeight);
  return need.x >= region.x && need.y >= region.y && need.x + need.width <= region.x + imageWidth && need.y + need.height <= region.y + imageHeight;
}

/**
 * Pure: the grey face crop of `box` (frame pixels), `side` x `side` bytes, row-major: the luma
 * (src/shared/luma.ts) sampled bilinearly at each crop pixel's centre; black where the square
 * leaves the frame. `image` is the whole frame, or the part of it faceCropReadRegion names
 * (`region` says where). The page cuts the crop it sends with this and `ekyc liveness` cuts a
 * recording's the same way, so main's eye-state classifier reads the same pixels from a live
 * session and from its recording (the classifier is sensitive to how its crop is sampled:
 * docs/liveness.md).
 */
export function cutFaceCrop(image: PixelImage, box: Box, side = FACE_CROP_SIDE, region: FrameRegion = { x: 0, y: 0, frameWidth: image.width, frameHeight: image.height }): Uint8Array {
  const { data, width: iw, height: ih, channels: c } = image;
  const { frameWidth: w, frameHeight: h } = region;
  if (w < 2 || h < 2 || data.length < iw * ih * c) throw new RangeError(`face crop: a ${iw}x${ih} image of ${c} channels needs ${iw * ih * c} bytes, got ${data.length}, in a frame of at least 2x2 pixels (${w}x${h})`);
  if (!holdsFaceCrop(iw, ih, region, box)) {
    const need = faceCropReadRegion(box, w, h);
    throw new RangeError(`face crop: the image (${iw}x${ih} at ${region.x},${region.y}) does not hold frame rows ${need.y}-${need.y + need.height - 1} and columns ${need.x}-${need.x + need.width - 1}, which the square needs`);
  }
  const out = new Uint8Array(side * side);
  const scale = box.width / side;
  const lumaAt = (k: number): number => luma(data[k], data[k + 1], data[k + 2]);
  for (let j = 0; j < side; j++) {
    const y = box.y + (j + 0.5) * scale - 0.5;
    if (y < 0 || y > h - 1) continue;
    const yi = min(h - 2, floor(y));
    const fy = y - yi;
    const row = yi - region.y;
    for (let i = 0; i < side; i++) {
      const x = box.x + (i + 0.5) * scale - 0.5;
      if (x < 0 || x > w - 1) continue;
      const xi = min(w - 2, floor(x));
      const fx = x - xi;
      const col = xi - region.x;
      const k = (row * iw + col) * c;
      const top = lumaAt(k) * (1 - fx) + lumaAt(k + c) * fx;
      const bottom = lumaAt(k + iw * c) * (1 - fx) + lumaAt(k + iw * c + c) * fx;
      out[j * side + i] = round(top * (1 - fy) + bottom * fy);
    }
  }
  return out;
}
