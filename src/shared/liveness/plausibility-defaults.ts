/**
 * Bounds of the plausible-face checks (face-plausibility.ts, gesture-evidence.ts), in the
 * face's own units (interocular distances, ratios). Measured with face-api's tiny landmark
 * net on the 13 liveness-dev clips and hamilton_clip (real faces) and on the generated
 * attacks of bench/liveness-attacks.mjs; docs/liveness.md has the figures.
 */
export const PLAUSIBILITY_DEFAULTS = {
  // ---- one frame -------------------------------------------------------------------
  /** Mouth-corner distance over interocular distance: about 0.8-1.0 neutral, 1.3 in a broad smile, more when the head is turned (the eyes foreshorten first). */
  maxMouthWidthRatio: 3,
  minMouthWidthRatio: 0.3,
  /** Mouth below the eye line, over the interocular distance: about 1.0-1.2 frontal, up to ~2.5 for a head turned 60 degrees. */
  minEyeToMouth: 0.3,
  maxEyeToMouth: 4,
  /** Slack for the top-to-bottom order eyes, nose base, mouth, chin. */
  orderTolerance: 0.15,
  /** Jaw end to jaw end over interocular distance: about 2 frontal. */
  maxJawSpan: 5,

  // ---- frame to frame --------------------------------------------------------------
  /**
   * Allowed change between consecutive frames: a fixed part for landmark jitter plus a part
   * growing with the time between them. face-api's landmarks glitch on real faces (lp_d12,
   * laughing: the face centre jumps 0.9-1.1 eye distances in 33-67 ms and comes back; apfol
   * after missed frames: shape 0.31, yaw 0.72 over 233 ms), so only gross cuts stay beyond
   * these: a second photo framed differently (another place or size in the frame). A second
   * photo aligned with the first (same framing) is within them: at the swap the generated
   * attacks moved 0.50 (centre), 0.30 (yaw), 0.12-0.14 (shape), which real clips exceed.
   */
  stepShiftBase: 0.8,
  stepShiftPerSecond: 8,
  stepScaleBase: 0.12,
  stepScalePerSecond: 3,
  stepYawBase: 0.5,
  stepYawPerSecond: 4,
  stepShapeBase: 0.13,
  stepShapePerSecond: 1.2,
  /**
   * Shape change allowed per unit of yaw-ratio change in the same step. A head turning is a
   * rotation in depth, which no similarity of the picture undoes: the rigid points' shape
   * changes with the turn, not with the time. On liveness-dev's 13 clips (face-api in Node,
   * every pair of frames 33-500 ms apart) the worst step used 0.97 of the shape bound without
   * this term (krzysiek turning, frames 95 -> 101, 200 ms: shape 0.36, yaw 0.78), so Chromium's
   * slightly different landmarks crossed it in the E2E whenever its tracker slowed under load
   * ("the face jumped between frames" during a turn); with it the worst uses 0.68. Yaw keeps
   * its own bound, so this adds at most 0.15 at 15 frames/s, and a swap of aligned photos
   * stayed within the shape bound anyway (0.12-0.14 against 0.21).
   */
  stepShapePerYaw: 0.2,

  // ---- gestures --------------------------------------------------------------------
  /**
   * A turn's two-plane homography residual (frontal -> turned, over interocular distance)
   * must reach this. Annotated real turns found (apfol, krzysiek, tranvanluyt) measured
   * 0.031-0.075 and a folded print turned +-35 degrees 0.028-0.029 at its turn event, a thin
   * margin (0.045 lost tranvanluyt's turn at 0.031); and
   * face-api's landmarks do not follow a print's pixels projectively (the net fits a face
   * shape to the foreshortened picture), so between arbitrary frames of a swung print the
   * residual reaches 0.06-0.10: this bound refuses the flat turns measured, not every one possible.
   */
  turnMinParallax: 0.03,
  /**
   * Lip motion against the skull's homography, rest -> gesture, over interocular distance.
   * Real smiles found measured 0.015-0.124, real open mouths 0.083-0.207; between frames of a
   * swung print face-api's lips move 0.03-0.16 with no gesture, so the smile bound only
   * refuses a print moved without any landmark change, and the mouth bound a part of them.
   */
  smileMinLipDeformation: 0.012,
  /**
   * |log| of the change of the face's vertical proportion (nose base below the eye line over
   * the eye distance) at a smile or an open mouth, against the rest frame and against the
   * median of the last 2.2 s. The real smiles and open mouths found on liveness-dev changed
   * it by 0.00-0.21 (the largest: lp_d3's mouth wide open in surprise); a print swung 60
   * degrees whose landmarks faked an open mouth or a smile, by 0.32-0.38.
   */
  expressionMaxProportionChange: 0.25,
  mouthOpenMinLipDeformation: 0.075,
  /**
   * During a blink's closure the face's vertical proportion (nose base below the eye line,
   * over the eye distance) must stay above this fraction of the seconds before. The real
   * blinks reported on liveness-dev kept 0.89-1.01 of it; a print tipped back 60 degrees 0.73.
   */
  blinkMinProportion: 0.8,
  /** The closure window before a blink event, and the baseline window before that. */
  blinkWindowMs: 700,
  blinkBaselineMs: 1500,
} as const;
