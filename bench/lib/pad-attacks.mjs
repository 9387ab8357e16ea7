/**
 * Presentation attacks made by code from live samples, for bench/pad.mjs. Nothing generated
 * is written to disk: every attack is made in memory from ../shared/facedata each run, from a
 * seed, so a run is repeatable and no attack image enters the repository.
 *
 * Images are { data: Uint8Array RGB, width, height, scale }.
 * - print: a photo printed on paper (white margin, paper's tone curve and dull colours, a
 *   little ink blur) held in front of a blurred room at a perspective; as a session the hand
 *   shakes, tilts and zooms it over a still background.
 * - screen: a clip replayed on a phone or monitor (black bezel, the screen's gamma, moire
 *   from the camera's grid beating with the pixel grid, a glare spot), hand-held or on a stand.
 * - still: the same picture every frame (a still image fed to a virtual camera).
 * Every frame but a still's gets the camera's own sensor noise.
 */

/** Seeded PRNG (mulberry32): the same seed, the same attack. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = (r, lo, hi) => lo + (hi - lo) * r();
const gauss = (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const clamp8 = (v) => (v < 0 ? 0 : v > 255 ? 255 : v);

export function blank(width, height, grey = 0) {
  return { data: new Uint8Array(width * height * 3).fill(grey), width, height, scale: 1 };
}

/** Box blur of radius r (separable, two passes). */
export function boxBlur(img, r) {
  if (r < 1) return img;
  const { width: w, height: h } = img;
  const tmp = new Float32Array(w * h * 3);
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let x = -r; x <= r; x++) s += img.data[(y * w + Math.min(w - 1, Math.max(0, x))) * 3 + c];
      for (let x = 0; x < w; x++) {
        tmp[(y * w + x) * 3 + c] = s / (2 * r + 1);
        s += img.data[(y * w + Math.min(w - 1, x + r + 1)) * 3 + c] - img.data[(y * w + Math.max(0, x - r)) * 3 + c];
      }
    }
  }
  for (let x = 0; x < w; x++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let y = -r; y <= r; y++) s += tmp[(Math.min(h - 1, Math.max(0, y)) * w + x) * 3 + c];
      for (let y = 0; y < h; y++) {
        out[(y * w + x) * 3 + c] = Math.round(s / (2 * r + 1));
        s += tmp[(Math.min(h - 1, y + r + 1) * w + x) * 3 + c] - tmp[(Math.max(0, y - r) * w + x) * 3 + c];
      }
    }
  }
  return { ...img, data: out };
}

/** Resize (bilinear) to exactly width x height. */
export function resize(img, width, height) {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) sample(img, ((x + 0.5) * img.width) / width - 0.5, ((y + 0.5) * img.height) / height - 0.5, out, (y * width + x) * 3);
  }
  return { data: out, width, height, scale: 1 };
}

function sample(img, fx, fy, out, o) {
  const x0 = Math.max(0, Math.min(img.width - 1, Math.floor(fx)));
  const y0 = Math.max(0, Math.min(img.height - 1, Math.floor(fy)));
  const x1 = Math.min(img.width - 1, x0 + 1);
  const y1 = Math.min(img.height - 1, y0 + 1);
  const ax = Math.max(0, Math.min(1, fx - x0));
  const ay = Math.max(0, Math.min(1, fy - y0));
  for (let c = 0; c < 3; c++) {
    const a = img.data[(y0 * img.width + x0) * 3 + c];
    const b = img.data[(y0 * img.width + x1) * 3 + c];
    const d = img.data[(y1 * img.width + x0) * 3 + c];
    const e = img.data[(y1 * img.width + x1) * 3 + c];
    out[o + c] = Math.round((a * (1 - ax) + b * ax) * (1 - ay) + (d * (1 - ax) + e * ax) * ay);
  }
}

