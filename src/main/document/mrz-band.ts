import type { Box } from '../../shared/geometry';
import type { GreyImage } from './document-image';

/**
 * Finds machine-readable zones by their shape: two or three parallel rows of many dark,
 * equally tall glyphs with a regular pitch. Works on a small greyscale copy of the page and
 * in both axes, so a document turned by 90 degrees or photographed askew is found without
 * running OCR on every orientation.
 */

export interface Blob {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  area: number;
}

/** Dark-on-light pixels: darker than their neighbourhood's mean by a clear margin. */
export function binariseDarkText(img: GreyImage, radius: number): Uint8Array {
  const { data, width, height } = img;
  const stride = width + 1;
  const integral = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += data[y * width + x];
      integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1] + rowSum;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const sum = integral[y1 * stride + x1] - integral[y0 * stride + x1] - integral[y1 * stride + x0] + integral[y0 * stride + x0];
      const mean = sum / ((y1 - y0) * (x1 - x0));
      const v = data[y * width + x];
      if (mean - v > Math.max(14, 0.16 * mean)) out[y * width + x] = 1;
    }
  }
  return out;
}

/** 8-connected components of a binary mask. */
export function connectedComponents(mask: Uint8Array, width: number, height: number): Blob[] {
  const labels = new Int32Array(width * height).fill(-1);
  const blobs: Blob[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start] !== -1) continue;
    const id = blobs.length;
    const blob: Blob = { minX: width, maxX: -1, minY: height, maxY: -1, area: 0 };
    labels[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop() as number;
      const x = p % width;
      const y = (p - x) / width;
      blob.area++;
      if (x < blob.minX) blob.minX = x;
      if (x > blob.maxX) blob.maxX = x;
      if (y < blob.minY) blob.minY = y;
      if (y > blob.maxY) blob.maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (mask[q] && labels[q] === -1) {
            labels[q] = id;
            stack.push(q);
          }
        }
      }
    }
    blobs.push(blob);
  }
  return blobs;
}

export type TextAxis = 'horizontal' | 'vertical';

/** A glyph seen along an axis: u runs along the text line, v across it. */
interface Glyph {
  u: number;
  v: number;
  along: number;
  across: number;
}

/** A row of glyphs: v = intercept + slope * u. */
export interface GlyphRow {
  glyphs: number;
  uMin: number;
  uMax: number;
  intercept: number;
  slope: number;
  glyphHeight: number;
}

/** A candidate zone in the working image's coordinates. */
export interface MrzBand {
  axis: TextAxis;
  rows: GlyphRow[];
  /** Band centre in image pixels. */
  centreX: number;
  centreY: number;
  /** Direction of reading, degrees clockwise from +x (image y points down). */
  directionDeg: number;
  /** Size along the text and across it, padding included. */
  length: number;
  thickness: number;
  glyphHeight: number;
  score: number;
}

