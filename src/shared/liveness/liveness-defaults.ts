/**
 * Every threshold and timeout of the liveness logic, with the reason for its value.
 * Ratios come from face-geometry.ts; figures quoted were measured with face-api's tiny
 * face detector + 68-landmark net on hamilton_clip (cropped to a counter-webcam view,
 * 640x480) and on a hand-held still of the same man (see docs/liveness.md).
 */
export const LIVENESS_DEFAULTS = {
  // ---- smoothing -------------------------------------------------------------------
  /**
   * Time constant of the exponential smoothing of yaw, mouth and expression scores.
   * face-api's per-frame expression scores flicker (happy 0.02 -> 0.97 -> 0.02 on
   * consecutive frames of speech); 120 ms damps one-frame flickers at 10-30 fps while a
   * deliberate gesture (held for a few hundred ms) still gets through.
   */
  smoothingTauMs: 120,

  // ---- blink -----------------------------------------------------------------------
  /** The open-eye baseline is a high percentile of the eye aspect ratio over this window, so blinks do not drag it down. */
  eyeBaselineWindowMs: 3000,
  /** Percentile of recent EAR taken as "eyes open": above the median so blinks do not count, below the max so one bad frame does not. */
  eyeBaselinePercentile: 0.75,
  /** Frames needed before the baseline is trusted; until then no blink can count. */
  eyeBaselineMinFrames: 5,
  /**
   * Both eyes' mean EAR must fall below this fraction of the baseline: a real closure
   * roughly halves the EAR (0.30 -> 0.15), while squinting, a drowsy half-closed lid or
   * the jitter that glasses frames and reflections add stay above 0.7 of it.
   */
  eyeClosedRatio: 0.6,
  /** And each eye on its own must be below this, so a glare on one lens is not a blink. */
  eyeClosedRatioEachEye: 0.7,
  /** The eyes count as reopened above this fraction: hysteresis against flicker at the threshold. */
  eyeReopenedRatio: 0.8,
  /** A closure longer than this is eyes kept shut, not a blink. Slow deliberate blinks last 400-800 ms. */
  blinkMaxClosedMs: 1200,
  /** Beyond this yaw ratio the far eye is foreshortened and its EAR meaningless; such frames are skipped. */
  blinkMaxYawRatio: 0.4,

  /**
   * With main's eye-state classifier (P(closed) per eye, src/main/vision/eye-state.ts): an
   * eye is closed at this probability or more. In the annotated blinks both eyes read
   * 0.95-1.00 for 2-4 frames; eyes glancing sideways, narrowed in a smile or behind glasses
   * flicker to 0.5-0.7 on single frames. Measured with bench/liveness-gestures.mjs on the
   * 8 blink-annotated clips (docs/liveness.md): 0.5 found 12 of 14 blinks with 6 false ones
   * (6.2/min), 0.7 11 with 3 false, 0.8 11 with none, 0.9 10 with none.
   */
  eyeClosedMinProbability: 0.8,
  /**
   * Eyes count as open at this probability: both below it arm the counter (seen open before a
   * closure); a closure ends when neither eye still reads closed (eyeClosedMinProbability) and
   * the pair's mean is below it, since one eye often lags the lids by a frame or two as they
   * reopen (lp_d9 18.47 s: 0.62 and 0.89 on one eye while the other reads 0.01; waiting for
   * both below it ran the blink past closureBlinkMaxClosedMs). 0.3-0.7 measured alike.
   */
  eyeOpenMaxProbability: 0.5,
  /**
   * A classifier closure longer than this is not a blink but eyes kept shut. The annotated
   * blinks last 70-450 ms (lp_d9 blinks slowly: 330 and 430 ms); at 0.8, 400 ms found 20 of
   * 26, 500 ms 21, 600 ms 22 with no false blink, 700 ms 22 with 2 false (eyes lowered).
   */
  closureBlinkMaxClosedMs: 600,

  // ---- head turn -------------------------------------------------------------------
  /**
   * Smoothed yaw ratio a turn must reach. The ratio is roughly sin(yaw) (the nose moves
   * across a face whose outline stays put), so 0.3 is about 17 degrees. On hamilton_clip the
   * deliberate turn reaches 0.35-0.5; events.csv's turns reach 0.55-0.85 (apfol) and 0.4-0.6
   * (tranvanluyt); talking with small head movements stays within +-0.25.
   */
  turnMinYawRatio: 0.3,
  /**
   * Near-frontal: the pose a turn starts from. 0.25, FRONTAL_MAX_YAW_RATIO (under 15 degrees):
   * apfol, lit from one side, reads -0.16 to -0.30 while looking at the camera, so 0.15 (the
   * value before real clips were measured) missed his first turn.
   */
  turnFrontalMaxYawRatio: 0.25,
  /**
   * How far the smoothed yaw must swing from a near-frontal pose of the last
   * turnSwingWindowMs. A deliberate turn swings 0.4-0.9 within a second; a face that reads
   * -0.1 while frontal and -0.35 while talking to one side (apfol 5-6 s, lp_d3 8.5 s) swings
   * less. Measured with bench/liveness-gestures.mjs (docs/liveness.md).
   */
  turnMinSwing: 0.3,
  /** The near-frontal pose a turn swings from must be this recent: a turn takes well under a second. */
  turnSwingWindowMs: 1500,
  /** The turned pose must be held this long, so a one-frame landmark glitch is not a turn. */
  turnHoldMs: 120,

  // ---- smile -----------------------------------------------------------------------
  /** face-api's "happy" score (smoothed) a smile must reach. */
  smileMinHappy: 0.7,
  /** The face must first be seen not smiling (happy below this), so a photo of a smiling face cannot pass. */
  smileRestMaxHappy: 0.3,
  /** A smile also widens the mouth: corner distance at least this multiple of the neutral width. */
  smileMinWidening: 1.08,
  /** Held this long: speech makes "happy" flicker for one or two frames. */
  smileHoldMs: 300,

  // ---- mouth open ------------------------------------------------------------------
  /**
   * Inner-lip gap over interocular distance a wide-open mouth reaches (speech peaks at ~0.35
   * for a single frame). face-api's landmarks close the lips on real faces: lp_d3's mouth
   * wide open in surprise for 1.8 s measures 0.28-0.36, lp_d10's 0.30-0.55. On the 13
   * liveness-dev clips (bench/liveness-gestures.mjs), 0.35 found 2 of 6 annotated open
   * mouths, 0.3 found 4 with no false one (0.25: 4 and one false).
   */
  mouthOpenMin: 0.3,
  /** Above this gap the geometry alone is enough; between mouthOpenMin and this, face-api must also see surprise. */
  mouthOpenSure: 0.5,
  /** face-api's "surprised" score that confirms a moderately open mouth. */
  mouthOpenMinSurprised: 0.5,
  /** The mouth must first be seen closed (gap below this); a still with parted lips measured 0.13-0.17. */
  mouthRestMax: 0.2,
  /** Held this long, longer than a spoken syllable. */
  mouthOpenHoldMs: 250,

  // ---- session ---------------------------------------------------------------------
  /** A face missing for longer than this fails the session: "a moment" covers a detector miss on a turned head. */
  faceLostMaxMs: 600,
  /** A second face must be seen this long to fail the session, so a one-frame false detection does not. */
  secondFaceMinMs: 200,
  /** Faces narrower than this fraction of the customer's are ignored: far in the background or detector noise. */
  secondFaceMinRelativeWidth: 0.25,
  /** Time for one challenge that is not a blink. */
  challengeTimeoutMs: 7000,
  /** Time for a blink challenge: a base plus a per-blink allowance. */
  blinkTimeoutBaseMs: 4000,
  blinkTimeoutPerBlinkMs: 1500,
  /** Fewest and most blinks a drawn challenge asks for. */
  minBlinks: 2,
  maxBlinks: 4,
  /** Challenges per session. */
  challengesPerSession: 3,
} as const;

