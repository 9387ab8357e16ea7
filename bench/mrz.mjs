#!/usr/bin/env node
// MRZ benchmark: reads every document in ../shared/facedata/idcards with the built reader
// (run `npm run build` first) and prints, per file, the share of check digits that validate
// next to the number that starts the file name (PassportEye's Tesseract result there), and
// the time per document after the OCR workers are up. Usage: node bench/mrz.mjs [--json]
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { MrzReader } = require(join(root, 'dist/main/document/mrz-reader.js'));
const dir = resolve(root, '..', 'shared', 'facedata', 'idcards');
if (!existsSync(dir)) {
  console.log(`skipped: ${dir} is absent`);
  process.exit(0);
}

const started = performance.now();
const reader = await MrzReader.create();
const initMs = performance.now() - started;
const rows = [];
for (const file of readdirSync(dir).sort()) {
  const reference = /^(\d+)_/.exec(file)?.[1];
  const t0 = performance.now();
  try {
    const r = await reader.read(join(dir, file));
    const checks = Object.values(r.mrz.checks);
    rows.push({ file, reference: reference ? Number(reference) : null, format: r.mrz.format, valid: checks.filter(Boolean).length, checks: checks.length, ms: performance.now() - t0, repaired: r.repairedCharacters });
  } catch (err) {
    rows.push({ file, reference: reference ? Number(reference) : null, format: '-', valid: 0, checks: 0, ms: performance.now() - t0, error: err.code ?? err.message });
  }
}
await reader.dispose();

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ initMs, rows }, null, 2));
} else {
  console.log(`OCR workers ready in ${initMs.toFixed(0)} ms\n`);
  console.log('| file | format | check digits valid | ours % | PassportEye % | ms | repaired chars |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const pct = r.checks ? Math.round((100 * r.valid) / r.checks) : 0;
    console.log(`| ${r.file} | ${r.format} | ${r.valid}/${r.checks}${r.error ? ` (${r.error})` : ''} | ${pct} | ${r.reference ?? '-'} | ${r.ms.toFixed(0)} | ${r.repaired ?? '-'} |`);
  }
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  console.log(`\nper document: median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`);
}