function glyphsAlong(blobs: Blob[], axis: TextAxis): Glyph[] {
  const glyphs: Glyph[] = [];
  for (const b of blobs) {
    const w = b.maxX - b.minX + 1;
    const h = b.maxY - b.minY + 1;
    const along = axis === 'horizontal' ? w : h;
    const across = axis === 'horizontal' ? h : w;
    if (across < 5 || across > 120 || along > 3 * across || b.area < 8) continue;
    const cx = (b.minX + b.maxX) / 2;
    const cy = (b.minY + b.maxY) / 2;
    glyphs.push(axis === 'horizontal' ? { u: cx, v: cy, along, across } : { u: cy, v: cx, along, across });
  }
  return glyphs.sort((a, b) => a.u - b.u);
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/** Glyphs of one text line, fitted: v = intercept + slope * u. */
interface RowFit extends GlyphRow {
  members: Glyph[];
}

function fitRow(members: Glyph[]): RowFit {
  const n = members.length;
  const mu = members.reduce((s, g) => s + g.u, 0) / n;
  const mv = members.reduce((s, g) => s + g.v, 0) / n;
  let suv = 0;
  let suu = 0;
  for (const g of members) {
    suv += (g.u - mu) * (g.v - mv);
    suu += (g.u - mu) ** 2;
  }
  const slope = suu > 0 ? suv / suu : 0;
  const heights = members.map((g) => g.across).sort((a, b) => a - b);
  // Letters and digits, not fillers, set the line's height: a name line can be two thirds
  // fillers ('<' is about 60% as tall), so the median would be a filler's. The tall
  // cluster is what stands near the top heights (the very tallest may be a smudge).
  const tall = heights[Math.floor(0.95 * (n - 1))];
  const letters = heights.filter((h) => h >= 0.75 * tall);
  let uMin = Infinity;
  let uMax = -Infinity;
  for (const g of members) {
    uMin = Math.min(uMin, g.u - g.along / 2);
    uMax = Math.max(uMax, g.u + g.along / 2);
  }
  return { members, glyphs: n, uMin, uMax, intercept: mv - slope * mu, slope, glyphHeight: letters[Math.floor(letters.length / 2)] };
}

/** Pieces of a line shorter than this are not joined: two or three glyphs give no slope to follow. */
const MIN_PIECE_GLYPHS = 3;
/** Widest hole in a line that its pieces are still joined across, in glyph heights (about two glyphs). */
const MAX_HOLE_GLYPH_HEIGHTS = 3;

/**
 * Whether `next` carries on the line `piece` (which starts first) after a hole: security
 * print over a zone (the German visa's hatched band) merges glyphs into blobs no chain takes,
 * and a run of small fillers cannot be chained across even one lost glyph.
 */
function continuesLine(piece: RowFit, next: RowFit): boolean {
  const h = Math.max(piece.glyphHeight, next.glyphHeight);
  const hole = next.uMin - piece.uMax;
  const ratio = piece.glyphHeight / next.glyphHeight;
  if (hole < -h || hole > MAX_HOLE_GLYPH_HEIGHTS * h || ratio < 0.5 || ratio > 2) return false;
  // The longer piece has the better slope: predict the other's centre from it.
  const [ref, other] = piece.glyphs >= next.glyphs ? [piece, next] : [next, piece];
  const u = (other.uMin + other.uMax) / 2;
  const v = other.intercept + other.slope * u;
  return Math.abs(ref.intercept + ref.slope * u - v) <= 0.4 * h;
}

/** Joins pieces of one line broken by a hole (see continuesLine), left to right. */
function joinBrokenLines(pieces: RowFit[]): RowFit[] {
  const open = [...pieces].sort((a, b) => a.uMin - b.uMin);
  const lines: RowFit[] = [];
  while (open.length > 0) {
    let line = open.shift() as RowFit;
    for (let k = 0; k < open.length; k++) {
      if (!continuesLine(line, open[k])) continue;
      line = fitRow([...line.members, ...open[k].members]);
      open.splice(k, 1);
      k = -1;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Links each glyph to its nearest follower of similar height on the same line, then joins
 * pieces of a line that a hole broke (joinBrokenLines).
 */
export function glyphRows(glyphs: Glyph[], minGlyphs: number): GlyphRow[] {
  const parent = new Int32Array(glyphs.length).map((_, i) => i);
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i];
    for (let j = i + 1; j < glyphs.length; j++) {
      const n = glyphs[j];
      const size = Math.max(g.across, n.across);
      if (n.u - g.u > 2.2 * size) break;
      const ratio = n.across / g.across;
      // The filler '<' is shorter than letters, so heights may differ by up to a factor 2.
      if (n.u - g.u < 0.3 * size || ratio < 0.5 || ratio > 2 || Math.abs(n.v - g.v) > 0.4 * size) continue;
      parent[find(parent, j)] = find(parent, i);
      break;
    }
  }
  const groups = new Map<number, Glyph[]>();
  glyphs.forEach((g, i) => {
    const root = find(parent, i);
    const list = groups.get(root);
    if (list) list.push(g);
    else groups.set(root, [g]);
  });
  const pieces = [...groups.values()].filter((m) => m.length >= MIN_PIECE_GLYPHS).map(fitRow);
  return joinBrokenLines(pieces)
    .filter((r) => r.glyphs >= minGlyphs)
    .map(({ glyphs: count, uMin, uMax, intercept, slope, glyphHeight }) => ({ glyphs: count, uMin, uMax, intercept, slope, glyphHeight }));
}

/**
 * Widest line pitch of a zone, in glyph heights: a card's lines are about 1.7 glyph heights
 * apart, a passport's about 2.2-2.5, the German MRV-B visa specimen's 3.6.
 */
const MAX_LINE_GAP_GLYPH_HEIGHTS = 4;

function rowsAreOneZone(a: GlyphRow, b: GlyphRow): boolean {
  const h = Math.max(a.glyphHeight, b.glyphHeight);
  const ratio = a.glyphHeight / b.glyphHeight;
  if (ratio < 0.75 || ratio > 1.33 || Math.abs(a.slope - b.slope) > 0.06) return false;
  const mid = (Math.max(a.uMin, b.uMin) + Math.min(a.uMax, b.uMax)) / 2;
  const overlap = Math.min(a.uMax, b.uMax) - Math.max(a.uMin, b.uMin);
  if (overlap < 0.5 * Math.min(a.uMax - a.uMin, b.uMax - b.uMin)) return false;
  const gap = Math.abs((b.intercept + b.slope * mid) - (a.intercept + a.slope * mid));
  return gap > 1.1 * h && gap < MAX_LINE_GAP_GLYPH_HEIGHTS * h;
}

/**
 * How much a group of rows looks like a zone: two or three rows of 30 to 44 glyphs, equally
 * long, with glyphs big enough to read. Printed text rows are shorter, of mixed lengths, or
 * longer than any zone line.
 */
function zoneLikeness(rows: GlyphRow[], glyphHeight: number): number {
  const longest = Math.max(...rows.map((r) => r.glyphs));
  const extents = rows.map((r) => r.uMax - r.uMin);
  const even = Math.min(...extents) / Math.max(...extents);
  let score = Math.min(rows.length, 3) * Math.min(longest, 44);
  if (rows.length >= 2 && even < 0.75) score *= 0.6;
  if (longest > 50) score *= 0.5;
  if (glyphHeight < 8) score *= 0.6;
  return score + rows.reduce((sum, r) => sum + r.glyphs, 0) * 0.1;
}

function bandOf(rows: GlyphRow[], axis: TextAxis): MrzBand {
  const glyphs = rows.reduce((s, r) => s + r.glyphs, 0);
  const slope = rows.reduce((s, r) => s + r.slope * r.glyphs, 0) / glyphs;
  const glyphHeight = rows.reduce((s, r) => s + r.glyphHeight * r.glyphs, 0) / glyphs;
  const uMin = Math.min(...rows.map((r) => r.uMin));
  const uMax = Math.max(...rows.map((r) => r.uMax));
  const uMid = (uMin + uMax) / 2;
  const vs = rows.map((r) => r.intercept + r.slope * uMid);
  const vMid = (Math.min(...vs) + Math.max(...vs)) / 2;
  const cos = 1 / Math.sqrt(1 + slope * slope);
  const length = (uMax - uMin) / cos + 3 * glyphHeight;
  // A lone row may be one of two or three: leave room for its neighbours.
  const thickness = rows.length === 1 ? 6 * glyphHeight : (Math.max(...vs) - Math.min(...vs)) * cos + 2.6 * glyphHeight;
  const angle = (Math.atan(slope) * 180) / Math.PI;
  const base = { axis, rows, length, thickness, glyphHeight, score: zoneLikeness(rows, glyphHeight) };
  return axis === 'horizontal'
    ? { ...base, centreX: uMid, centreY: vMid, directionDeg: angle }
    : { ...base, centreX: vMid, centreY: uMid, directionDeg: 90 - angle };
}

/** Zones found in both axes, best first. */
export function locateMrzBands(img: GreyImage): MrzBand[] {
  return bandsAmong(darkBlobs(img));
}

/** Glyphs a row of printed text has at least, to count as one (a short word, a date). */
const MIN_TEXT_ROW_GLYPHS = 5;

/**
 * The zones of an image (locateMrzBands) and, when `besideFace` is given, its rows of printed
 * text beside that face, from one binarisation (see printedTextRows).
 */
export function readTextLayout(img: GreyImage, besideFace?: Box): { bands: MrzBand[]; textRows?: number } {
  const blobs = darkBlobs(img);
  const bands = bandsAmong(blobs);
  return besideFace ? { bands, textRows: printedTextRows(blobs, besideFace) } : { bands };
}

/**
 * Rows of printed text among `blobs`, along either axis, leaving out those centred where a
 * person's head and body would be round `face`: the head and hair half a face width either side
 * of it and a face height above, the shoulders and body a face width and a half either side
 * below it. Hair, fur and knitwear make rows of glyph-like marks there, and a document's text
 * sits beside its portrait, not on it.
 */
function printedTextRows(blobs: Blob[], face: Box): number {
  const chin = face.y + 1.1 * face.height;
  const onPerson = (x: number, y: number): boolean => y >= face.y - face.height && (y < chin
    ? x >= face.x - 0.5 * face.width && x <= face.x + 1.5 * face.width
    : x >= face.x - 1.5 * face.width && x <= face.x + 2.5 * face.width);
  let rows = 0;
  for (const axis of ['horizontal', 'vertical'] as TextAxis[]) {
    for (const row of glyphRows(glyphsAlong(blobs, axis), MIN_TEXT_ROW_GLYPHS)) {
      const u = (row.uMin + row.uMax) / 2;
      const v = row.intercept + row.slope * u;
      if (!(axis === 'horizontal' ? onPerson(u, v) : onPerson(v, u))) rows++;
    }
  }
  return rows;
}

function darkBlobs(img: GreyImage): Blob[] {
  const radius = Math.max(8, Math.round(Math.max(img.width, img.height) / 40));
  return connectedComponents(binariseDarkText(img, radius), img.width, img.height);
}

function bandsAmong(blobs: Blob[]): MrzBand[] {
  const bands: MrzBand[] = [];
  for (const axis of ['horizontal', 'vertical'] as TextAxis[]) {
    const rows = glyphRows(glyphsAlong(blobs, axis), 10).sort((a, b) => a.intercept - b.intercept);
    // A zone grown from every row, not only from rows no earlier zone took: a short printed
    // line just above a zone (the German residence permit's small copy of its number) would
    // otherwise start the zone and leave its last line out.
    rows.forEach((row, start) => {
      const zone = [row];
      for (const other of rows.slice(start + 1)) {
        if (zone.length === 3) break;
        if (rowsAreOneZone(zone[zone.length - 1], other)) zone.push(other);
      }
      bands.push(bandOf(zone, axis));
    });
  }
  // Of the zones sharing a row, the most zone-like.
  const taken = new Set<GlyphRow>();
  const best: MrzBand[] = [];
  for (const band of bands.sort((a, b) => b.score - a.score)) {
    if (band.rows.some((r) => taken.has(r))) continue;
    band.rows.forEach((r) => taken.add(r));
    best.push(band);
  }
  return best;
}
