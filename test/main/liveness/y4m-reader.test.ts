import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EkycError } from '../../../src/shared/errors';
import { Y4mReader } from '../../../src/main/liveness/y4m-reader';
import { ffmpeg, writeY4m } from './y4m-fixtures';

const W = 16;
const H = 10;

function solid(r: number, g: number, b: number): Uint8Array {
  const px = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) px.set([r, g, b], i * 3);
  return px;
}

async function readAll(file: string): Promise<{ reader: Y4mReader; frames: { timeMs: number; rgb: Uint8Array }[] }> {
  const reader = await Y4mReader.open(file);
  const frames = [];
  try {
    for await (const f of reader.frames()) frames.push({ timeMs: f.timeMs, rgb: f.rgb });
  } finally {
    await reader.close();
  }
  return { reader, frames };
}

async function errorOf(promise: Promise<unknown>): Promise<EkycError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EkycError) return err;
    throw err;
  }
  throw new Error('expected an EkycError');
}

describe('Y4mReader', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'y4m-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes 4:2:0 frames to RGB with their times from the frame rate', async () => {
    const file = writeY4m(path.join(dir, 'colours.y4m'), [solid(200, 30, 30), solid(30, 200, 30), solid(30, 30, 200)], W, H, 10);
    const { reader, frames } = await readAll(file);
    expect(reader.header).toMatchObject({ width: W, height: H, fpsNumerator: 10, fpsDenominator: 1, colourspace: '420jpeg' });
    expect(frames.map((f) => f.timeMs)).toEqual([0, 100, 200]);
    const centre = (rgb: Uint8Array): number[] => Array.from(rgb.subarray(((H / 2) * W + W / 2) * 3, ((H / 2) * W + W / 2) * 3 + 3));
    const close = (got: number[], want: number[]): void => got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(4));
    close(centre(frames[0].rgb), [200, 30, 30]);
    close(centre(frames[1].rgb), [30, 200, 30]);
    close(centre(frames[2].rgb), [30, 30, 200]);
  });

  it.each(['C420jpeg', 'C420paldv', 'C420mpeg2', 'C420', ''])('accepts the 4:2:0 variant "%s" (empty: no C tag)', async (tag) => {
    const file = writeY4m(path.join(dir, `v${tag || 'none'}.y4m`), [solid(128, 128, 128)], W, H, 25, tag);
    const { frames } = await readAll(file);
    expect(frames).toHaveLength(1);
  });

  it('reads what ffmpeg writes', async () => {
    const file = path.join(dir, 'ffmpeg.y4m');
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=0xC81E1E:s=48x30:r=30', '-frames:v', '4', '-pix_fmt', 'yuv420p', file]);
    const { reader, frames } = await readAll(file);
    expect(reader.header).toMatchObject({ width: 48, height: 30 });
    expect(reader.header.fpsNumerator / reader.header.fpsDenominator).toBe(30);
    expect(frames).toHaveLength(4);
    const [r, g, b] = frames[3].rgb.subarray(0, 3);
    expect(Math.abs(r - 200)).toBeLessThanOrEqual(6);
    expect(Math.abs(g - 30)).toBeLessThanOrEqual(6);
    expect(Math.abs(b - 30)).toBeLessThanOrEqual(6);
  });

  it('decodes odd frame sizes, whose chroma planes round up', async () => {
    const w = 15;
    const h = 9;
    const px = new Uint8Array(w * h * 3).fill(90);
    const file = writeY4m(path.join(dir, 'odd.y4m'), [px, px], w, h, 25);
    const { frames } = await readAll(file);
    expect(frames).toHaveLength(2);
    expect(Math.abs(frames[1].rgb[w * h * 3 - 1] - 90)).toBeLessThanOrEqual(3);
  });

  it('reports a missing file by its path', async () => {
    const err = await errorOf(Y4mReader.open(path.join(dir, 'nope.y4m')));
    expect(err.code).toBe('VIDEO_INVALID');
    expect(err.message).toMatch(/video file not found: .*nope\.y4m/);
  });

  it('rejects a file that is not Y4M and says how to convert it', async () => {
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'just some text\n');
    const err = await errorOf(Y4mReader.open(file));
    expect(err.code).toBe('VIDEO_INVALID');
    expect(err.message).toMatch(/not a YUV4MPEG2 .* ffmpeg -i INPUT -pix_fmt yuv420p OUT\.y4m/);
  });

  it('rejects an empty file', async () => {
    const file = path.join(dir, 'empty.y4m');
    writeFileSync(file, '');
    expect((await errorOf(Y4mReader.open(file))).message).toMatch(/is empty/);
  });

  it('rejects colourspaces other than 8-bit 4:2:0', async () => {
    const file = path.join(dir, '444.y4m');
    writeFileSync(file, `YUV4MPEG2 W${W} H${H} F25:1 C444\nFRAME\n${'x'.repeat(W * H * 3)}`);
    const err = await errorOf(Y4mReader.open(file));
    expect(err.details).toMatchObject({ reason: 'unsupported-colourspace', colourspace: '444' });
    expect(err.message).toMatch(/C444 is not supported/);
  });

  it('rejects a header without size or frame rate', async () => {
    const file = path.join(dir, 'nosize.y4m');
    writeFileSync(file, 'YUV4MPEG2 F25:1\n');
    expect((await errorOf(Y4mReader.open(file))).message).toMatch(/invalid frame size/);
    writeFileSync(file, `YUV4MPEG2 W${W} H${H}\n`);
    expect((await errorOf(Y4mReader.open(file))).message).toMatch(/no valid frame rate/);
  });

  it('rejects a header with no frame after it: an empty recording is invalid, not a failed challenge', async () => {
    const file = path.join(dir, 'noframes.y4m');
    writeFileSync(file, `YUV4MPEG2 W${W} H${H} F25:1 C420jpeg\n`);
    const reader = await Y4mReader.open(file);
    const err = await errorOf((async () => {
      for await (const f of reader.frames()) void f;
    })());
    await reader.close();
    expect(err.code).toBe('VIDEO_INVALID');
    expect(err.details).toMatchObject({ reason: 'no-frames' });
    expect(err.message).toMatch(/noframes\.y4m has a Y4M header but no frames/);
  });

  it.each([['1:999999999', 1 / 999999999], ['999999999:1', 999999999], ['1:2', 0.5], ['241:1', 241]])('rejects a frame rate of F%s (%p fps), outside 1 to 240 fps', async (tag, fps) => {
    const file = writeY4m(path.join(dir, 'fps.y4m'), [solid(9, 9, 9)], W, H, 25);
    writeFileSync(file, readFileSync(file).toString('latin1').replace('F25:1', `F${tag}`), 'latin1');
    const err = await errorOf(Y4mReader.open(file));
    expect(err.code).toBe('VIDEO_INVALID');
    expect(err.details).toMatchObject({ reason: 'bad-frame-rate', fps });
    expect(err.message).toMatch(new RegExp(`says F${tag}, .* frames per second; a recording must be 1 to 240 fps`));
  });

  it.each([['1:1', 1], ['240:1', 240], ['30000:1001', 30000 / 1001]])('accepts F%s at the edges and NTSC rates', async (tag, fps) => {
    const file = writeY4m(path.join(dir, 'fps-ok.y4m'), [solid(9, 9, 9)], W, H, 25);
    writeFileSync(file, readFileSync(file).toString('latin1').replace('F25:1', `F${tag}`), 'latin1');
    const { reader, frames } = await readAll(file);
    expect(reader.header.fpsNumerator / reader.header.fpsDenominator).toBeCloseTo(fps, 9);
    expect(frames).toHaveLength(1);
  });

  it('refuses a directory with a specific error, not a raw EISDIR', async () => {
    const err = await errorOf(Y4mReader.open(dir));
    expect(err.code).toBe('VIDEO_INVALID');
    expect(err.details).toMatchObject({ reason: 'directory' });
    expect(err.message).toMatch(/is a directory, not a file; give the path of a \.y4m video/);
    expect(err.message).not.toMatch(/EISDIR/);
  });

  it('refuses a named pipe (FIFO) at once instead of waiting for a writer forever', async () => {
    const fifo = path.join(dir, 'camera.y4m');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const err = await errorOf(Y4mReader.open(fifo));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.code).toBe('VIDEO_INVALID');
    expect(err.details).toMatchObject({ reason: 'not-regular' });
    expect(err.message).toMatch(/camera\.y4m is a named pipe \(FIFO\), not a regular file/);
  });

  it('fails on a truncated last frame instead of dropping it silently', async () => {
    const whole = writeY4m(path.join(dir, 'whole.y4m'), [solid(1, 2, 3), solid(4, 5, 6)], W, H, 25);
    const cut = path.join(dir, 'cut.y4m');
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 20));
    const reader = await Y4mReader.open(cut);
    const seen: number[] = [];
    const err = await errorOf((async () => {
      for await (const f of reader.frames()) seen.push(f.index);
    })());
    await reader.close();
    expect(seen).toEqual([0]);
    expect(err.details).toMatchObject({ reason: 'truncated', frame: 1 });
    expect(err.message).toMatch(/frame 1 is truncated/);
  });

  it('fails on garbage between frames', async () => {
    const file = path.join(dir, 'garbage.y4m');
    const good = readFileSync(writeY4m(path.join(dir, 'one.y4m'), [solid(9, 9, 9)], W, H, 25));
    writeFileSync(file, Buffer.concat([good, Buffer.from('GARBAGE')]));
    const reader = await Y4mReader.open(file);
    const err = await errorOf((async () => {
      for await (const _ of reader.frames()) { /* read on */ }
    })());
    await reader.close();
    expect(err.message).toMatch(/frame 1 does not start with a FRAME line/);
  });
});
