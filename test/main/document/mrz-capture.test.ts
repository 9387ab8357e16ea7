/** Why no zone could be read, measured from the picture, on documents drawn by the test. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { decodeDocumentImage } from '../../../src/main/document/document-image';
import { locateMrzBands } from '../../../src/main/document/mrz-band';
import { diagnoseMissingZone, edgeSharpness, glareAcrossZone, MIN_EDGE_SHARPNESS, MIN_GLARE_RUN } from '../../../src/main/document/mrz-capture';
import { resizeGrey } from '../../../src/main/document/mrz-strip';
import { syntheticDocumentPng } from './synthetic-document';
import type { SyntheticDocumentOptions } from './synthetic-document';

const work = mkdtempSync(path.join(tmpdir(), 'ekyc-mrz-capture-'));
const TD1 = ['I<UTOD23145890<1233<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<2', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

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

  it.each([['TD1', TD1], ['TD3', TD3]])('says glare covers the zone when a lamp\'s reflection wipes part of its lines (%s)', async (_, lines) => {
    expect(await diagnose(`glare-${lines.length}`, await drawn({ lines, glareOverZone: true }))).toEqual({ problem: 'glare', measured: expect.stringMatching(/blown-out white over \d+\.\d character heights/) });
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

describe('glareAcrossZone', () => {
  it('finds no blown-out stretch on a card without glare, nor on a white scan whose paper is at 255', async () => {
    const measure = async (name: string, picture: Buffer): Promise<number> => {
      const file = path.join(work, `${name}.png`);
      writeFileSync(file, picture);
      const image = await decodeDocumentImage(file);
      return glareAcrossZone(image, locateMrzBands(image)[0]);
    };
    expect(await measure('no-glare', await drawn())).toBe(0);
    // The zone printed black on pure white, as a flatbed scan of a passport page gives it.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="200"><rect width="100%" height="100%" fill="#fff"/>${TD3.map((l, i) => `<text x="40" y="${80 + i * 45}" font-family="DejaVu Sans Mono" font-size="30">${l.replace(/</g, '&lt;')}</text>`).join('')}</svg>`;
    const scan = await measure('white-scan', await sharp(Buffer.from(svg)).png().toBuffer());
    expect(scan).toBeLessThan(MIN_GLARE_RUN);
  });
});
