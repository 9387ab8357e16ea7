#!/usr/bin/env node
// The portrait's apparent age against the zone's birth date (issue 16, cross-checks), measured
// through the station's own path (KeptDocuments: the portrait search, then the apparent-age
// model on its face box; run `npm run build` first):
// 1. LFW (../shared/facedata/lfw-dev): every photo of a person whose birth year is in
//    test/fixtures/lfw-birth-years.csv (public biographies; the photos are news pictures of
//    2002-2004, so the true age is taken as 2003 - birth year, +-1). The model's error by age,
//    and how many photos the soft flag would raise if each were a document issued the day it was
//    taken (the strictest case: the expected age is one number, not a range), on the two halves
//    of the people (alternate names in alphabetical order: the tolerance was set on half 0).
// 2. The specimens of idcards and idcards-dev: the zone read, the front's portrait, and the
//    check as the station judges it today; then the same zone with the birth date moved 30
//    years (holder older, and younger where that stays a birth date), as a forger swapping the
//    photo or the date would leave it.
// Usage: node bench/portrait-age.mjs [--json > run.json] [--from run.json] [--skip-lfw]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared', 'facedata');
const require = createRequire(import.meta.url);
const { judgePortraitAge, APPARENT_AGE_TOLERANCE_YEARS } = require(join(root, 'dist/main/document/portrait-age.js'));
const fromIndex = process.argv.indexOf('--from');
const run = fromIndex > 0 ? JSON.parse(readFileSync(process.argv[fromIndex + 1], 'utf8')) : await measure();
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(run));
  process.exit(0);
}
report(run);

