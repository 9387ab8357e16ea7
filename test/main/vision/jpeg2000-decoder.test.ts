import { EkycError } from '../../../src/shared/errors';
import { decodeImage, sniffImageFormat } from '../../../src/main/vision/image-decoder';
import { decodeJpeg2000, readJpeg2000Header } from '../../../src/main/vision/jpeg2000-decoder';
import { j2kCodestream, jp2File } from '../../helpers/jpeg2000';

/** A colour gradient with a square: enough structure that a wrong channel order or size shows. */
function drawnRgb(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inSquare = x > width / 4 && x < width / 2 && y > height / 4 && y < height / 2;
      rgb.set(inSquare ? [250, 20, 30] : [(x * 255) / width, (y * 255) / height, 90], (y * width + x) * 3);
    }
  }
  return rgb;
}

describe('decodeJpeg2000: chip photos stored as JPEG 2000', () => {
  const W = 120;
  const H = 160;
  const rgb = drawnRgb(W, H);

  it('decodes a lossless JP2 file and a bare J2K codestream to the very pixels encoded', async () => {
    const codestream = await j2kCodestream(rgb, W, H, 3);
    for (const bytes of [jp2File(codestream, W, H, 3), codestream]) {
      const image = await decodeJpeg2000(bytes, 'the chip photo', 1e8);
      expect({ width: image.width, height: image.height }).toEqual({ width: W, height: H });
      expect(Buffer.from(image.data).equals(Buffer.from(rgb))).toBe(true);
    }
  });

  it('spreads a grey image over three channels', async () => {
    const grey = new Uint8Array(W * H).map((_, i) => i % 251);
    const image = await decodeJpeg2000(await j2kCodestream(grey, W, H, 1), 'grey', 1e8);
    expect(Array.from(image.data.subarray(3 * 300, 3 * 300 + 3))).toEqual([grey[300], grey[300], grey[300]]);
  });

  it('reads the size from the header without decoding, and refuses too many pixels before decoding', async () => {
    const bytes = jp2File(await j2kCodestream(rgb, W, H, 3), W, H, 3);
    expect(readJpeg2000Header(bytes, 'x')).toEqual({ width: W, height: H, componentCount: 3, bitsPerSample: 8, isSigned: false });
    await expect(decodeJpeg2000(bytes, 'the chip photo', W * H - 1)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', message: expect.stringContaining(`${W}x${H}`) });
  });

  it('names a cut codestream as cut, and a damaged header as unreadable, never returning a picture', async () => {
    const codestream = await j2kCodestream(rgb, W, H, 3);
    await expect(decodeJpeg2000(codestream.subarray(0, codestream.length >> 1), 'the chip photo', 1e8))
      .rejects.toMatchObject({ code: 'IMAGE_TRUNCATED', message: expect.stringMatching(/^the chip photo is JPEG 2000 but its image data is cut or damaged/) });
    await expect(decodeJpeg2000(codestream.subarray(0, 30), 'the chip photo', 1e8))
      .rejects.toMatchObject({ code: 'IMAGE_UNDECODABLE', message: expect.stringMatching(/ends inside its image header/) });
    const noCodestream = jp2File(codestream, W, H, 3).subarray(0, 12 + 20 + 45);
    await expect(decodeJpeg2000(noCodestream, 'the chip photo', 1e8)).rejects.toMatchObject({ code: 'IMAGE_UNDECODABLE', message: expect.stringMatching(/no codestream box/) });
  });

  it('recovers after a failed decode: the next image decodes', async () => {
    const codestream = await j2kCodestream(rgb, W, H, 3);
    await expect(decodeJpeg2000(codestream.subarray(0, 200), 'cut', 1e8)).rejects.toBeInstanceOf(EkycError);
    expect((await decodeJpeg2000(codestream, 'whole', 1e8)).width).toBe(W);
  });
});

describe('decodeImage with JPEG 2000', () => {
  it('is sniffed as JPEG 2000 and decoded like every other format, shrunk to the longest side asked for', async () => {
    const W = 400;
    const H = 300;
    const bytes = jp2File(await j2kCodestream(drawnRgb(W, H), W, H, 3), W, H, 3);
    expect(sniffImageFormat(bytes)).toBe('jpeg2000');
    const image = await decodeImage(bytes, 'scan.jp2', { maxSide: 200 });
    expect({ width: image.width, height: image.height, scale: image.scale }).toEqual({ width: 200, height: 150, scale: 0.5 });
    // Shrunk, the red square still reads red.
    const at = (x: number, y: number) => Array.from(image.data.subarray((y * 200 + x) * 3, (y * 200 + x) * 3 + 3));
    const [r, g, b] = at(75, 55);
    expect(r).toBeGreaterThan(200);
    expect(g + b).toBeLessThan(120);
  });
});