/** The homography taking the unit square's corners (0,0) (1,0) (1,1) (0,1) to `quad`. */
function squareToQuad(q) {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
  const dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
  const sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

function invert3(m) {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/** Paints `src` into `dst` (in place) so that its corners land on `quad` (TL, TR, BR, BL). */
export function warpInto(dst, src, quad) {
  const inv = invert3(squareToQuad(quad));
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(dst.width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(dst.height - 1, Math.ceil(Math.max(...ys)));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const w = inv[6] * x + inv[7] * y + inv[8];
      const u = (inv[0] * x + inv[1] * y + inv[2]) / w;
      const v = (inv[3] * x + inv[4] * y + inv[5]) / w;
      if (u < 0 || u > 1 || v < 0 || v > 1) continue;
      sample(src, u * src.width - 0.5, v * src.height - 0.5, dst.data, (y * dst.width + x) * 3);
    }
  }
  return dst;
}

/** A photo as printed: white margin, the paper's tone range, duller colours, ink blur. */
export function printLook(photo, r) {
  const margin = Math.round(Math.max(photo.width, photo.height) * uniform(r, 0.03, 0.08));
  const out = blank(photo.width + 2 * margin, photo.height + 2 * margin, 0);
  const paper = uniform(r, 215, 240);
  const black = uniform(r, 20, 45);
  const gamma = uniform(r, 1.05, 1.35);
  const saturation = uniform(r, 0.6, 0.85);
  const soft = boxBlur(photo, 1);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const o = (y * out.width + x) * 3;
      const px = x - margin;
      const py = y - margin;
      if (px < 0 || py < 0 || px >= photo.width || py >= photo.height) {
        out.data[o] = out.data[o + 1] = out.data[o + 2] = clamp8(paper + 6 * gauss(r));
        continue;
      }
      const p = (py * photo.width + px) * 3;
      const grey = 0.299 * soft.data[p] + 0.587 * soft.data[p + 1] + 0.114 * soft.data[p + 2];
      for (let c = 0; c < 3; c++) {
        const v = (grey + (soft.data[p + c] - grey) * saturation) / 255;
        out.data[o + c] = clamp8(black + (paper - black) * Math.pow(v, gamma));
      }
    }
  }
  return out;
}

/** A frame as a screen shows it to a camera: gamma, moire, glare, and the black bezel around it. */
export function screenLook(frame, r) {
  const bezel = Math.round(Math.max(frame.width, frame.height) * uniform(r, 0.03, 0.07));
  const out = blank(frame.width + 2 * bezel, frame.height + 2 * bezel, Math.round(uniform(r, 8, 25)));
  const gamma = uniform(r, 0.8, 1.25);
  const period = uniform(r, 3, 7);
  const angle = uniform(r, 0, Math.PI);
  const fx = Math.cos(angle) / period;
  const fy = Math.sin(angle) / period;
  const moire = uniform(r, 0.04, 0.12);
  const gx = uniform(r, 0.2, 0.8) * frame.width;
  const gy = uniform(r, 0.1, 0.6) * frame.height;
  const gr = uniform(r, 0.15, 0.35) * frame.width;
  const glare = uniform(r, 30, 90);
  const tint = [uniform(r, 0.9, 1), uniform(r, 0.95, 1), 1];
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const p = (y * frame.width + x) * 3;
      const o = ((y + bezel) * out.width + x + bezel) * 3;
      const m = 1 + moire * Math.sin(2 * Math.PI * (x * fx + y * fy));
      const g = glare * Math.exp(-((x - gx) ** 2 + (y - gy) ** 2) / (2 * gr * gr));
      for (let c = 0; c < 3; c++) out.data[o + c] = clamp8(255 * Math.pow(frame.data[p + c] / 255, gamma) * m * tint[c] + g);
    }
  }
  return out;
}

/**
 * A room behind the attack, made up so it holds no face: a lit wall, a door frame, shelves
 * and pictures as coloured blocks, and a fine texture (the rigid-motion signal follows
 * texture, as it would a real wall's).
 */
export function room(width, height, r) {
  const img = blank(width, height, 0);
  const wall = [uniform(r, 120, 210), uniform(r, 110, 200), uniform(r, 100, 190)];
  const lightX = uniform(r, 0, width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = 0.75 + 0.25 * Math.cos(((x - lightX) / width) * Math.PI) - 0.15 * (y / height);
      for (let c = 0; c < 3; c++) img.data[(y * width + x) * 3 + c] = clamp8(wall[c] * shade);
    }
  }
  const blocks = 6 + Math.floor(r() * 8);
  for (let b = 0; b < blocks; b++) {
    const w = uniform(r, 0.05, 0.35) * width;
    const h = uniform(r, 0.05, 0.5) * height;
    const x0 = uniform(r, -0.1, 1) * width;
    const y0 = uniform(r, -0.1, 1) * height;
    const colour = [uniform(r, 20, 240), uniform(r, 20, 240), uniform(r, 20, 240)];
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, y0 + h); y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(width, x0 + w); x++) for (let c = 0; c < 3; c++) img.data[(y * width + x) * 3 + c] = colour[c];
    }
  }
  const texture = new Uint8Array(width * height * 3);
  for (let i = 0; i < texture.length; i += 3) {
    const v = 12 * gauss(r);
    for (let c = 0; c < 3; c++) texture[i + c] = clamp8(img.data[i + c] + v);
  }
  return boxBlur({ ...img, data: texture }, Math.round(uniform(r, 1, 3)));
}

