import type { DocumentFrameAssessment } from '../../shared/document-types';
import type { Box } from '../../shared/geometry';
import { luma } from '../../shared/luma';
import type { GreyImage } from './document-image';
import { readTextLayout } from './mrz-band';
import { diagnoseMissingZone } from './mrz-capture';
import { resizeGrey } from './mrz-strip';

/**
 * Is this camera frame of a document ready to be taken? The zone finder and the capture
 * measures of mrz-capture.ts, run on one frame without any OCR (tens of milliseconds), so the
 * ID page can guide the operator while the camera runs and take the picture itself once the
 * zone is whole, large enough, sharp, free of glare and seen flat-on. Whether the picture is
 * steady is judged by main's document:assess-frame handler across frames (frameThumbnail,
 * thumbnailDifference), not here.
 */

/** Side of the copy the zone is searched on, as MrzReader does. */
const SEARCH_SIDE = 1200;

/**
 * Largest spread of the slopes of the zone's lines for a document seen flat-on. Held at an
 * angle, the far end of each line is smaller, so the lines converge: on the 31 specimens of
 * idcards and idcards-dev (scans and photos, flat) the spread is at most 0.0023; a passport's
 * two-line zone warped so its far edge is 10% shorter gives 0.0053, 20% shorter 0.0101.
 */
export const MAX_LINE_SLOPE_SPREAD = 0.0045;

/**
 * `besideFace` (a face box in the image's pixels): also count the rows of printed text beside
 * that face (mrz-band.ts), on the same binarisation as the zone finder's; the reply's
 * `textRows` then says whether a document is round the face (document-side.ts).
 */
export async function assessDocumentFrame(image: GreyImage, besideFace?: Box): Promise<DocumentFrameAssessment> {
  const scale = Math.min(1, SEARCH_SIDE / Math.max(image.width, image.height));
  const small = scale < 1 ? await resizeGrey(image, scale) : image;
  const face = besideFace && { x: besideFace.x * scale, y: besideFace.y * scale, width: besideFace.width * scale, height: besideFace.height * scale };
  const { bands, textRows } = readTextLayout(small, face);
  const diagnosis = await diagnoseMissingZone(small, scale, bands, (img, factor) => resizeGrey(img, factor));
  // What is in view besides: a TD1 card's three lines say its back is shown, printed text a document.
  const lines = bands[0]?.rows.length;
  const layout = { ...(lines === 2 || lines === 3 ? { zoneLines: lines } : {}), ...(textRows === undefined ? {} : { textRows }) };
  // With no zone in view at all only "too small" is known to be about the document: a frame of
  // the desk is as unsharp as a blurred card, and "blurred" would send the operator the wrong way.
  if (bands.length === 0 && diagnosis?.problem !== 'too-small') return { problem: 'no-zone', measured: 'no band of machine-readable text was found', ...layout };
  if (diagnosis) return { problem: diagnosis.problem, measured: diagnosis.measured, ...layout };
  // One line of zone-like text is no zone (a card's front has such lines: its number, a long name).
  if (bands[0].rows.length < 2) return { problem: 'no-zone', measured: 'one line of zone-like text, where a zone has 2 or 3', ...layout };
  const slopes = bands[0].rows.map((r) => r.slope);
  const spread = Math.max(...slopes) - Math.min(...slopes);
  if (spread > MAX_LINE_SLOPE_SPREAD) return { problem: 'tilted', measured: `its lines converge: their slopes differ by ${spread.toFixed(4)}, over ${MAX_LINE_SLOPE_SPREAD}`, ...layout };
  return { problem: null, measured: `a zone of ${bands[0].rows.length} lines, characters ${(bands[0].glyphHeight / scale).toFixed(1)} px tall`, ...layout };
}

/** Pure: the grey (luma) picture of an RGBA camera frame. */
export function greyFromRgba(rgba: Uint8Array, width: number, height: number): GreyImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) data[i] = Math.round(luma(rgba[p], rgba[p + 1], rgba[p + 2]));
  return { data, width, height };
}

/** A small grey copy of a frame, for telling a steady picture from a moving one. */
export interface FrameThumbnail {
  width: number;
  height: number;
  data: Float32Array;
}

/** Side of the thumbnails compared (box averages: sensor noise averages out, motion does not). */
const THUMBNAIL_WIDTH = 64;

/** Pure: the box-averaged thumbnail of a grey frame, THUMBNAIL_WIDTH wide. */
export function frameThumbnail(image: GreyImage): FrameThumbnail {
  const { data: grey, width } = image;
  const step = Math.max(1, Math.floor(width / THUMBNAIL_WIDTH));
  const tw = Math.floor(width / step);
  const th = Math.floor(image.height / step);
  const data = new Float32Array(tw * th);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      let sum = 0;
      for (let y = ty * step; y < (ty + 1) * step; y++) {
        for (let x = tx * step; x < (tx + 1) * step; x++) sum += grey[y * width + x];
      }
      data[ty * tw + tx] = sum / (step * step);
    }
  }
  return { width: tw, height: th, data };
}

/**
 * Mean absolute grey difference between two thumbnails under which the document did not move
 * between them. A box of 20x20 pixels averages a camera's noise of a few levels to a tenth of
 * one; a drawn card moved by 2% of a 1280 px frame differs by 2.3 (document-frame.test.ts).
 */
export const MAX_STILL_DIFFERENCE = 1;

/** Pure: the mean absolute difference of two thumbnails of the same size (Infinity otherwise). */
export function thumbnailDifference(a: FrameThumbnail, b: FrameThumbnail): number {
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}
