/** Whether a camera frame of a document is ready to be taken, on documents drawn by the test. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { assessDocumentFrame, frameThumbnail, greyFromRgba, MAX_STILL_DIFFERENCE, thumbnailDifference } from '../../../src/main/document/document-frame';
import type { GreyImage } from '../../../src/main/document/document-image';
import { syntheticDocumentPng, type SyntheticDocumentOptions } from './synthetic-document';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

/** The drawn document as a 1280x720 camera frame: the card scaled to `share` of its width, at (`left`, `top`) as shares of the free space. */
async function cameraFrame(options: Partial<SyntheticDocumentOptions> = {}, share = 0.8, left = 0.5, top = 0.5): Promise<{ rgba: Uint8Array; width: number; height: number }> {
  const [width, height] = [1280, 720];
  const card = await sharp(await syntheticDocumentPng({ lines: TD3, ...options })).resize({ width: Math.round(width * share), height: Math.round(height * 0.95), fit: 'inside' }).png().toBuffer();
  const meta = await sharp(card).metadata();
  const rgba = await sharp({ create: { width, height, channels: 4, background: '#5b6770' } })
    .composite([{ input: card, left: Math.round((width - meta.width!) * left), top: Math.round((height - meta.height!) * top) }])
    .raw().toBuffer();
  return { rgba: new Uint8Array(rgba), width, height };
}

const grey = ({ rgba, width, height }: { rgba: Uint8Array; width: number; height: number }): GreyImage => greyFromRgba(rgba, width, height);

describe('assessDocumentFrame', () => {
  it('is ready when the zone is in view, whole, large enough, sharp and free of glare', async () => {
    expect(await assessDocumentFrame(grey(await cameraFrame()))).toEqual({ problem: null, measured: expect.stringMatching(/a zone of 2 lines/), zoneLines: 2 });
  });

  it('takes one line of zone-like text for no zone: a zone has 2 or 3 lines (a card\'s front prints such a line)', async () => {
    expect(await assessDocumentFrame(grey(await cameraFrame({ lines: [TD3[1]] })))).toEqual({ problem: 'no-zone', measured: 'one line of zone-like text, where a zone has 2 or 3' });
  });

  it.each([
    ['glare', { glareOverZone: true }, 0.8],
    ['blurred', { blurSigma: 3 }, 0.8],
    ['too-small', { fontPx: 12 }, 0.22],
  ] as const)('names %s as what keeps the frame from being taken', async (problem, options, share) => {
    expect((await assessDocumentFrame(grey(await cameraFrame(options, share)))).problem).toBe(problem);
  });

  it('says the document is at an angle when its far end is 20% smaller, and not when it faces the camera', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ekyc-frame-'));
    try {
      const flat = path.join(dir, 'flat.png');
      const tilted = path.join(dir, 'tilted.png');
      writeFileSync(flat, await sharp(await syntheticDocumentPng({ lines: TD3 })).png().toBuffer());
      // The right edge 20% shorter, as a card turned about its vertical axis is seen.
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', flat, '-vf', 'perspective=x0=0:y0=0:x1=W:y1=H*0.1:x2=0:y2=H:x3=W:y3=H*0.9:sense=destination', tilted]);
      const frameOf = async (file: string): Promise<GreyImage> => {
        const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        return greyFromRgba(new Uint8Array(data), info.width, info.height);
      };
      expect((await assessDocumentFrame(await frameOf(flat))).problem).toBeNull();
      expect(await assessDocumentFrame(await frameOf(tilted))).toEqual({ problem: 'tilted', measured: expect.stringMatching(/lines converge/), zoneLines: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says the zone is cut off when the card runs off the frame\'s edge', async () => {
    expect((await assessDocumentFrame(grey(await cameraFrame({}, 0.8, 1.6)))).problem).toBe('cut-off');
  });

  it('says no zone is in view on a frame of the table alone, not that it is blurred', async () => {
    const empty = await sharp({ create: { width: 640, height: 480, channels: 4, background: '#5b6770' } }).raw().toBuffer();
    expect((await assessDocumentFrame(grey({ rgba: new Uint8Array(empty), width: 640, height: 480 }))).problem).toBe('no-zone');
  });
});

describe('frameThumbnail and thumbnailDifference', () => {
  it('tell a still card with sensor noise from the same card moved by 2% of the frame', async () => {
    const still = await cameraFrame();
    // Sensor noise of +-4 levels, independent per pixel and channel.
    let seed = 7;
    const noise = (): number => ((seed = (seed * 16807) % 2147483647) % 9) - 4;
    const noisy = Uint8Array.from(still.rgba, (v, i) => (i % 4 === 3 ? v : Math.max(0, Math.min(255, v + noise()))));
    const moved = await cameraFrame({}, 0.8, 0.53, 0.5);
    const a = frameThumbnail(grey(still));
    const stillDifference = thumbnailDifference(a, frameThumbnail(grey({ ...still, rgba: noisy })));
    const movedDifference = thumbnailDifference(a, frameThumbnail(grey(moved)));
    console.log(`thumbnail difference: still with noise ${stillDifference.toFixed(2)}, moved 2% ${movedDifference.toFixed(2)}`);
    expect(stillDifference).toBeLessThan(MAX_STILL_DIFFERENCE);
    expect(movedDifference).toBeGreaterThan(MAX_STILL_DIFFERENCE);
    expect(thumbnailDifference(a, frameThumbnail(grey({ rgba: still.rgba.subarray(0, 640 * 480 * 4), width: 640, height: 480 })))).toBe(Infinity);
  });
});

describe('greyFromRgba', () => {
  it('takes each pixel\'s luma and leaves out alpha', () => {
    const rgba = new Uint8Array([255, 255, 255, 0, 0, 0, 0, 255, 255, 0, 0, 255]);
    expect(Array.from(greyFromRgba(rgba, 3, 1).data)).toEqual([255, 0, 76]);
  });
});
