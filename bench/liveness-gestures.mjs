#!/usr/bin/env node
/**
 * Every liveness gesture measured on real, annotated clips: per gesture type, the recall
 * (annotated events found within +-0.3 s) and the false events per minute on the parts of
 * the clips where that gesture is not annotated, at 30 fps and with every other frame
 * dropped (15 fps, what a counter PC's tracker gives).
 *
 *   npm run build && node bench/liveness-gestures.mjs [--clips DIR] [--annotations CSV] [--strides 1,2] [--json] [--attacks] [--attacks-only]
 *
 * --attacks adds the attack section: bench/lib/liveness-attacks.cjs renders presentation
 * attacks (print swung, folded and turned, tipped back, photos swapped, shaken) from the
 * verification photos, runs each through the same analysis, and runs every challenge it
 * imitates as a one-challenge session: each line says passed (the attack got through) or
 * refused, with the session's failure. --attacks-only skips the real clips.
 *
 * Annotations: DIR/events.csv (the data set's own: smiles, open mouths, head turns) and
 * test/fixtures/liveness-annotations.csv (blinks, annotated frame by frame in this project).
 * Blinks are scored only on the clips whose blinks were annotated (those the project's CSV
 * names); `<event>_unsure` rows (lids low but not clearly shut, a one-sided smirk) count
 * neither way: an event there is neither found nor false. A `wrong_<event>` row in the project's
 * CSV withdraws the data set's rows of that event overlapping its window (events.csv read a
 * direction wrong; the project's row with the right one replaces it). A clip named with a folder
 * (`liveness/hamilton_clip.mp4`) is looked up from the clips folder's parent. Clips are
 * converted to Y4M with ffmpeg into a temporary folder, removed at the end. Recall comes with
 * its exact (Clopper-Pearson) 95% interval, false events with the exact Poisson 95% upper bound
 * per minute; --markdown prints the docs/liveness.md table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const TOLERANCE_S = 0.3;
const GESTURES = ['blink', 'smile', 'mouth-open', 'turn-left', 'turn-right'];
/** events.csv names -> gesture; directions there are the image's, ours the customer's own (MANIFEST.md). */
const EVENT_NAMES = { blink: 'blink', smile: 'smile', mouth_open: 'mouth-open', turn_image_right: 'turn-left', turn_image_left: 'turn-right' };

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** file,start_s,end_s,event,detail (detail may be quoted). */
export function readAnnotations(file) {
  const rows = readFileSync(file, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
  return rows.map((line, i) => {
    const [clip, start, end, event] = line.split(',');
    const row = { clip: clip.trim(), start: Number(start), end: Number(end), event: event.trim() };
    if (!row.clip || !Number.isFinite(row.start) || !Number.isFinite(row.end) || row.end < row.start) {
      throw new Error(`${file} line ${i + 2}: expected file,start_s,end_s,event,detail, got "${line}"`);
    }
    return row;
  });
}

/**
 * Scores one gesture over clips: `truth` the annotated windows, `ignore` windows that count
 * neither way, `detected` event times (s), `durations` seconds of each scored clip.
 */
export function scoreGesture(clips) {
  let annotated = 0;
  let found = 0;
  let falseEvents = 0;
  let negativeSeconds = 0;
  const near = (t, w) => t >= w.start - TOLERANCE_S && t <= w.end + TOLERANCE_S;
  for (const c of clips) {
    annotated += c.truth.length;
    found += c.truth.filter((w) => c.detected.some((t) => near(t, w))).length;
    falseEvents += c.detected.filter((t) => !c.truth.some((w) => near(t, w)) && !c.ignore.some((w) => near(t, w))).length;
    const excluded = [...c.truth, ...c.ignore].reduce((s, w) => s + (w.end - w.start) + 2 * TOLERANCE_S, 0);
    negativeSeconds += Math.max(0, c.duration - excluded);
  }
  return { annotated, found, recall: annotated > 0 ? found / annotated : null, falseEvents, negativeMinutes: negativeSeconds / 60, falsePerMinute: negativeSeconds > 0 ? falseEvents / (negativeSeconds / 60) : null };
}

/** The attack section: every planned attack against every challenge it imitates. */
async function runAttacks(tracker, eyeState, analyseLivenessVideo, work) {
  const { ATTACK_PLAN, ATTACK_PEOPLE, writeAttackClip } = require('./lib/liveness-attacks.cjs');
  const { ChallengeSession } = require(path.join(repoRoot, 'dist', 'shared', 'liveness', 'challenge-session.js'));
  const { parseChallenge } = require(path.join(repoRoot, 'dist', 'shared', 'liveness', 'challenges.js'));
  const photos = path.join(repoRoot, '..', 'shared', 'facedata', 'verification');
  if (!existsSync(photos)) {
    console.log(`attacks: skipped, no photos at ${photos}`);
    return [];
  }
  const findFaces = async (rgb, w, h) => (await tracker.track(rgb, w, h, 0, 0)).faces.map((f) => f.box);
  // The station also judges the liveness samples for presentation attacks (one every 500 ms, at
  // most 24: src/main/ipc/liveness-pad-frames.ts), so an attack passes there only when it
  // passes its challenge and the samples are not judged an attack.
  const { PresentationAttackDetector } = require(path.join(repoRoot, 'dist', 'main', 'vision', 'presentation-attack.js'));
  const { sampleAsLiveSession } = require(path.join(repoRoot, 'dist', 'main', 'liveness', 'sample-frames.js'));
  const detector = await PresentationAttackDetector.load(path.join(repoRoot, 'models'));
  const rows = [];
  for (const person of ATTACK_PEOPLE) {
    for (const plan of ATTACK_PLAN) {
      const name = `${person} ${plan.kind}${plan.params.angle !== undefined ? ` ${plan.params.angle} deg` : plan.params.reverse ? ' (2 then 1)' : ''}`;
      const clip = path.join(work, 'attack.y4m');
      await writeAttackClip(plan.kind, [path.join(photos, `${person}_1.jpg`), path.join(photos, `${person}_2.jpg`)], clip, plan.params, findFaces);
      const frames = [];
      await analyseLivenessVideo(clip, { tracker, eyeState, onFrame: (f) => frames.push(f) });
      const samples = await sampleAsLiveSession(clip);
      let pad;
      try {
        const judged = await detector.assess(samples.frames, { label: name });
        pad = judged.live ? 'live' : `attack: ${judged.reason}`;
      } catch (err) {
        if (err?.name !== 'EkycError') throw err;
        pad = `undecided (${err.code})`;
      }
      for (const f of samples.frames) f.data.fill(0);
      rmSync(clip, { force: true });
      for (const challenge of plan.challenges) {
        const session = new ChallengeSession([parseChallenge(challenge)]);
        for (const f of frames) session.push(f);
        const final = session.finish();
        const passed = final.status === 'passed';
        const atStation = passed && !pad.startsWith('attack');
        rows.push({ attack: name, challenge, passed, failure: final.failure ?? null, pad, atStation });
        if (!process.argv.includes('--json')) console.log(`attack ${name.padEnd(34)} ${challenge.padEnd(11)} ${passed ? 'PASSED' : `refused (${final.failure})`}; samples: ${pad}`);
      }
    }
  }
  await detector.release();
  const passed = rows.filter((r) => r.passed).length;
  const atStation = rows.filter((r) => r.atStation).length;
  if (!process.argv.includes('--json')) {
    console.log(`attacks: ${passed} of ${rows.length} attack/challenge pairs passed the challenge; ${atStation} of ${rows.length} also passed the samples' presentation-attack check (the station's decision)`);
  }
  return rows;
}

/** Exact one-sided 95% upper bound of a Poisson mean after seeing k events. */
export function poissonUpperBound(k, confidence = 0.95) {
  const cdf = (lambda) => {
    let term = Math.exp(-lambda);
    let sum = term;
    for (let i = 1; i <= k; i++) sum += (term *= lambda / i);
    return sum;
  };
  let lo = 0;
  let hi = 10 * (k + 3);
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) > 1 - confidence) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Data-set rows minus those a project `wrong_<event>` row withdraws. */
export function withCorrections(dataset, project) {
  const wrong = project.filter((r) => r.event.startsWith('wrong_'));
  return dataset.filter((d) => !wrong.some((w) => w.clip === d.clip && w.event === `wrong_${d.event}` && w.start < d.end && d.start < w.end));
}