async function measure() {
  const { KeptDocuments } = require(join(root, 'dist/main/ipc/kept-documents.js'));
  const { FaceAnalyzer } = require(join(root, 'dist/main/vision/face-analyzer.js'));
  const { MrzReader } = require(join(root, 'dist/main/document/mrz-reader.js'));
  const { ApparentAgeEstimator } = require(join(root, 'dist/main/vision/apparent-age.js'));
  const faces = await FaceAnalyzer.create();
  const ages = await ApparentAgeEstimator.create();
  const reader = await MrzReader.create();
  const store = new KeptDocuments({ faces: async () => faces, mrz: async () => reader, ages: async () => ages });
  const out = { lfw: [], specimens: [], skipped: [] };

  const lfwDir = join(shared, 'lfw-dev');
  if (process.argv.includes('--skip-lfw')) out.skipped.push('lfw: --skip-lfw');
  else if (!existsSync(join(lfwDir, 'meta.csv'))) out.skipped.push(`lfw: ${lfwDir} is absent`);
  else {
    const born = new Map(readFileSync(join(root, 'test/fixtures/lfw-birth-years.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).map(([id, y]) => [id, Number(y)]));
    const people = [...born.keys()].sort();
    const half = new Map(people.map((id, i) => [id, i % 2]));
    const meta = readFileSync(join(lfwDir, 'meta.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const [file, id] of meta) {
      if (!born.has(id)) continue;
      const row = { file, id, half: half.get(id), truth: 2003 - born.get(id) };
      try {
        const { documentId } = await store.openDocument({ fileName: file, path: join(lfwDir, file), preview: false });
        const analysis = await store.analyzeDocument(documentId);
        if (!analysis.portrait) row.problem = analysis.portraitProblem.message;
        else row.apparent = await store.estimatePortraitAge(documentId);
      } catch (err) {
        row.problem = err.message;
      }
      store.clear();
      out.lfw.push(row);
    }
  }

  for (const set of ['idcards', 'idcards-dev']) {
    const dir = join(shared, set);
    if (!existsSync(dir)) {
      out.skipped.push(`${set}: ${dir} is absent`);
      continue;
    }
    for (const file of readdirSync(dir).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort()) {
      const row = { set, file };
      try {
        const { documentId } = await store.openDocument({ fileName: file, path: join(dir, file), preview: false });
        const analysis = await store.analyzeDocument(documentId);
        const reading = await store.readDocumentMrz(documentId).catch(() => null);
        row.birthDate = reading?.mrz.fields.birthDate ?? null;
        row.expirationDate = reading?.mrz.fields.expirationDate ?? null;
        if (analysis.portrait) row.apparent = await store.estimatePortraitAge(documentId);
        else row.problem = 'no usable portrait';
      } catch (err) {
        row.problem = err.message;
      }
      store.clear();
      out.specimens.push(row);
    }
  }
  out.today = new Date().toISOString().slice(0, 10);
  await reader.dispose();
  ages.dispose();
  return out;
}

function report({ lfw, specimens, skipped, today }) {
  for (const s of skipped) console.log(`skipped: ${s}`);
  const T = APPARENT_AGE_TOLERANCE_YEARS;
  if (lfw.length > 0) {
    const read = lfw.filter((r) => r.apparent !== undefined);
    console.log(`\n## LFW: ${read.length} of ${lfw.length} photos read (${new Set(read.map((r) => r.id)).size} people); no usable portrait on ${lfw.length - read.length}\n`);
    console.log('| true age | photos | mean error (bias) | mean absolute error | 95th percentile of the absolute error |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [lo, hi] of [[0, 30], [30, 40], [40, 50], [50, 60], [60, 70], [70, 120], [0, 120]]) {
      const g = read.filter((r) => r.truth >= lo && r.truth < hi);
      if (g.length === 0) continue;
      const e = g.map((r) => r.apparent - r.truth);
      const abs = e.map(Math.abs).sort((a, b) => a - b);
      const label = lo === 0 && hi === 120 ? '**all**' : hi === 120 ? `${lo}+` : lo === 0 ? `under ${hi}` : `${lo}-${hi - 1}`;
      console.log(`| ${label} | ${g.length} | ${mean(e).toFixed(1)} | ${mean(abs).toFixed(1)} | ${abs[Math.floor(0.95 * (abs.length - 1))].toFixed(1)} |`);
    }
    console.log(`\nFlagged if each photo were a document issued the day it was taken (tolerance ${T} years, in bold; half 0 tuned it):\n`);
    console.log('| tolerance | half 0: flagged (95% upper) | half 1: flagged (95% upper) | 30 years off, flagged | 40 years off, flagged |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const tol of [15, 20, 22, 25, 30]) {
      const cells = [0, 1].map((h) => {
        const g = read.filter((r) => r.half === h);
        const k = g.filter((r) => Math.abs(r.apparent - r.truth) > tol).length;
        return `${k}/${g.length} = ${pct(k, g.length)} (<= ${pct(upper95(k, g.length), 1)})`;
      });
      const off = (d) => {
        const older = read.filter((r) => r.apparent < r.truth + d - tol).length;
        const young = read.filter((r) => r.truth - d >= 0);
        const younger = young.filter((r) => r.apparent > r.truth - d + tol).length;
        return `${pct(older + younger, read.length + young.length)}`;
      };
      console.log(`| ${tol === T ? `**${tol}**` : tol} | ${cells.join(' | ')} | ${off(30)} | ${off(40)} |`);
    }
  }
  if (specimens.length > 0) {
    const on = new Date(`${today}T00:00:00Z`);
    console.log(`\n## Specimens (judged on ${today})\n`);
    console.log('| document | birth date | expiry | apparent age | check | birth date 30 years earlier | 30 years later |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    const counts = { judged: 0, flagged: 0, earlier: [0, 0], later: [0, 0] };
    for (const r of specimens) {
      if (r.apparent === undefined || !r.birthDate) {
        console.log(`| ${r.file} | ${r.birthDate ?? '-'} | ${r.expirationDate ?? '-'} | - | ${r.problem ?? 'no zone read'} | | |`);
        continue;
      }
      const zone = { birthDate: r.birthDate, expirationDate: r.expirationDate };
      const check = judgePortraitAge(r.apparent, zone, on);
      const moved = (years) => {
        const y = Number(r.birthDate.slice(0, 4)) + years;
        const shifted = { ...zone, birthDate: `${y}${r.birthDate.slice(4)}` };
        return y > on.getUTCFullYear() ? null : judgePortraitAge(r.apparent, shifted, on);
      };
      const [earlier, later] = [moved(-30), moved(30)];
      counts.judged++;
      if (check.status === 'differs') counts.flagged++;
      else {
        for (const [k, c] of [['earlier', earlier], ['later', later]]) {
          if (!c || c.status === 'not-judged') continue;
          counts[k][1]++;
          if (c.status === 'differs') counts[k][0]++;
        }
      }
      console.log(`| ${r.file} | ${r.birthDate} | ${r.expirationDate ?? '-'} | ${r.apparent.toFixed(1)} | ${text(check)} | ${text(earlier)} | ${text(later)} |`);
    }
    console.log(`\n${counts.judged} specimens judged; ${counts.flagged} flagged as they are. Of the others, moved 30 years: earlier (an older holder) flagged ${counts.earlier[0]} of ${counts.earlier[1]}, later (a younger holder) ${counts.later[0]} of ${counts.later[1]}.`);
  }
}

function text(check) {
  if (!check) return '-';
  if (check.status === 'differs') return `**looks ${check.years} years ${check.looks}**`;
  return check.status === 'consistent' ? 'consistent' : `not judged (${check.problem})`;
}
function mean(v) {
  return v.reduce((s, x) => s + x, 0) / v.length;
}
function pct(k, n) {
  return `${((100 * k) / n).toFixed(1)} %`;
}
/** Clopper-Pearson upper 95% bound of k successes in n (bisection on the binomial tail). */
function upper95(k, n) {
  if (k >= n) return 1;
  let lo = k / n;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const p = (lo + hi) / 2;
    let tail = 0;
    let term = (1 - p) ** n;
    for (let j = 0; j <= k; j++) {
      tail += term;
      term *= ((n - j) / (j + 1)) * (p / (1 - p));
    }
    if (tail > 0.025) lo = p;
    else hi = p;
  }
  return hi;
}
