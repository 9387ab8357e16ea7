/**
 * What the customer is told about the live picture, and when the picture is taken: the
 * guidance follows from one tracked frame; the capture waits for a steady, good face.
 */
import { CONFIRM_FRAMES, ENTER_LIMITS, GuidanceFilter, guidanceFor, MANUAL_CAPTURE_WAIT_MS, ManualCaptureRequest, MIN_MESSAGE_MS, STAY_LIMITS, SteadyFaceTimer, type Guidance } from '../../../src/renderer/services/face-guidance';
import { SELFIE_MINIMUMS } from '../../../src/shared/defaults';
import { translator } from '../../../src/shared/messages/translator';

const GUIDANCE_TEXT = (g: Guidance) => translator('en').t(`guidance.${g}`);
const GUIDANCES: Guidance[] = ['no-face', 'several-faces', 'move-closer', 'move-back', 'more-light', 'less-light', 'look-straight', 'centre-face', 'hold-still', 'ok'];
import type { TrackedFrame } from '../../../src/renderer/services/face-tracker';
import { syntheticFace, type FacePose } from '../../shared/liveness/synthetic-face';

/** A customer at a counter webcam: face about a third of a 640x480 frame, centred, frontal, lit. */
const AT_THE_COUNTER: FacePose = { scale: 100, cx: 320, cy: 220 };

function frame(poses: FacePose[], options: { timeMs?: number; brightness?: number | null } = {}): TrackedFrame {
  return {
    index: 0,
    timeMs: options.timeMs ?? 0,
    frameWidth: 640,
    frameHeight: 480,
    faces: poses.map(syntheticFace),
    faceBrightness: options.brightness === undefined ? (poses.length ? 130 : null) : options.brightness,
  };
}

const customer = (pose: FacePose = {}, options: { timeMs?: number; brightness?: number | null } = {}) => frame([{ ...AT_THE_COUNTER, ...pose }], options);

describe('guidanceFor: what to tell the customer', () => {
  it('is satisfied with one frontal, centred, well-lit face at counter distance', () => {
    expect(guidanceFor(customer())).toBe('ok');
  });

  it('asks the customer to look into the camera when no face is seen', () => {
    expect(guidanceFor(frame([]))).toBe('no-face');
  });

  it('asks for only one person when a second face of comparable size is in view', () => {
    expect(guidanceFor(frame([AT_THE_COUNTER, { scale: 80, cx: 520, cy: 220 }]))).toBe('several-faces');
  });

  it('ignores a small face far behind the customer', () => {
    expect(guidanceFor(frame([AT_THE_COUNTER, { scale: 25, cx: 580, cy: 80 }]))).toBe('ok');
  });

  it('asks to move closer when the face is small, and back when it fills the picture', () => {
    expect(guidanceFor(customer({ scale: 45 }))).toBe('move-closer');
    expect(guidanceFor(customer({ scale: 240 }))).toBe('move-back');
  });

  it('asks to centre the face when it sits at the edge of the picture', () => {
    expect(guidanceFor(customer({ cx: 130 }))).toBe('centre-face');
    expect(guidanceFor(customer({ cy: 400, scale: 80 }))).toBe('centre-face');
  });

  it('asks for more light on a dark face and warns about glare on a bright one', () => {
    expect(guidanceFor(customer({}, { brightness: 35 }))).toBe('more-light');
    expect(guidanceFor(customer({}, { brightness: 235 }))).toBe('less-light');
    expect(guidanceFor(customer({}, { brightness: 60 }))).toBe('ok');
  });

  it('does not judge the light when the tracker could not measure it', () => {
    expect(guidanceFor(customer({}, { brightness: null }))).toBe('ok');
  });

  it('asks to look straight when the head is turned, either way, but tolerates the sway of speech', () => {
    expect(guidanceFor(customer({ yawDeg: 35 }))).toBe('look-straight');
    expect(guidanceFor(customer({ yawDeg: -35 }))).toBe('look-straight');
    expect(guidanceFor(customer({ yawDeg: 8 }))).toBe('ok');
  });

  it('tells the most basic problem first: distance before centring before light before pose', () => {
    expect(guidanceFor(customer({ scale: 45, cx: 100, yawDeg: 35 }, { brightness: 20 }))).toBe('move-closer');
    expect(guidanceFor(customer({ cx: 120, yawDeg: 35 }, { brightness: 20 }))).toBe('centre-face');
    expect(guidanceFor(customer({ yawDeg: 35 }, { brightness: 20 }))).toBe('more-light');
  });

  it('words every guidance as a plain instruction', () => {
    const expected: Partial<Record<Guidance, RegExp>> = {
      'move-closer': /move closer/i,
      'more-light': /more light/i,
      'look-straight': /look straight/i,
      'several-faces': /only one person/i,
      'no-face': /look into the camera/i,
    };
    for (const [guidance, text] of Object.entries(expected)) expect(GUIDANCE_TEXT(guidance as Guidance)).toMatch(text!);
    for (const text of GUIDANCES.map(GUIDANCE_TEXT)) expect(text).not.toMatch(/[A-Z_]{4,}|-/);
  });
});