async function main() {
  const clipsDir = path.resolve(option('clips', path.join(repoRoot, '..', 'shared', 'facedata', 'liveness-dev')));
  const ours = path.resolve(option('annotations', path.join(repoRoot, 'test', 'fixtures', 'liveness-annotations.csv')));
  const strides = option('strides', '1,2').split(',').map(Number);
  const datasetCsv = path.join(clipsDir, 'events.csv');
  if (!existsSync(clipsDir)) {
    console.log(`liveness-gestures: skipped, no clips at ${clipsDir}`);
    return 0;
  }
  const distModule = path.join(repoRoot, 'dist', 'main', 'liveness', 'analyse-video.js');
  if (!existsSync(distModule)) throw new Error(`${distModule} is missing; run \`npm run build\` first`);
  process.env.EKYC_MODELS_DIR ??= path.join(repoRoot, 'models');
  const { analyseLivenessVideo } = require(distModule);
  const { NodeFaceTracker } = require(path.join(repoRoot, 'dist', 'main', 'liveness', 'node-face-tracker.js'));
  const { EyeStateClassifier } = require(path.join(repoRoot, 'dist', 'main', 'vision', 'eye-state.js'));

  const dataset = existsSync(datasetCsv) ? readAnnotations(datasetCsv) : [];
  const project = readAnnotations(ours);
  const blinkClips = new Set(project.filter((r) => r.event.startsWith('blink')).map((r) => r.clip));
  // A blink in the data set's own CSV is taken from ours on the clips we annotated.
  const rows = [...withCorrections(dataset, project).filter((r) => !(r.event === 'blink' && blinkClips.has(r.clip))), ...project.filter((r) => !r.event.startsWith('wrong_'))];
  const clipPath = (c) => [path.join(clipsDir, c), path.join(clipsDir, '..', c)].find((p) => existsSync(p));
  const clips = process.argv.includes('--attacks-only') ? [] : [...new Set(rows.map((r) => r.clip))].filter((c) => clipPath(c) !== undefined);
  const { interval } = require(path.join(repoRoot, 'dist', 'main', 'vision', 'confidence-bounds.js'));

  const work = mkdtempSync(path.join(tmpdir(), 'ekyc-gestures-'));
  const tracker = await NodeFaceTracker.create();
  const eyeState = await EyeStateClassifier.load(process.env.EKYC_MODELS_DIR);
  const results = {};
  try {
    const detected = {};
    for (const clip of clips) {
      const y4m = path.join(work, `${path.parse(clip).name}.y4m`);
      execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', clipPath(clip), '-pix_fmt', 'yuv420p', `${y4m}.part.y4m`]);
      renameSync(`${y4m}.part.y4m`, y4m);
      for (const stride of strides) {
        const r = await analyseLivenessVideo(y4m, { tracker, eyeState, frameStride: stride });
        (detected[stride] ??= {})[clip] = { events: r.events, duration: (r.frames * stride) / r.video.fps, fps: r.video.fps / stride };
        const shown = r.events.map((e) => `${e.type}@${(e.timeMs / 1000).toFixed(2)}`).join(' ');
        if (!process.argv.includes('--json')) console.log(`${clip} at ${(r.video.fps / stride).toFixed(0)} fps: ${shown || 'no events'}`);
      }
      rmSync(y4m, { force: true });
    }
    if (process.argv.includes('--attacks') || process.argv.includes('--attacks-only')) results.attacks = await runAttacks(tracker, eyeState, analyseLivenessVideo, work);
    for (const stride of clips.length > 0 ? strides : []) {
      const perGesture = {};
      for (const g of GESTURES) {
        const scored = clips.filter((c) => g !== 'blink' || blinkClips.has(c)).map((c) => ({
          duration: detected[stride][c].duration,
          detected: detected[stride][c].events.filter((e) => e.type === g).map((e) => e.timeMs / 1000),
          truth: rows.filter((r) => r.clip === c && EVENT_NAMES[r.event] === g),
          ignore: rows.filter((r) => r.clip === c && r.event.endsWith('_unsure') && EVENT_NAMES[r.event.slice(0, -'_unsure'.length)] === g),
        }));
        const score = scoreGesture(scored);
        perGesture[g] = {
          clips: scored.length,
          ...score,
          recall95: score.annotated > 0 ? interval(score.found, score.annotated) : null,
          falsePerMinuteUpper95: score.negativeMinutes > 0 ? poissonUpperBound(score.falseEvents) / score.negativeMinutes : null,
        };
      }
      const fps = Math.round(detected[stride][clips[0]].fps);
      results[`${fps}fps`] = perGesture;
    }
  } finally {
    await eyeState.release();
    rmSync(work, { recursive: true, force: true });
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(results, null, 2));
  } else if (process.argv.includes('--markdown')) {
    const rates = Object.keys(results).filter((k) => k !== 'attacks');
    console.log(`| gesture | ${rates.map((r) => `recall, ${r} (95% CI) | false, ${r} (95% upper)`).join(' | ')} | clips |`);
    console.log(`|---|${rates.map(() => '---|---|').join('')}---|`);
    for (const g of GESTURES) {
      const cells = rates.map((r) => {
        const s = results[r][g];
        const recall = s.recall === null ? 'n/a' : `**${(100 * s.recall).toFixed(0)} %** (${s.found}/${s.annotated}, ${(100 * s.recall95[0]).toFixed(0)}-${(100 * s.recall95[1]).toFixed(0)} %)`;
        const falses = `${s.falseEvents} in ${s.negativeMinutes.toFixed(2)} min = ${s.falsePerMinute.toFixed(2)}/min (<= ${s.falsePerMinuteUpper95.toFixed(1)})`;
        return `${recall} | ${falses}`;
      });
      console.log(`| ${g} | ${cells.join(' | ')} | ${results[rates[0]][g].clips} |`);
    }
  } else {
    for (const [rate, perGesture] of Object.entries(results).filter(([k]) => k !== 'attacks')) {
      console.log(`\n${rate}: gesture      recall            false events (per minute without it)`);
      for (const [g, s] of Object.entries(perGesture)) {
        const recall = s.recall === null ? '  n/a' : `${(100 * s.recall).toFixed(0).padStart(4)}%`;
        const ci = s.recall95 ? ` [95%: ${(100 * s.recall95[0]).toFixed(0)}-${(100 * s.recall95[1]).toFixed(0)}%]` : '';
        console.log(`  ${g.padEnd(11)} ${recall} (${s.found}/${s.annotated})${ci}   ${s.falseEvents} in ${s.negativeMinutes.toFixed(2)} min = ${s.falsePerMinute?.toFixed(2)}/min (95% upper ${s.falsePerMinuteUpper95?.toFixed(2)})  [${s.clips} clips]`);
      }
    }
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then((code) => process.exit(code), (err) => {
    console.error(`liveness-gestures: ${err.message}`);
    process.exit(2);
  });
}
