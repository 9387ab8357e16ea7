#!/usr/bin/env node
/**
 * onnxruntime's graph optimisation levels measured side by side on every ONNX model of
 * models/manifest.json, on this machine: median milliseconds a run (one thread, as the app
 * runs them), the ratio to 'all', the largest difference of any output value from 'all's, and
 * which level the manifest gives the model. The levels take turns within each round, so a
 * change in the machine's load affects them alike.
 *
 *   node bench/ort-optimisation.mjs [--rounds 30] [--json]
 *
 * The input is the same seeded noise for every level (a model's speed does not depend on the
 * values; its outputs must agree).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const LEVELS = ['disabled', 'basic', 'extended', 'all'];

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function noise(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const rounds = Number(option('rounds', '30'));
if (!Number.isInteger(rounds) || rounds < 3) throw new Error(`--rounds must be an integer of at least 3, got ${option('rounds', '30')}`);
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'models', 'manifest.json'), 'utf8'));
const rows = [];
for (const entry of manifest.models.filter((m) => m.file.endsWith('.onnx'))) {
  const shape = entry.input.shape;
  const input = new ort.Tensor('float32', noise(shape.reduce((a, b) => a * b, 1), 12345), shape);
  const sessions = {};
  for (const level of LEVELS) {
    sessions[level] = await ort.InferenceSession.create(path.join(repoRoot, 'models', entry.file), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: level, executionProviders: ['cpu'] });
  }
  const times = Object.fromEntries(LEVELS.map((l) => [l, []]));
  const outputs = {};
  const runs = entry.id === 'eye-state' || entry.id === 'landmarks' ? 10 : 1;
  for (let r = -2; r < rounds; r++) {
    for (const level of LEVELS) {
      const t = performance.now();
      let out;
      for (let k = 0; k < runs; k++) out = await sessions[level].run({ [entry.input.name]: input });
      if (r >= 0) times[level].push((performance.now() - t) / runs);
      outputs[level] = out[entry.output[0].name].data;
    }
  }
  for (const level of LEVELS) {
    let diff = 0;
    for (let i = 0; i < outputs.all.length; i++) diff = Math.max(diff, Math.abs(outputs[level][i] - outputs.all[i]));
    rows.push({ model: entry.id, file: entry.file, level, medianMs: Math.round(median(times[level]) * 100) / 100, ratioToAll: Math.round((median(times[level]) / median(times.all)) * 100) / 100, maxOutputDiff: diff, shipped: (entry.graphOptimization ?? 'all') === level });
    await sessions[level].release();
  }
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ rounds, rows }));
} else {
  console.log(`onnxruntime-node ${require('onnxruntime-node/package.json').version}, one thread, ${rounds} rounds, median ms per run`);
  console.log('| model | level | median ms | / all | max output diff | shipped |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.model} (${r.file}) | ${r.level} | ${r.medianMs} | ${r.ratioToAll} | ${r.maxOutputDiff.toExponential(1)} | ${r.shipped ? 'yes' : ''} |`);
}
