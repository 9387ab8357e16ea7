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
  /** Allowed change between consecutive frames: a fixed part for landmark jitter, plus a part growing with the time between them. */
  stepShiftBase: 0.35,
  stepShiftPerSecond: 8,
  stepScaleBase: 0.12,
  stepScalePerSecond: 2,
  stepYawBase: 0.25,
  stepYawPerSecond: 4,
  stepShapeBase: 0.08,
  stepShapePerSecond: 1,

  // ---- gestures --------------------------------------------------------------------
  /** A turn's two-plane homography residual (frontal -> turned, over interocular distance) must reach this. */
  turnMinParallax: 0.05,
  /** Lip motion against the skull's homography, rest -> gesture, over interocular distance. */
  smileMinLipDeformation: 0.04,
  mouthOpenMinLipDeformation: 0.08,
  /** During a blink's closure the face's vertical proportion must stay above this fraction of the seconds before. */
  blinkMinProportion: 0.8,
  /** The closure window before a blink event, and the baseline window before that. */
  blinkWindowMs: 700,
  blinkBaselineMs: 1500,
} as const;
