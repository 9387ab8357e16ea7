/**
 * Where the benchmark finds things, and the few process helpers every section shares.
 * The built dist/ is copied into bench/.work before measuring, so another `npm run build`
 * in the same checkout (it deletes dist/) cannot pull modules away mid-run.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const benchDir = path.join(repoRoot, 'bench');
export const workDir = path.join(benchDir, '.work', 'run');
/** EKYC_BENCH_FACEDATA only exists to try the run without the data (point it at a missing folder). */
export const facedataDir = process.env.EKYC_BENCH_FACEDATA ? path.resolve(process.env.EKYC_BENCH_FACEDATA) : path.resolve(repoRoot, '..', 'shared', 'facedata');
export const distSnapshot = path.join(workDir, 'dist');
export const modelsDir = path.join(repoRoot, 'models');
export const CHROMIUM = '/usr/bin/chromium';

export const require = createRequire(import.meta.url);

/** Copies dist/ aside; every section loads the app's modules from the copy. */
export function snapshotDist() {
  const dist = path.join(repoRoot, 'dist');
  if (!existsSync(path.join(dist, 'main', 'vision', 'face-analyzer.js'))) {
    throw new Error(`${dist} holds no built vision engine; run \`npm run build\` first (npm run bench does)`);
  }
  rmSync(distSnapshot, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(dist, distSnapshot, { recursive: true });
  // The copy lives elsewhere, so the models folder is named explicitly (onnx-runtime.ts honours it).
  process.env.EKYC_MODELS_DIR = modelsDir;
}

/** Loads a built module of the app (CommonJS) from the snapshot, e.g. dist('main/vision/face-analyzer.js'). */
export function dist(relative) {
  return require(path.join(distSnapshot, relative));
}

export function hasFacedata(sub = '') {
  return existsSync(path.join(facedataDir, sub));
}

/** face-api's demo photos: the fallback image set when ../shared/facedata is absent. */
export function faceApiDemoPhotos() {
  const dir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  return [1, 2, 3, 4, 5, 6].map((i) => path.join(dir, `sample${i}.jpg`)).filter((f) => existsSync(f));
}

export function readPairsCsv(file) {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => {
    const [img1, img2, same] = l.split(',').map((c) => c.trim());
    return { img1, img2, same: same === '1' };
  });
}

/**
 * Runs `node SCRIPT ...args`, sampling the child's resident memory from /proc every
 * `sampleMs`; resolves with stdout, stderr, exit code, wall time and the RSS samples.
 */
export function runNode(script, args = [], { timeoutMs = 120_000, sampleMs = 100, env = {} } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const rss = [];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const sampler = setInterval(() => {
      const kb = readStatusKb(child.pid, 'VmRSS');
      if (kb !== null) rss.push({ tMs: performance.now() - started, rssMb: kb / 1024 });
    }, sampleMs);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, wallMs: performance.now() - started, rss, timedOut: signal === 'SIGKILL' });
    });
  });
}

function readStatusKb(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Last line of a child's stdout parsed as JSON (children print one result object last). */
export function lastJson(stdout) {
  const line = stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

export function peakRssMb() {
  return process.resourceUsage().maxRSS / 1024;
}
