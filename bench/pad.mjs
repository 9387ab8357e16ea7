#!/usr/bin/env node
/**
 * `npm run bench:pad`: presentation-attack detection measured the ISO/IEC 30107-3 way.
 * APCER per attack type (attacks accepted as live) and BPCER per kind of live sample
 * (customers refused), with counts and exact 95% Clopper-Pearson intervals, for each
 * signal of src/main/vision/presentation-attack.ts alone and for their fusion.
 *
 *   npm run build && node bench/pad.mjs [--part report|tune] [--json] [--window-s 3] [--only TYPE] [--errors]
 *
 * Subjects are split once, by name (PARTS below): the thresholds were chosen on `tune`
 * (spoof-dev's tranvanluyt, the verification identities hashing even, five liveness-dev
 * clips) and the figures in docs/security.md come from `report`, which shares no person with it.
 * Attacks come from ../shared/facedata (spoof-dev replays, spoof/) and are made by code
 * (bench/lib/pad-attacks.mjs) from the same partition's live samples: prints of verification
 * photos, screen replays of liveness-dev clips, stills. Nothing generated is written anywhere.
 * A presentation is one picture (the face check's capture) or a window of a clip sampled at
 * 10 frames a second (a session). "No decision" (no face, several people) is counted apart:
 * for live samples it is also a refusal, for attacks it is not an acceptance.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dist, facedataDir, hasFacedata, modelsDir, snapshotDist } from './lib/context.mjs';
import { printAttack, screenAttack, stillAttack, resize } from './lib/pad-attacks.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const PART = option('part', 'report');
const WINDOW_S = Number(option('window-s', '3'));
const FPS = 10;
if (!['tune', 'report'].includes(PART)) {
  console.error(`bench:pad: --part must be tune or report, got ${PART}`);
  process.exit(2);
}
if (!hasFacedata('spoof-dev') || !hasFacedata('verification') || !hasFacedata('liveness-dev')) {
  console.error(`bench:pad: ${facedataDir}/spoof-dev, /verification and /liveness-dev are needed (see ../shared/facedata/MANIFEST.md); nothing measured`);
  process.exit(2);
}

/** The split, by person. liveness-dev's tranvanluyt and lestari are spoof-dev's people: same side. */
const PARTS = {
  tune: { spoofDevSubjects: ['tranvanluyt'], clips: ['tranvanluyt', 'lp_d0', 'lp_d10', 'lp_d12', 'apfol'], identityParity: 0, minivision: false },
  report: { spoofDevSubjects: ['lestari', 'manikantha'], clips: ['lestari', 'lp_d13', 'lp_d14', 'lp_d19', 'lp_d20', 'lp_d3', 'lp_d9', 'krzysiek'], identityParity: 1, minivision: true },
};
const part = PARTS[PART];

snapshotDist();
const { PresentationAttackDetector } = dist('main/vision/presentation-attack.js');
const { decodeImageFile } = dist('main/vision/image-decoder.js');
const { interval } = dist('main/vision/confidence-bounds.js');
const { judgeFaceCheckPicture, judgeLivenessSamples } = dist('main/vision/face-check-presentation.js');

/** FNV-1a: a stable split of identities that anyone can recompute. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** Identities of the verification photos: the connected groups of pairs.csv's genuine pairs. */
function verificationIdentities() {
  const dir = path.join(facedataDir, 'verification');
  const files = readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f));
  const parent = new Map(files.map((f) => [f, f]));
  const find = (f) => (parent.get(f) === f ? f : find(parent.get(f)));
  for (const line of readFileSync(path.join(dir, 'pairs.csv'), 'utf8').trim().split(/\r?\n/).slice(1)) {
    const [a, b, same] = line.split(',');
    if (same.trim() === '1' && parent.has(a) && parent.has(b)) parent.set(find(a), find(b));
  }
  const groups = new Map();
  for (const f of files) groups.set(find(f), [...(groups.get(find(f)) ?? []), f]);
  // An identity is named by its alphabetically first photo.
  return [...groups.values()].map((g) => ({ name: g.sort()[0], files: g.map((f) => path.join(dir, f)) }));
}