describe('SteadyFaceTimer: capture once a good face has been held steady', () => {
  const HOLD_MS = 800;
  /** Good frames at 25 fps from `fromMs` to `toMs`, the face moved by `dx(t)` pixels. */
  function hold(timer: SteadyFaceTimer, fromMs: number, toMs: number, dx: (t: number) => number = () => 0): number {
    let held = 0;
    for (let t = fromMs; t <= toMs; t += 40) {
      const f = customer({ cx: 320 + dx(t) }, { timeMs: t });
      held = timer.push(f, guidanceFor(f));
    }
    return held;
  }

  it('counts the time a good face has been held and is ready after the hold time', () => {
    const timer = new SteadyFaceTimer(HOLD_MS);
    expect(hold(timer, 0, 400)).toBe(400);
    expect(timer.ready(400, 'ok')).toBe(false);
    const held = hold(timer, 440, 840);
    expect(held).toBe(840);
    expect(timer.ready(held, 'ok')).toBe(true);
  });

  it('is never ready on a frame whose guidance is not ok, however long the hold', () => {
    const timer = new SteadyFaceTimer(HOLD_MS);
    expect(timer.ready(hold(timer, 0, 2000), 'look-straight')).toBe(false);
  });

  it('tolerates a brief glitch (a blink, a landmark slip) without restarting the hold', () => {
    const timer = new SteadyFaceTimer(HOLD_MS);
    hold(timer, 0, 400);
    for (let t = 440; t <= 600; t += 40) expect(timer.push(customer({ yawDeg: 40 }, { timeMs: t }), 'look-straight')).toBe(400);
    expect(hold(timer, 640, 840)).toBe(840);
  });

  it('starts over when the picture stays bad for more than half a second', () => {
    const timer = new SteadyFaceTimer(HOLD_MS);
    hold(timer, 0, 600);
    for (let t = 640; t <= 1240; t += 40) timer.push(frame([], { timeMs: t }), 'no-face');
    expect(hold(timer, 1280, 1680)).toBe(400);
  });

  it('ignores detector jitter of a few pixels but starts over when the face drifts away', () => {
    const jittery = new SteadyFaceTimer(HOLD_MS);
    expect(hold(jittery, 0, 880, (t) => ((t / 40) % 2 === 0 ? 6 : -6))).toBe(880);

    const drifting = new SteadyFaceTimer(HOLD_MS);
    // 90 px/s: after ~0.7 s the face is 0.3 face widths (60 px) from where the hold began.
    const held = hold(drifting, 0, 1200, (t) => (t * 90) / 1000);
    expect(held).toBeLessThan(HOLD_MS);
  });

  it('forgets the hold on reset', () => {
    const timer = new SteadyFaceTimer(HOLD_MS);
    hold(timer, 0, 600);
    timer.reset();
    expect(hold(timer, 640, 840)).toBe(200);
    expect(timer.holdDurationMs).toBe(HOLD_MS);
  });
});