/** The camera's own noise, fresh every frame. */
export function cameraNoise(img, r, sigma = 2.5) {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = clamp8(img.data[i] + sigma * gauss(r));
  return { ...img, data };
}

/** Corners of a medium of aspect `aspect` (w/h) filling `fill` of the frame height, tilted in perspective. */
function placement(width, height, aspect, fill, r) {
  const h = height * fill;
  const w = h * aspect;
  const cx = width / 2 + uniform(r, -0.1, 0.1) * width;
  const cy = height / 2 + uniform(r, -0.08, 0.08) * height;
  const j = () => uniform(r, -0.08, 0.08) * h;
  return [[cx - w / 2 + j(), cy - h / 2 + j()], [cx + w / 2 + j(), cy - h / 2 + j()], [cx + w / 2 + j(), cy + h / 2 + j()], [cx - w / 2 + j(), cy + h / 2 + j()]];
}

/** The quad moved by a hand: shifted, turned about its centre and zoomed. */
function moved(quad, dx, dy, angle, zoom) {
  const cx = quad.reduce((s, p) => s + p[0], 0) / 4;
  const cy = quad.reduce((s, p) => s + p[1], 0) / 4;
  const c = Math.cos(angle) * zoom;
  const s = Math.sin(angle) * zoom;
  return quad.map(([x, y]) => [cx + dx + (x - cx) * c - (y - cy) * s, cy + dy + (x - cx) * s + (y - cy) * c]);
}

/** A hand's slow random walk: per-frame offsets (pixels), angles (radians) and zooms. */
function handPath(n, size, r, amount) {
  const path = [];
  let dx = 0, dy = 0, a = 0, z = 1;
  let vx = 0, vy = 0;
  for (let i = 0; i < n; i++) {
    vx = 0.7 * vx + amount * size * 0.02 * gauss(r);
    vy = 0.7 * vy + amount * size * 0.02 * gauss(r);
    dx += vx;
    dy += vy;
    a = 0.9 * a + amount * 0.01 * gauss(r);
    z = Math.max(0.9, Math.min(1.1, z + amount * 0.006 * gauss(r)));
    path.push({ dx, dy, a, z });
  }
  return path;
}

/**
 * A printed photo held to the camera: `frames` frames of `width` x `height` (1: a single
 * capture). `handheld`: the print shakes; otherwise it is propped up and still.
 */
export function printAttack(photo, { width = 640, height = 480, frames = 1, seed = 1, handheld = true } = {}) {
  const r = rng(seed);
  const print = printLook(photo, r);
  const bg = room(width, height, r);
  const quad = placement(width, height, print.width / print.height, uniform(r, 0.6, 0.95), r);
  const path = handPath(frames, height, r, handheld ? 1 : 0);
  return path.map((p) => cameraNoise(warpInto({ ...bg, data: Uint8Array.from(bg.data) }, print, moved(quad, p.dx, p.dy, p.a, p.z)), r));
}

/** A clip replayed on a screen held to (or propped before) the camera: one output frame per clip frame. */
export function screenAttack(clipFrames, { width = 640, height = 480, seed = 1, handheld = true, phone = true } = {}) {
  const r = rng(seed);
  const bg = room(width, height, r);
  const first = screenLook(clipFrames[0], rng(seed + 1));
  // A phone is held upright and shows the landscape clip letterboxed; a monitor shows it as is.
  const aspect = phone ? 0.56 : first.width / first.height;
  const quad = placement(width, height, aspect, uniform(r, phone ? 0.75 : 0.55, phone ? 0.98 : 0.85), r);
  const path = handPath(clipFrames.length, height, r, handheld ? 1 : 0);
  return clipFrames.map((frame, i) => {
    // The same screen for every frame: its moire, gamma and glare do not change mid-clip.
    let shown = screenLook(frame, rng(seed + 1));
    if (phone) shown = letterbox(shown, aspect);
    const p = path[i];
    return cameraNoise(warpInto({ ...bg, data: Uint8Array.from(bg.data) }, shown, moved(quad, p.dx, p.dy, p.a, p.z)), r);
  });
}

/** Pads an image with black bars above and below to aspect w/h = `aspect` (a landscape clip on an upright phone). */
function letterbox(img, aspect) {
  const height = Math.round(img.width / aspect);
  if (height <= img.height) return img;
  const out = blank(img.width, height, 10);
  out.data.set(img.data, Math.floor((height - img.height) / 2) * img.width * 3);
  return out;
}

/** The same picture `frames` times: a still fed to a virtual camera. */
export function stillAttack(picture, { frames = 20 } = {}) {
  return Array.from({ length: frames }, () => picture);
}