/**
 * face-api's tiny face detector as every liveness tracker runs it (the renderer's camera
 * tracker and `ekyc liveness` in Node), so the thresholds above, measured with it, hold for
 * both. Input size (a multiple of 32), measured on hamilton_clip cropped to 640x480 at 15 fps
 * (2 shared cores): 224 -> 27 ms/frame in Node, 320 -> 34, 416 -> 48, and 224 found the face
 * in as many frames (66/120 vs 65 and 61); in headless Chromium 224 ran at 38 frames/s and
 * 320 at 20 (docs/station.md). A counter customer's face is large in the frame, which is what
 * the small input size is good at. A score of 0.4, not face-api's default 0.5, which misses
 * turned heads.
 */
export const FACE_TRACKER_SETTINGS = { inputSize: 224, scoreThreshold: 0.4 } as const;

/**
 * |yaw ratio| (face-geometry's yawRatio) of a face looking at the camera: the face check
 * guides the customer within it, and only frames within it go to main for the identity
 * check during the challenges, since the selfie they are matched against was taken within
 * it. Speaking moves the head by up to ~0.25 on hamilton_clip; 0.25 (under 20 degrees) is
 * inside main's 25-degree selfie limit.
 */
export const FRONTAL_MAX_YAW_RATIO = 0.25;

export type LivenessSettings = { -readonly [K in keyof typeof LIVENESS_DEFAULTS]: (typeof LIVENESS_DEFAULTS)[K] extends number ? number : never };