/** Frames of a video window, sampled at FPS and shrunk to at most 640 px, as the CLI samples. */
function videoFrames(file, startS, seconds) {
  const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim().split(',').map(Number);
  const f = Math.max(1, Math.ceil(Math.max(probe[0], probe[1]) / 640));
  const width = Math.floor(probe[0] / f / 2) * 2;
  const height = Math.floor(probe[1] / f / 2) * 2;
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(startS), '-t', String(seconds), '-i', file, '-vf', `fps=${FPS},scale=${width}:${height}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 });
  const size = width * height * 3;
  const frames = [];
  for (let o = 0; o + size <= raw.length; o += size) frames.push({ data: new Uint8Array(raw.subarray(o, o + size)), width, height, scale: 1 });
  return withoutPillarbox(frames);
}

/**
 * Frames without the black bars a portrait clip was published with (most liveness-dev clips

 * are pillarboxed, in dark grey, not black): a station's camera never sends them, and they are straight edges either
 * side of the face, which the bezel signal would rightly take for a screen's.
 */
function withoutPillarbox(frames) {
  if (frames.length === 0) return frames;
  const { data, width, height } = frames[0];
  const dark = (x) => {
    for (let y = 0; y < height; y += 2) {
      const p = (y * width + x) * 3;
      if (data[p] > 40 || data[p + 1] > 40 || data[p + 2] > 40) return false;
    }
    return true;
  };
  let left = 0;
  while (left < width / 3 && dark(left)) left++;
  let right = 0;
  while (right < width / 3 && dark(width - 1 - right)) right++;
  // A few dark columns are a dark scene's edge, not a bar.
  if (left < 8 && right < 8) return frames;
  const w = width - left - right;
  return frames.map((f) => {
    const out = new Uint8Array(w * height * 3);
    for (let y = 0; y < height; y++) out.set(f.data.subarray((y * width + left) * 3, (y * width + left + w) * 3), y * w * 3);
    return { data: out, width: w, height, scale: 1 };
  });
}

function duration(file) {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

/** Windows of WINDOW_S seconds, one every 2 * WINDOW_S, so a long clip gives several sessions. */
function windows(file) {
  const d = duration(file);
  const starts = [];
  for (let s = 0; s + WINDOW_S <= d + 0.01; s += 2 * WINDOW_S) starts.push(s);
  return starts.length > 0 ? starts : [0];
}


// ---- the presentations of this partition ----
/** { kind: 'live'|'attack', type, source, frames: () => Promise<RgbImage[]> } */
const presentations = [];
const add = (kind, type, source, frames) => presentations.push({ kind, type, source, frames });

const labels = readFileSync(path.join(facedataDir, 'spoof-dev', 'labels.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => {
  const [file, label, attack, subject] = l.split(',');
  return { file, label, attack, subject };
});
for (const row of labels.filter((r) => part.spoofDevSubjects.includes(r.subject))) {
  const file = path.join(facedataDir, 'spoof-dev', row.file);
  add(row.label === 'live' ? 'live' : 'attack', row.label === 'live' ? 'live picture (spoof-dev frame)' : `${row.attack} (spoof-dev frame)`, row.file, async () => [await decodeImageFile(file, { maxSide: 1280 })]);
}
for (const video of readdirSync(path.join(facedataDir, 'spoof-dev', 'videos'))) {
  const subject = video.split('_')[0];
  if (!part.spoofDevSubjects.includes(subject)) continue;
  const file = path.join(facedataDir, 'spoof-dev', 'videos', video);
  const live = video.includes('_real');
  const attack = labels.find((r) => r.subject === subject && r.label === 'spoof')?.attack ?? 'replay';
  for (const start of windows(file)) add(live ? 'live' : 'attack', live ? 'live session (spoof-dev clip)' : `${attack} (spoof-dev clip)`, `${video}@${start}s`, async () => videoFrames(file, start, WINDOW_S));
}
if (part.minivision && hasFacedata('spoof')) {
  for (const f of ['image_F1.jpg', 'image_F2.jpg']) add('attack', 'photo or screen (spoof/, type not stated)', f, async () => [await decodeImageFile(path.join(facedataDir, 'spoof', f), { maxSide: 1280 })]);
  add('live', 'live picture (spoof/)', 'image_T1.jpg', async () => [await decodeImageFile(path.join(facedataDir, 'spoof', 'image_T1.jpg'), { maxSide: 1280 })]);
}

const identities = verificationIdentities().filter((id) => fnv1a(id.name) % 2 === part.identityParity);
let seed = PART === 'tune' ? 1000 : 2000;
for (const id of identities) {
  for (const [j, file] of id.files.entries()) {
    const name = path.basename(file);
    const s = seed++;
    const load = async () => decodeImageFile(file, { maxSide: 1024 });
    add('live', 'live picture (verification photo)', name, async () => [await load()]);
    add('attack', 'print, one capture (generated)', name, async () => printAttack(await load(), { seed: s }));
    // Sessions from one photo per identity, so one person does not weigh in many times.
    if (j === 0) {
      add('attack', 'print, hand-held session (generated)', name, async () => printAttack(await load(), { seed: s, frames: WINDOW_S * FPS }));
      add('attack', 'still image, virtual camera (generated)', name, async () => stillAttack(resize(await load(), 640, 480), { frames: WINDOW_S * FPS }));
    }
  }
}

const clipDir = path.join(facedataDir, 'liveness-dev');
for (const clip of part.clips) {
  const file = path.join(clipDir, `${clip}.mp4`);
  for (const [k, start] of windows(file).entries()) {
    const s = seed++;
    add('live', 'live session (liveness-dev clip)', `${clip}@${start}s`, async () => videoFrames(file, start, WINDOW_S));
    add('attack', 'screen replay, hand-held phone session (generated)', `${clip}@${start}s`, async () => screenAttack(videoFrames(file, start, WINDOW_S), { seed: s, handheld: true, phone: true }));
    add('attack', 'screen replay, monitor on a stand session (generated)', `${clip}@${start}s`, async () => screenAttack(videoFrames(file, start, WINDOW_S), { seed: s + 500, handheld: false, phone: false }));
    add('attack', 'screen replay, one capture (generated)', `${clip}@${start}s`, async () => screenAttack(videoFrames(file, start, 0.1).slice(0, 1), { seed: s + 900, handheld: true, phone: k % 2 === 0 }));
  }
}

// ---- run ----
const detector = await PresentationAttackDetector.load(modelsDir);
const SIGNALS = ['model', 'stillFrames', 'rigidMotion', 'moire', 'bezel', 'glare'];
/** The signals fused before the medium's traces were added (issue 13's first figures): the "before" column. */
const BEFORE = ['model', 'stillFrames', 'rigidMotion'];
/** Whether one signal alone passed a result (null: it could not judge it). */
const passedAlone = (r, s) => {
  if (['moire', 'bezel', 'glare'].includes(s)) return r.signals.screen[s] === null ? null : !r.signals.screen.failed.includes(s);
  return r.signals[s] ? r.signals[s].passed !== false : null;
};
const results = [];
const started = Date.now();
// --only TEXT: just the presentations whose type contains TEXT (a quicker look while tuning).
const only = option('only', '');
for (const p of presentations.filter((x) => x.type.includes(only))) {
  const frames = await p.frames();
  let r;
  try {
    r = await detector.assess(frames, { label: p.source });
  } catch (err) {
    if (err?.name !== 'EkycError') throw err;
    results.push({ ...p, frames: frames.length, undecided: err.code });
    continue;
  }
  const alone = Object.fromEntries(SIGNALS.map((s) => [s, passedAlone(r, s)]));
  const before = BEFORE.every((s) => alone[s] !== false);
  results.push({ ...p, frames: frames.length, live: r.live, before, score: r.score, alone, station: frames.length > 1 ? await atTheStation(frames, r) : undefined, signals: { model: r.signals.model, screen: r.signals.screen, stillFrames: r.signals.stillFrames, rigidMotion: r.signals.rigidMotion } });
}

/**
 * A session as the station sees it: the face check's one picture, then the liveness samples
 * (the whole window). Every frame of the window is tried as the face check's picture (the
 * capture fires at whichever steady moment comes), under two rules: "single" refuses any
 * picture judged an attack (the rule before issue 13's third round), "deferred" is the
 * station's (src/main/vision/face-check-presentation.ts). Counts are of (session, picture)
 * pairs: how many of the window's pictures would have let the session through.
 */
async function atTheStation(frames, session) {
  let single = 0;
  let deferred = 0;
  let pictures = 0;
  for (const frame of frames) {
    let picture;
    try {
      picture = await detector.assess([frame], { label: 'the face check picture' });
    } catch (err) {
      if (err?.name !== 'EkycError') throw err;
      // No usable face in that frame: the face check would not take it.
      continue;
    }
    pictures++;
    const judged = judgeFaceCheckPicture(picture);
    const deferral = judged.decision === 'confirm-in-liveness' ? { ...judged, confirmed: null, at: '' } : null;
    if (picture.live && session.live) single++;
    if (judged.decision !== 'attack' && !judgeLivenessSamples({ judged: session }, deferral).attack) deferred++;
  }
  return { pictures, single, deferred };
}
await detector.release();

// ---- report ----
const pct = (k, n) => (n === 0 ? '-' : `${((100 * k) / n).toFixed(1)}%`);
const bounds = (k, n) => {
  if (n === 0) return '-';
  const [lo, hi] = interval(k, n);
  return `${(100 * lo).toFixed(1)}-${(100 * hi).toFixed(1)}%`;
};
/** For one group and one decision rule: errors (attacks accepted or live refused) of n. */
function rate(group, rule) {
  const decided = group.filter((r) => !r.undecided);
  const kind = group[0].kind;
  if (rule === 'station-single' || rule === 'station-deferred') {
    // (session, picture) pairs; an undecided live session refuses every picture of it.
    const key = rule === 'station-single' ? 'single' : 'deferred';
    let errors = 0;
    let n = 0;
    for (const r of group) {
      if (r.undecided) {
        if (kind === 'live' && r.frames > 1) { errors += r.frames; n += r.frames; }
        continue;
      }
      if (!r.station) continue;
      n += r.station.pictures;
      errors += kind === 'attack' ? r.station[key] : r.station.pictures - r.station[key];
    }
    return { errors, n };
  }
  const fusion = rule === 'fused' || rule === 'before';
  const considered = fusion ? decided : decided.filter((r) => r.alone[rule] !== null);
  const errors = considered.filter((r) => (rule === 'fused' ? r.live : rule === 'before' ? r.before : r.alone[rule]) === (kind === 'attack')).length;
  // Undecided live samples are refusals too: the customer did not get through.
  const extra = kind === 'live' && fusion ? group.length - decided.length : 0;
  return { errors: errors + extra, n: considered.length + extra };
}
const types = [...new Set(results.map((r) => `${r.kind}\u0000${r.type}`))].map((k) => k.split('\u0000'));
const table = types.map(([kind, type]) => {
  const group = results.filter((r) => r.kind === kind && r.type === type);
  const row = { kind, type, presentations: group.length, undecided: group.filter((r) => r.undecided).length };
  for (const rule of ['fused', 'before', 'station-single', 'station-deferred', ...SIGNALS]) row[rule] = rate(group, rule);
  return row;
});

if (args.includes('--json')) {
  console.log(JSON.stringify({ part: PART, windowS: WINDOW_S, fps: FPS, table, results: results.map(({ frames: n, ...r }) => ({ ...r, frames: n })) }, null, 1));
} else {
  console.log(`# Presentation-attack detection, partition "${PART}" (${results.length} presentations, ${Math.round((Date.now() - started) / 1000)} s)\n`);
  console.log('APCER for attacks (accepted as live), BPCER for live samples (refused); n = presentations the signal could judge; 95% Clopper-Pearson interval.\n');
  console.log('"before": the fusion of model, still frames and rigid motion only, in the same run.\n');
  console.log('"station": a session as the station judges it, the face check\'s picture then the liveness samples (the window), with every frame of the window tried as the picture; counts are (session, picture) pairs, which are not independent, so no interval: "single" refuses any face-check picture judged an attack, "deferred" leaves one only the model doubts (P(live) >= FACE_CHECK_MODEL_FLOOR) for the samples to confirm.\n');
  console.log('| | type | n | undecided | before | 95% | fused | 95% | station, single | station, deferred | model alone | still frames alone | rigid motion alone | moire alone | bezel alone | glare alone |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of table) {
    const cell = (x) => (x.n === 0 ? '-' : `${x.errors}/${x.n} (${pct(x.errors, x.n)})`);
    const sd = row['station-deferred'];
    console.log(`| ${row.kind === 'attack' ? 'APCER' : 'BPCER'} | ${row.type} | ${row.presentations} | ${row.undecided} | ${cell(row.before)} | ${bounds(row.before.errors, row.before.n)} | ${cell(row.fused)} | ${bounds(row.fused.errors, row.fused.n)} | ${cell(row['station-single'])} | ${cell(sd)} | ${cell(row.model)} | ${cell(row.stillFrames)} | ${cell(row.rigidMotion)} | ${cell(row.moire)} | ${cell(row.bezel)} | ${cell(row.glare)} |`);
  }
  for (const kind of ['attack', 'live']) {
    const group = results.filter((r) => r.kind === kind);
    // --only may leave one kind out altogether.
    if (group.length === 0) continue;
    const b = rate(group, 'before');
    const x = rate(group, 'fused');
    console.log(`\n${kind === 'attack' ? 'APCER, all attacks' : 'BPCER, all live samples'}: before ${b.errors}/${b.n} (${pct(b.errors, b.n)}, 95% ${bounds(b.errors, b.n)}); fused ${x.errors}/${x.n} (${pct(x.errors, x.n)}, 95% ${bounds(x.errors, x.n)})`);
    const ss = rate(group, 'station-single');
    const sd = rate(group, 'station-deferred');
    if (ss.n > 0) console.log(`${kind === 'attack' ? 'APCER, attack sessions' : 'BPCER, live sessions'} at the station, (session, picture) pairs: single ${ss.errors}/${ss.n} (${pct(ss.errors, ss.n)}); deferred ${sd.errors}/${sd.n} (${pct(sd.errors, sd.n)})`);
  }
  if (args.includes('--errors')) {
    for (const r of results.filter((r) => r.undecided || r.live === (r.kind === 'attack'))) console.log(`  ${r.kind} ${r.type} ${r.source}: ${r.undecided ?? `score ${r.score} screen ${JSON.stringify({ moire: r.signals.screen.moire, bezel: r.signals.screen.bezel, glare: r.signals.screen.glare })} still ${JSON.stringify(r.signals.stillFrames)} rigid ${JSON.stringify(r.signals.rigidMotion)}`}`);
  }
}
