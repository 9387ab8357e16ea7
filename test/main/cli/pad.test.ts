/**
 * `ekyc pad`: exit codes and output on bad input, and the acceptance check on real
 * data: the replay clips of ../shared/facedata/spoof-dev/videos are refused, the live ones
 * accepted (tranvanluyt's clips are on the tuning side of bench/pad.mjs's split; lestari's
 * and manikantha's are not).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describeWithFacedata, facedata } from '../../helpers/paths';
import { runEkyc } from '../../helpers/cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ekyc-pad-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ekyc pad: input', () => {
  it('asks for exactly one image or a video', async () => {
    const none = await runEkyc('pad');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give exactly one IMAGE, or --video CLIP\.y4m.*\[INVALID_ARGUMENT\]/);
    const both = await runEkyc('pad', 'a.jpg', '--video', 'b.y4m');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either an image or --video, not both/);
  });

  it('cannot decide on a missing file, a text file as video, or a picture without a face', async () => {
    expect((await runEkyc('pad', path.join(dir, 'missing.jpg'))).code).toBe(2);
    const text = path.join(dir, 'notes.y4m');
    writeFileSync(text, 'hello\n');
    const video = await runEkyc('pad', '--video', text);
    expect(video.code).toBe(2);
    expect(video.stderr).toMatch(/\[VIDEO_INVALID\]/);
    const wall = path.join(dir, 'wall.png');
    await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 130, b: 140 } } }).png().toFile(wall);
    const noFace = await runEkyc('pad', wall, '--json');
    expect(noFace.code).toBe(2);
    expect(noFace.stderr).toMatch(/no face found .*\[NO_FACE\]/);
  });
});

describeWithFacedata('ekyc pad on real data', () => {
  const y4m = (name: string): string => {
    const out = path.join(dir, `${name}.y4m`);
    // 6 s is what ekyc pad samples at most (60 frames at 10 a second).
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', facedata('spoof-dev', 'videos', `${name}.mp4`), '-t', '6', '-pix_fmt', 'yuv420p', out]);
    return out;
  };

  it.each(['lestari_fake', 'manikantha_fake', 'tranvanluyt_fake'])('refuses the replay clip %s (exit 1)', async (name) => {
    const run = await runEkyc('pad', '--video', y4m(name), '--json');
    const result = JSON.parse(run.stdout);
    expect({ code: run.code, live: result.live }).toEqual({ code: 1, live: false });
    expect(result.reason).toEqual(expect.any(String));
    expect(result.frames).toBeGreaterThan(10);
  });

  // lestari_real is not here: at the model threshold of 0.7 its median P(live) is 0.646, a
  // false refusal counted in docs/security.md's BPCER, not a behaviour to pin down.
  it.each(['tranvanluyt_real'])('accepts the live clip %s (exit 0)', async (name) => {
    const run = await runEkyc('pad', '--video', y4m(name), '--json');
    const result = JSON.parse(run.stdout);
    expect({ code: run.code, live: result.live, reason: result.reason }).toEqual({ code: 0, live: true, reason: null });
    expect(result.signals.stillFrames.passed).toBe(true);
  });

  it('accepts a live photo and refuses the two attacks of spoof/, in words without --json', async () => {
    const live = await runEkyc('pad', facedata('spoof', 'image_T1.jpg'));
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(/: LIVE \(P\(live\) 0\.\d+, threshold 0\.7; 1 of 1 frame\(s\) with a face\)/);
    for (const f of ['image_F1.jpg', 'image_F2.jpg']) {
      const attack = await runEkyc('pad', facedata('spoof', f));
      expect(attack.code).toBe(1);
      expect(attack.stdout).toMatch(/ATTACK .*\n {2}the face looks like a photo or a screen/);
    }
  });
});
