/**
 * The liveness samples kept for the session's presentation-attack decision: shrunk, bounded
 * in number while still covering the whole session, and zeroed when forgotten.
 */
import { LivenessPadFrames, MAX_PAD_SAMPLES, PAD_FRAME_SIDE } from '../../../src/main/ipc/liveness-pad-frames';
import type { CameraFrame } from '../../../src/shared/ipc-contract';

/** A flat RGBA frame whose red channel carries `tag`, so a kept frame says which sample it was. */
function frame(tag: number, width = 1280, height = 720): CameraFrame {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = tag;
    rgba[i + 3] = 255;
  }
  return { width, height, rgba };
}

describe('LivenessPadFrames', () => {
  it('keeps each sample as RGB at most PAD_FRAME_SIDE on its longer side', async () => {
    const kept = new LivenessPadFrames();
    await kept.add(frame(7));
    expect(kept.count).toBe(1);
    const [f] = kept.all;
    expect([f.width, f.height]).toEqual([PAD_FRAME_SIDE, 360]);
    expect(f.data.length).toBe(PAD_FRAME_SIDE * 360 * 3);
    expect([f.data[0], f.data[1], f.data[2]]).toEqual([7, 0, 0]);
  });

  it('never keeps MAX_PAD_SAMPLES or more, and still spans the session from its first sample to near its last', async () => {
    const kept = new LivenessPadFrames();
    const n = 3 * MAX_PAD_SAMPLES;
    for (let i = 0; i < n; i++) await kept.add(frame(i, 64, 48));
    expect(kept.count).toBeLessThan(MAX_PAD_SAMPLES);
    expect(kept.count).toBeGreaterThanOrEqual(MAX_PAD_SAMPLES / 4);
    const tags = kept.all.map((f) => f.data[0]);
    expect(tags[0]).toBe(0);
    expect(tags).toEqual([...tags].sort((a, b) => a - b));
    expect(tags.at(-1)!).toBeGreaterThan(n - 10);
  });

  it('zeroes the frames it forgets', async () => {
    const kept = new LivenessPadFrames();
    await kept.add(frame(200, 64, 48));
    const [f] = kept.all;
    kept.clear();
    expect(kept.count).toBe(0);
    expect(f.data.every((v) => v === 0)).toBe(true);
  });
});
