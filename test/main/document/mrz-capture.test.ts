/** Why no zone could be read, measured from the picture, on documents drawn by the test. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { decodeDocumentImage } from '../../../src/main/document/document-image';
import { locateMrzBands } from '../../../src/main/document/mrz-band';
import { diagnoseMissingZone, edgeSharpness, MIN_EDGE_SHARPNESS } from '../../../src/main/document/mrz-capture';
import { resizeGrey } from '../../../src/main/document/mrz-strip';
import { syntheticDocumentPng } from './synthetic-document';
import type { SyntheticDocumentOptions } from './synthetic-document';

const work = mkdtempSync(path.join(tmpdir(), 'ekyc-mrz-capture-'));
const TD1 = ['I<UTOD23145890<1233<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<2', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

async function diagnose(name: string, picture: Buffer): Promise<Awaited<ReturnType<typeof diagnoseMissingZone>>> {
  const file = path.join(work, `${name}.jpg`);
  writeFileSync(file, picture);
  const image = await decodeDocumentImage(file);
  return diagnoseMissingZone(image, 1, locateMrzBands(image), resizeGrey);
}
const drawn = (options: Partial<SyntheticDocumentOptions> = {}): Promise<Buffer> => syntheticDocumentPng({ lines: TD1, ...options });

describe('diagnoseMissingZone', () => {
  it('finds nothing wrong with a sharp, whole, large enough card', async () => {
    expect(await diagnose('sharp', await drawn())).toBeUndefined();
  });

  it('says the zone is cut off when it runs to the picture\'s edge', async () => {
    const whole = await drawn();
    const { width, height } = await sharp(whole).metadata();
    const cut = await sharp(whole).extract({ left: 0, top: 0, width: Math.round(width! * 0.7), height: height! }).jpeg().toBuffer();
    expect(await diagnose('cut', cut)).toEqual({ problem: 'cut-off', measured: expect.stringMatching(/edge/) });
  });

  it('says the document is too small when its characters are under 7 px, even too small to be found at their size', async () => {
    expect(await diagnose('small', await drawn({ fontPx: 6 }))).toEqual({ problem: 'too-small', measured: expect.stringMatching(/4\.\d px tall, under 7/) });
  });

  it('says the picture is blurred when its sharpest edges are soft', async () => {
    expect(await diagnose('blurred', await drawn({ blurSigma: 6 }))).toEqual({ problem: 'blurred', measured: expect.stringMatching(/% of the contrast per pixel/) });
  });
});

describe('edgeSharpness', () => {
  it('falls with blur across the threshold, whatever the zone', async () => {
    const measure = async (blurSigma: number): Promise<number> => {
      const file = path.join(work, `sharpness-${blurSigma}.jpg`);
      writeFileSync(file, await drawn({ blurSigma }));
      return edgeSharpness(await decodeDocumentImage(file));
    };
    const [sharp1, soft] = [await measure(1), await measure(5)];
    expect(sharp1).toBeGreaterThan(MIN_EDGE_SHARPNESS);
    expect(soft).toBeLessThan(MIN_EDGE_SHARPNESS);
  });
});
