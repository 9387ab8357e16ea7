/**
 * Documents drawn with security overlays over a real portrait, for the portrait finder's
 * test and bench: an ID-1 card with printed fields and a portrait, under a rainbow
 * hologram (hue bands that shift across the card, semi-transparent, with the issuer's
 * letters and rings in it, as on passports' laminate) and/or guilloche (dense fine
 * sine-line rosettes printed over the photo). Deterministic: the same options draw the
 * same bytes. CommonJS so jest (test/main/vision) and the bench both require it.
 */
const sharp = require('sharp');

const CARD_WIDTH = 1000;
const CARD_HEIGHT = Math.round((CARD_WIDTH * 54) / 85.6);
const U = CARD_WIDTH / 100;
/** Where the portrait sits on the card (card pixels). */
const PORTRAIT = { left: Math.round(4 * U), top: Math.round(12 * U), width: Math.round(30 * U), height: Math.round(30 * U * 1.28) };

/**
 * Rainbow sheen: a repeating hue gradient across the card at `opacity`, plus the issuer's
 * letters and rings drawn in the same rainbow (a hologram's kinegram elements).
 */
function hologramSvg(opacity, bandPx) {
  const hues = [0, 50, 110, 180, 230, 290, 360];
  const stops = hues.map((h, i) => `<stop offset="${(i / (hues.length - 1)).toFixed(3)}" stop-color="hsl(${h},100%,55%)"/>`).join('');
  const letters = [];
  for (let row = 0; row < 6; row++) {
    for (let col = 0; col < 5; col++) {
      const x = (col * 22 + (row % 2) * 11) * U;
      const y = (row * 11 + 12) * U;
      letters.push(`<text x="${x}" y="${y}" font-family="DejaVu Sans" font-weight="bold" font-size="${9 * U}" fill="url(#rainbow)" fill-opacity="0.55">UTO</text>`);
    }
  }
  const rings = [];
  for (let i = 0; i < 6; i++) rings.push(`<circle cx="${20 * U}" cy="${32 * U}" r="${(6 + i * 4) * U}" stroke="url(#rainbow)" stroke-width="${1.2 * U}" fill="none"/>`);
  return `<linearGradient id="rainbow" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="${bandPx}" y2="${bandPx * 0.6}" spreadMethod="repeat">${stops}</linearGradient>
    <g opacity="${opacity}"><rect width="100%" height="100%" fill="url(#rainbow)" opacity="0.6"/>${letters.join('')}${rings.join('')}</g>`;
}

/** Guilloche: families of phase-shifted sine lines, fine and dense, in two inks. */
function guillocheSvg(opacity, strokePx) {
  const paths = [];
  const inks = ['#7a3b8f', '#2f7d6b'];
  for (let family = 0; family < 2; family++) {
    for (let k = 0; k < 28; k++) {
      const pts = [];
      for (let x = 0; x <= CARD_WIDTH; x += 6) {
        const t = x / CARD_WIDTH;
        const base = (k / 28) * CARD_HEIGHT;
        const y = base + Math.sin(t * Math.PI * (6 + family * 3) + k * 0.45) * 9 * U + Math.sin(t * Math.PI * 17 + k) * 1.5 * U;
        pts.push(`${x},${y.toFixed(1)}`);
      }
      paths.push(`<polyline points="${pts.join(' ')}" stroke="${inks[family]}" stroke-width="${strokePx}" fill="none"/>`);
    }
  }
  return `<g opacity="${opacity}">${paths.join('')}</g>`;
}

/**
 * An ID photo cut from `file` round its face box (the head about 60% of the photo's height,
 * as ICAO's photo guidelines ask), as PNG bytes in the card's portrait shape.
 */
async function idPhotoFrom(file, faceBox) {
  const meta = await sharp(file).rotate().metadata();
  const height = faceBox.height / 0.6;
  const width = height / 1.28;
  const cx = faceBox.x + faceBox.width / 2;
  const cy = faceBox.y + faceBox.height * 0.45;
  // Clamped to the photo: a face near its edge gets a tighter crop, not grey borders.
  const w = Math.min(meta.width, Math.round(width));
  const h = Math.min(meta.height, Math.round(height));
  const left = Math.max(0, Math.min(meta.width - w, Math.round(cx - w / 2)));
  const top = Math.max(0, Math.min(meta.height - h, Math.round(cy - h / 2)));
  return sharp(file).rotate().extract({ left, top, width: w, height: h }).png().toBuffer();
}

/**
 * A card with `portrait` (an ID photo's bytes, e.g. from idPhotoFrom) and the overlays
 * asked for, as JPEG bytes.
 * options.hologram: opacity 0..1 (0 or absent: none); options.guilloche: opacity 0..1;
 * options.width: output width in pixels (the card is drawn at 1000 and resized).
 */
async function drawOverlaidDocument(portrait, options = {}) {
  const { hologram = 0, guilloche = 0, width = CARD_WIDTH } = options;
  const fields = ['SURNAME', 'SPECIMEN', 'GIVEN NAMES', 'ALEX JORDAN', 'DATE OF BIRTH', '12 08 1974', 'DOCUMENT No', 'L898902C3']
    .map((t, i) => `<text x="${40 * U}" y="${(18 + i * 4.6 + (i % 2) * 0.4) * U}" font-family="DejaVu Sans" font-size="${(i % 2 ? 3.4 : 2.2) * U}" fill="${i % 2 ? '#1d2b4f' : '#5a6b8c'}">${t}</text>`)
    .join('');
  const card = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">
    <rect width="100%" height="100%" fill="#efe6da"/>
    <rect width="100%" height="${8 * U}" fill="#5b2333"/>
    <text x="${4 * U}" y="${5.6 * U}" font-family="DejaVu Sans" font-size="${3.6 * U}" font-weight="bold" fill="#ffffff">UTOPIA · PASSPORT CARD</text>
    ${fields}</svg>`;
  const photo = await sharp(portrait).resize(PORTRAIT.width, PORTRAIT.height, { fit: 'cover' }).png().toBuffer();
  const overlay = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">
    ${guilloche > 0 ? guillocheSvg(guilloche, 0.22 * U) : ''}
    ${hologram > 0 ? hologramSvg(hologram, 26 * U) : ''}</svg>`;
  const drawn = await sharp(Buffer.from(card))
    .composite([{ input: photo, left: PORTRAIT.left, top: PORTRAIT.top }, { input: Buffer.from(overlay), left: 0, top: 0 }])
    .png()
    .toBuffer();
  return sharp(drawn).resize(width).jpeg({ quality: 90 }).toBuffer();
}

/** The drawn portrait's place on a document of `width` pixels (for checking what was found). */
function portraitBox(width = CARD_WIDTH) {
  const s = width / CARD_WIDTH;
  return { x: PORTRAIT.left * s, y: PORTRAIT.top * s, width: PORTRAIT.width * s, height: PORTRAIT.height * s };
}

module.exports = { drawOverlaidDocument, idPhotoFrom, portraitBox };
