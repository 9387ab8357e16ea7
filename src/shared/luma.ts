/**
 * Luma of one RGB pixel, 0..255, with the ITU-R BT.601 weights JPEG's YCbCr uses. The one
 * formula behind main's grey crops and face quality and the renderer's face brightness, so
 * a brightness limit means the same on both sides.
 */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}
