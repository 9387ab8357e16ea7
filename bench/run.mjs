#!/usr/bin/env node
/**
 * `npm run bench`: speed, memory and accuracy of the station's engines beside
 * @vladmandic/face-api's pipeline, in one run on this machine. Writes bench/RESULTS.md and
 * bench/results.json (the same figures, for comparing one run with another).
 * Sections whose inputs are absent (../shared/facedata, Chromium) are skipped with a message.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, facedataDir, hasFacedata, peakRssMb, repoRoot, snapshotDist } from './lib/context.mjs';
import { renderResults } from './lib/report.mjs';
import { benchColdStart } from './sections/cold-start.mjs';
import { benchBrowserTracker, benchNodeLiveness, prepareCameraClip } from './sections/liveness.mjs';
import { benchMrz } from './sections/mrz.mjs';
import { benchScaling } from './sections/scaling.mjs';
import { benchVerification } from './sections/verification.mjs';

/** The whole run (after the build) should end by then, to keep `npm run bench` under 5 minutes. */
const TARGET_RUN_MS = 255_000;
/** At most this long for interleaved pairs beyond the ones that cover every image. */
const MAX_EXTRA_PAIRS_MS = 45_000;
/** Cold start, liveness and MRZ together: 27 s measured at load average 10 on 2 cores, plus margin. */
const FIXED_LATER_SECTIONS_MS = 45_000;
const SCALING_IMAGES = [50, 200, 1000];

const started = performance.now();
const log = (message) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
const loadAtStart = os.loadavg();

snapshotDist();
const meta = describeRun();
log(`bench: commit ${meta.commit}${meta.dirty ? ' (working tree has uncommitted changes)' : ''}; load average ${loadAtStart.map((v) => v.toFixed(2)).join(' ')}`);
if (!hasFacedata()) log(`bench: ${facedataDir} is absent: verification runs on face-api's demo photos; liveness, MRZ and accuracy sections are skipped`);

const sections = {};
const clip = prepareCameraClip(log);
// Extra pairs only with the time the later sections leave: scaling costs about the mean
// per-image time measured so far (this run, this load) for each image it embeds.
const extraPairBudgetMs = (meanImageMs) => {
  const scalingMs = 1.5 * meanImageMs * SCALING_IMAGES.reduce((a, b) => a + b, 0);
  return Math.max(0, Math.min(MAX_EXTRA_PAIRS_MS, TARGET_RUN_MS - (performance.now() - started) - FIXED_LATER_SECTIONS_MS - scalingMs));
};
const verification = await benchVerification({ log, extraPairBudgetMs, cameraClip: clip });
sections.verification = verification.result;

const verificationImages = verificationSet(verification);
sections.coldStart = await benchColdStart({ pair: verificationImages.firstPair, largest: verificationImages.largest, log });
sections.livenessBrowser = await benchBrowserTracker({ clip, log }).catch((err) => ({ skipped: `headless Chromium run failed: ${err.message.split('\n')[0]}` }));
sections.livenessNode = await benchNodeLiveness({ clip, log });
sections.mrz = await benchMrz({ log });
sections.scaling = await benchScaling({ images: verificationImages.images, sameIdentity: verificationImages.sameIdentity, sizes: SCALING_IMAGES, log });

const loadAtEnd = os.loadavg();
const results = {
  schema: 1,
  ...meta,
  loadAverage: { start: loadAtStart.map((v) => Number(v.toFixed(2))), end: loadAtEnd.map((v) => Number(v.toFixed(2))) },
  benchProcessPeakRssMb: Number(peakRssMb().toFixed(1)),
  durationS: Number(((performance.now() - started) / 1000).toFixed(1)),
  sections,
};
const jsonPath = path.join(benchDir, 'results.json');
const previous = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : null;
writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(benchDir, 'RESULTS.md'), renderResults(results, previous));
log(`bench: wrote bench/RESULTS.md and bench/results.json in ${results.durationS} s`);

function describeRun() {
  const git = (...args) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short=12', 'HEAD'),
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    command: 'npm run bench',
    machine: {
      cpu: `${cpus[0]?.model ?? 'unknown'} x ${cpus.length}`,
      memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
    },
  };
}

/** The photos and pairs of the verification section, for the cold start and scaling sections. */
function verificationSet({ photos, pairs }) {
  const same = new Set(pairs.filter((p) => p.same).map((p) => `${p.img1}|${p.img2}`));
  const first = pairs.find((p) => p.same) ?? pairs[0];
  return {
    images: photos.map((p) => p.file),
    firstPair: [first.img1, first.img2],
    largest: [...photos].sort((a, b) => b.pixels - a.pixels).slice(0, 3).map((p) => p.file),
    sameIdentity: (a, b) => a === b || same.has(`${a}|${b}`) || same.has(`${b}|${a}`),
  };
}
