/** Frames sampled for presentation-attack detection: shrinking, rate and cap. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FrameSampler, LIVE_SESSION_SAMPLING, samplePadFrames, shrinkToMaxSide } from '../../../src/main/liveness/sample-frames';
import { Y4mReader } from '../../../src/main/liveness/y4m-reader';
import { writeY4m } from './y4m-fixtures';

describe('shrinkToMaxSide', () => {
  it('keeps a small frame as it is', () => {
    const rgb = new Uint8Array(4 * 2 * 3).fill(9);
    expect(shrinkToMaxSide(rgb, 4, 2, 640)).toEqual({ data: rgb, width: 4, height: 2, scale: 1 });
  });

  it('box-averages by the smallest integer factor that fits', () => {
    const rgb = new Uint8Array(4 * 2 * 3);
    rgb.set([0, 0, 0, 100, 100, 100, 10, 10, 10, 30, 30, 30], 0);
    rgb.set([200, 200, 200, 100, 100, 100, 10, 10, 10, 30, 30, 30], 12);
    const small = shrinkToMaxSide(rgb, 4, 2, 2);
    expect({ width: small.width, height: small.height, scale: small.scale }).toEqual({ width: 2, height: 1, scale: 0.5 });
    expect([...small.data]).toEqual([100, 100, 100, 20, 20, 20]);
  });
});

describe('samplePadFrames', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ekyc-pad-frames-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes about 10 frames a second, at most maxFrames, with their times', async () => {
    const frames = Array.from({ length: 30 }, (_, i) => new Uint8Array(32 * 24 * 3).fill(i * 8));
    const clip = writeY4m(path.join(dir, 'ramp.y4m'), frames, 32, 24, 30);
    const all = await samplePadFrames(clip);
    expect(all.frames).toHaveLength(10);
    expect(all.timesMs.map(Math.round)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect((await samplePadFrames(clip, { maxFrames: 4 })).frames).toHaveLength(4);
  });

  it('keeps the same samples when they are taken while the recording is analysed (FrameSampler, one read)', async () => {
    const frames = Array.from({ length: 60 }, (_, i) => new Uint8Array(32 * 24 * 3).fill(i * 4));
    const clip = writeY4m(path.join(dir, 'session.y4m'), frames, 32, 24, 30);
    const sampler = new FrameSampler(30, LIVE_SESSION_SAMPLING);
    const reader = await Y4mReader.open(clip);
    try {
      for await (const f of reader.frames()) sampler.offer(f);
    } finally {
      await reader.close();
    }
    expect(sampler.sampled.timesMs.map(Math.round)).toEqual([0, 500, 1000, 1500]);
    expect(sampler.sampled).toEqual(await samplePadFrames(clip, LIVE_SESSION_SAMPLING));
  });

  it('refuses a file that is not a Y4M video', async () => {
    await expect(samplePadFrames(path.join(dir, 'missing.y4m'))).rejects.toMatchObject({ code: 'VIDEO_INVALID' });
  });
});
