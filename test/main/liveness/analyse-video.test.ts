import { analyseLivenessVideo } from '../../../src/main/liveness/analyse-video';
import type { LandmarkFrame } from '../../../src/shared/liveness/landmark-frame';
import { hamiltonCounterClip, hasFacedata, oneFrameBlinkClip } from './y4m-fixtures';
import { announceSkip } from '../../helpers/paths';

const describeWithFacedata = hasFacedata ? describe : describe.skip;
if (!hasFacedata) announceSkip('liveness video analysis on real footage', '../shared/facedata is absent');

describeWithFacedata('analyseLivenessVideo on hamilton_clip (counter-webcam crop, 0-6 s, 15 fps)', () => {
  const frames: LandmarkFrame[] = [];
  let report: Awaited<ReturnType<typeof analyseLivenessVideo>>;

  beforeAll(async () => {
    report = await analyseLivenessVideo(hamiltonCounterClip(), { onFrame: (f) => frames.push(f) });
    console.log(`hamilton 0-6 s: ${report.frames} frames, face in ${report.faceFrames}, face-api ${report.trackerMsPerFrame.toFixed(1)} ms/frame, events ${JSON.stringify(report.events)}`);
  });

  it('sees the turn to the performer\'s own right (toward the image\'s left) between 4.0 and 5.5 s', () => {
    const turns = report.events.filter((e) => e.type === 'turn-right');
    expect(turns).toHaveLength(1);
    expect(turns[0].timeMs).toBeGreaterThanOrEqual(4000);
    expect(turns[0].timeMs).toBeLessThanOrEqual(5500);
    expect(report.events.some((e) => e.type === 'turn-left')).toBe(false);
  });

  it('finds no face in the wide and audience shots of the first 3.5 s, and reports no event there', () => {
    const early = frames.filter((f) => f.timeMs < 3500);
    expect(early.length).toBeGreaterThan(40);
    expect(early.every((f) => f.faces.length === 0)).toBe(true);
    const faceless = new Set(frames.filter((f) => f.faces.length === 0).map((f) => f.index));
    for (const e of report.events) expect(faceless.has(e.frame)).toBe(false);
  });

  it('reads both eyes of the customer\'s face with the eye-state model on every frame that has a face', () => {
    const withFace = frames.filter((f) => f.faces.length > 0);
    expect(withFace.length).toBeGreaterThan(30);
    for (const f of withFace) {
      const customer = f.faces.reduce((a, b) => (b.box.width > a.box.width ? b : a));
      expect(customer.eyesClosed).toBeDefined();
      for (const p of [customer.eyesClosed!.right, customer.eyesClosed!.left]) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
    }
  });

  it('with frameStride 2 analyses every other frame, as a tracker at half the rate would', async () => {
    const half: LandmarkFrame[] = [];
    const r = await analyseLivenessVideo(hamiltonCounterClip(), { frameStride: 2, onFrame: (f) => half.push(f) });
    expect(r.frames).toBe(Math.ceil(report.frames / 2));
    expect(half.every((f) => f.index % 2 === 0)).toBe(true);
    await expect(analyseLivenessVideo(hamiltonCounterClip(), { frameStride: 0 })).rejects.toThrow(/frameStride must be a positive integer/);
  });

  it('tracks the face in nearly every frame once he faces the camera', () => {
    const late = frames.filter((f) => f.timeMs >= 3700);
    expect(late.filter((f) => f.faces.length >= 1).length / late.length).toBeGreaterThan(0.9);
  });
});

describeWithFacedata('analyseLivenessVideo at half the camera\'s rate, on blinks the lids show on one frame', () => {
  it('finds the blinks on the frames the tracker skipped by reading those frames\' eyes, followed from the last tracked crop, as the station does', async () => {
    const withSkipped = await analyseLivenessVideo(oneFrameBlinkClip(), { frameStride: 2 });
    const trackedOnly = await analyseLivenessVideo(oneFrameBlinkClip(), { frameStride: 2, skippedFrameEyes: false });
    const full = await analyseLivenessVideo(oneFrameBlinkClip());
    const blinks = (r: typeof full) => r.events.filter((e) => e.type === 'blink').map((e) => e.timeMs);
    console.log(`lp_d14 6.53-8.0 s: blinks at 30 fps ${blinks(full)}, at 15 fps with skipped frames' eyes ${blinks(withSkipped)}, tracked frames only ${blinks(trackedOnly)}`);
    // Two short blinks here (6.93 and 7.07 s), each closed on frames a half-rate tracker skips.
    expect(blinks(full)).toHaveLength(2);
    expect(blinks(trackedOnly)).toHaveLength(0);
    expect(blinks(withSkipped)).toHaveLength(2);
    blinks(withSkipped).forEach((t, i) => expect(Math.abs(t - blinks(full)[i])).toBeLessThan(70));
  });
});
