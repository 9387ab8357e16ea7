#!/usr/bin/env node
/**
 * The portrait finder (FaceAnalyzer.findPortrait) over documents: how many portraits it
 * finds, which pass found them, and the time per document.
 *
 *   npm run build && node bench/portrait-documents.mjs [--set idcards-dev|idcards|drawn|all] [--people N]
 *
 * idcards-dev/ and idcards/ are real specimen scans (backs of cards and a visa carry no
 * portrait; ../shared/facedata/MANIFEST.md and idcards-dev/notes.csv name them). "drawn"
 * draws cards by code (bench/lib/overlay-documents.cjs) with a portrait cut from a
 * verification photo under hologram and guilloche overlays of several strengths and at two
 * scan sizes; a drawn portrait counts as found only when the box found lies on it, upright.
 * The first pass is the finder as it was before the second pass existed, unchanged: what
 * it found is what the 'direct' count says, so "before" is that count.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { dist, facedataDir, hasFacedata, require, snapshotDist } from './lib/context.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const set = option('set', 'all');
const peopleCount = Number(option('people', '6'));

if (!hasFacedata('idcards-dev')) {
  console.error(`no ${facedataDir}/idcards-dev: nothing to measure`);
  process.exit(1);
}
snapshotDist();
const { FaceAnalyzer } = dist('main/vision/face-analyzer.js');
const { decodeImage, decodeImageFile } = dist('main/vision/image-decoder.js');
const { drawOverlaidDocument, idPhotoFrom, portraitBox } = require('./overlay-documents.cjs');

/** Documents of idcards/ and idcards-dev/ without a portrait (MANIFEST.md, notes.csv, and a look). */
const NO_PORTRAIT = new Set(['0_id-esp.png', '100_id-che.jpg', '100_id-usa.jpg', '53_id-d.jpg', 'arg0s_visas_Germany.png']);
const DRAWN_VARIANTS = {
  plain: {},
  'hologram 0.5 + guilloche 0.6': { hologram: 0.5, guilloche: 0.6 },
  'hologram 0.5 + guilloche 0.6, 545 px': { hologram: 0.5, guilloche: 0.6, width: 545 },
  'hologram 0.9': { hologram: 0.9 },
  'hologram 0.7 + guilloche 0.9': { hologram: 0.7, guilloche: 0.9 },
  'hologram 0.7 + guilloche 0.9, 545 px': { hologram: 0.7, guilloche: 0.9, width: 545 },
};

const analyzer = await FaceAnalyzer.create();

async function attempt(image) {
  const started = performance.now();
  try {
    const { portrait } = await analyzer.findPortrait(image);
    return { portrait, ms: performance.now() - started };
  } catch (err) {
    if (err?.code !== 'NO_USABLE_PORTRAIT') throw err;
    return { refusal: err.message, ms: performance.now() - started };
  }
}

function summarise(name, rows) {
  const withPortrait = rows.filter((r) => r.hasPortrait);
  const found = withPortrait.filter((r) => r.correct);
  const direct = found.filter((r) => r.portrait.pass === 'direct');
  const wrongFinds = rows.filter((r) => r.portrait && !r.correct);
  const ms = (list) => (list.length ? (list.reduce((s, r) => s + r.ms, 0) / list.length).toFixed(0) : '-');
  console.log(`${name}: portraits found ${found.length} of ${withPortrait.length} (first pass alone: ${direct.length}; second pass: ${found.length - direct.length}); ` +
    `wrong finds ${wrongFinds.length}; no-portrait documents refused ${rows.filter((r) => !r.hasPortrait && !r.portrait).length} of ${rows.length - withPortrait.length}; ` +
    `mean ms per document: all ${ms(rows)}, first-pass finds ${ms(direct)}, second-pass finds ${ms(found.filter((r) => r.portrait.pass !== 'direct'))}, refusals ${ms(rows.filter((r) => !r.portrait))}`);
}

for (const dir of ['idcards-dev', 'idcards']) {
  if (set !== 'all' && set !== dir) continue;
  const rows = [];
  for (const file of readdirSync(path.join(facedataDir, dir)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort()) {
    const r = await attempt(await decodeImageFile(path.join(facedataDir, dir, file)));
    const hasPortrait = !NO_PORTRAIT.has(file);
    // Real scans: any usable portrait found counts (their portraits were each checked by eye once).
    rows.push({ ...r, hasPortrait, correct: hasPortrait && !!r.portrait });
    console.log(`  ${dir}/${file}: ${r.portrait ? `found by the ${r.portrait.pass} pass, rotation ${r.portrait.rotation}, ${Math.round(r.portrait.box.width)} px` : `refused: ${r.refusal.slice(0, 90)}`} (${r.ms.toFixed(0)} ms)`);
  }
  summarise(dir, rows);
}

if (set === 'all' || set === 'drawn') {
  const people = readdirSync(path.join(facedataDir, 'verification')).filter((f) => /_1\.(jpe?g|png)$/i.test(f)).sort().slice(0, peopleCount);
  const byVariant = Object.fromEntries(Object.keys(DRAWN_VARIANTS).map((k) => [k, []]));
  for (const person of people) {
    const file = path.join(facedataDir, 'verification', person);
    const photo = await decodeImageFile(file);
    const source = await analyzer.analyzeDominantFace(photo);
    if (!source) continue;
    const b = source.face.box;
    const faceBox = { x: b.x / photo.scale, y: b.y / photo.scale, width: b.width / photo.scale, height: b.height / photo.scale };
    const idPhoto = await idPhotoFrom(file, faceBox);
    for (const [variant, options] of Object.entries(DRAWN_VARIANTS)) {
      const image = await decodeImage(new Uint8Array(await drawOverlaidDocument(idPhoto, options)), `${person} ${variant}`);
      const r = await attempt(image);
      const drawnBox = portraitBox(image.width);
      const centreX = r.portrait ? r.portrait.box.x + r.portrait.box.width / 2 : NaN;
      const centreY = r.portrait ? r.portrait.box.y + r.portrait.box.height / 2 : NaN;
      const onPortrait = r.portrait?.rotation === 0 && centreX > drawnBox.x && centreX < drawnBox.x + drawnBox.width && centreY > drawnBox.y && centreY < drawnBox.y + drawnBox.height;
      byVariant[variant].push({ ...r, hasPortrait: true, correct: onPortrait });
      console.log(`  ${person} [${variant}]: ${r.portrait ? `${onPortrait ? 'found' : 'WRONG'} by the ${r.portrait.pass} pass, rotation ${r.portrait.rotation}` : `refused: ${r.refusal.slice(0, 80)}`} (${r.ms.toFixed(0)} ms)`);
    }
  }
  for (const [variant, rows] of Object.entries(byVariant)) summarise(`drawn [${variant}]`, rows);
  summarise('drawn (all variants)', Object.values(byVariant).flat());
}
await analyzer.dispose();