describe('GuidanceFilter: guidance that does not flicker', () => {
  const FRAME_MS = 1000 / 15;
  /** Runs frames at 15 fps from `fromMs` for `ms`, the head's yaw at `yaw(t)` degrees; returns what was shown and judged per frame. */
  function run(filter: GuidanceFilter, fromMs: number, ms: number, yaw: (t: number, i: number) => number) {
    const out: { t: number; shown: Guidance; current: Guidance }[] = [];
    let i = 0;
    for (let t = fromMs; t < fromMs + ms; t += FRAME_MS, i++) out.push({ t, ...filter.push(customer({ yawDeg: yaw(t, i) }, { timeMs: t })) });
    return out;
  }
  const changes = (shown: Guidance[]) => shown.filter((g, i) => i > 0 && g !== shown[i - 1]).length;

  it('keeps an ok face ok while the head sways just past the frontal limit, where a face not yet ok is asked to look straight', () => {
    // 15 degrees: over the limit to become ok (0.25), under the one to stay ok.
    expect(guidanceFor(customer({ yawDeg: 15 }))).toBe('look-straight');
    const settled = new GuidanceFilter();
    run(settled, 0, 1500, () => 0);
    const swaying = run(settled, 1500, 3000, (_t, i) => (i % 2 === 0 ? 11 : 15));
    expect(new Set(swaying.map((f) => f.current))).toEqual(new Set(['ok']));

    const fresh = new GuidanceFilter();
    expect(run(fresh, 0, 2000, () => 15).at(-1)).toMatchObject({ current: 'look-straight', shown: 'look-straight' });
  });

  it('does not show a message called for by single frames: a head flicking between frontal and turned keeps "Hold still"', () => {
    const filter = new GuidanceFilter();
    run(filter, 0, 1500, () => 0);
    const flicking = run(filter, 1500, 4000, (_t, i) => (i % 2 === 0 ? 0 : 30));
    // The frames themselves alternate; what the customer reads does not.
    expect(changes(flicking.map((f) => f.current))).toBeGreaterThan(50);
    expect(changes(flicking.map((f) => f.shown))).toBe(0);
    expect(flicking.at(-1)!.shown).toBe('ok');
  });

  it('follows a real change once it has been called for by CONFIRM_FRAMES frames in a row', () => {
    const filter = new GuidanceFilter();
    // "Hold still" has been up long enough to be read: a turn is shown after CONFIRM_FRAMES frames.
    run(filter, 0, 3000, () => 0);
    const turned = run(filter, 3000, 1000, () => 35);
    expect(turned.findIndex((f) => f.shown === 'look-straight')).toBe(CONFIRM_FRAMES - 1);
  });

  it('keeps each message up at least MIN_MESSAGE_MS, so it can be read', () => {
    const filter = new GuidanceFilter();
    // A brief turn is shown, then the customer faces the camera again at once: "Look straight" still stays up its time.
    const frames = [...run(filter, 0, 3000, () => 0), ...run(filter, 3000, 400, () => 35), ...run(filter, 3400, 3000, () => 0)];
    const shownAt = frames.filter((f, i) => i > 0 && f.shown !== frames[i - 1].shown).map((f) => f.t);
    expect(shownAt.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < shownAt.length; i++) expect(shownAt[i] - shownAt[i - 1]).toBeGreaterThanOrEqual(MIN_MESSAGE_MS);
  });

  it('widens only within main\'s selfie minimums, which stay the judge of the capture', () => {
    expect(STAY_LIMITS.minBrightness).toBeGreaterThanOrEqual(SELFIE_MINIMUMS.minBrightness);
    expect(STAY_LIMITS.maxBrightness).toBeLessThanOrEqual(SELFIE_MINIMUMS.maxBrightness);
    expect(STAY_LIMITS.minFaceShare * 640).toBeGreaterThanOrEqual(SELFIE_MINIMUMS.minFacePx);
    expect(STAY_LIMITS.maxYawRatio).toBeGreaterThan(ENTER_LIMITS.maxYawRatio);
    // 0.32 is about 17 degrees of yaw, under main's 25.
    expect(guidanceFor(customer({ yawDeg: 24 }), STAY_LIMITS)).toBe('look-straight');
  });

  it('starts over on reset', () => {
    const filter = new GuidanceFilter();
    run(filter, 0, 2000, () => 0);
    filter.reset();
    expect(filter.shown).toBe('no-face');
  });
});

describe('ManualCaptureRequest: "Take the picture now"', () => {
  it('takes nothing until the operator asks', () => {
    expect(new ManualCaptureRequest().push(customer())).toBe(false);
  });

  it('overrides the page\'s framing advice: a face off to the side, small or unsteady is taken at once if it looks straight', () => {
    for (const pose of [{ cx: 560 }, { scale: 45 }]) {
      const request = new ManualCaptureRequest();
      request.arm();
      expect(guidanceFor(customer(pose))).not.toBe('ok');
      expect(request.push(customer(pose))).toBe(true);
      expect(request.armed).toBe(false);
    }
  });

  it('waits for the customer to look straight, since main refuses a turned face, and takes that frame', () => {
    const request = new ManualCaptureRequest();
    request.arm();
    expect(request.push(customer({ cx: 560, yawDeg: 35 }, { timeMs: 1000 }))).toBe(false);
    expect(request.push(customer({ cx: 560, yawDeg: -30 }, { timeMs: 1500 }))).toBe(false);
    expect(request.armed).toBe(true);
    expect(request.push(customer({ cx: 560, yawDeg: 3 }, { timeMs: 1800 }))).toBe(true);
  });

  it('does not take a frame with a second person or no face, but takes the current frame once the wait is over, for main to judge', () => {
    const request = new ManualCaptureRequest();
    request.arm();
    expect(request.push(frame([AT_THE_COUNTER, { scale: 80, cx: 520, cy: 220 }], { timeMs: 0 }))).toBe(false);
    expect(request.push(frame([], { timeMs: MANUAL_CAPTURE_WAIT_MS - 1 }))).toBe(false);
    expect(request.push(customer({ yawDeg: 40 }, { timeMs: MANUAL_CAPTURE_WAIT_MS }))).toBe(true);
  });

  it('is forgotten on cancel (a new attempt)', () => {
    const request = new ManualCaptureRequest();
    request.arm();
    request.cancel();
    expect(request.push(customer())).toBe(false);
  });
});
