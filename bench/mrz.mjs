#!/usr/bin/env node
// MRZ benchmark: reads every document in ../shared/facedata/idcards with the built reader
// (run `npm run build` first) and prints, per file, the share of check digits that validate
// next to the number that starts the file name (PassportEye's Tesseract result there), and
// the time per document after the OCR workers are up: wall time, and the process's CPU time
// (all threads), which other jobs on the machine do not inflate. The load average is printed
// with the times, as other work on this 2-core machine slows the OCR threads.
// Usage: node bench/mrz.mjs [--json] [--rounds N] [--dir DIR]
// --dir reads another folder (for example ../shared/facedata/idcards-dev); a notes.csv there with
// a mrz_from_source column adds whether the zone read equals the text the source states.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { MrzReader } = require(join(root, 'dist/main/document/mrz-reader.js'));
const dirArg = process.argv.indexOf('--dir');
const dir = dirArg > 0 ? resolve(process.argv[dirArg + 1]) : resolve(root, '..', 'shared', 'facedata', 'idcards');
if (!existsSync(dir)) {
  console.log(`skipped: ${dir} is absent`);
  process.exit(0);
}

// notes.csv: quoted CSV, one row per file; the zone's lines are joined by " / " in mrz_from_source.
const splitCsv = (line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
const stated = new Map();
if (existsSync(join(dir, 'notes.csv'))) {
  const [header, ...lines] = readFileSync(join(dir, 'notes.csv'), 'utf8').split(/\r?\n/).filter(Boolean).map(splitCsv);
  const col = header.indexOf('mrz_from_source');
  for (const cells of lines) if (col >= 0 && cells[col]) stated.set(cells[0], cells[col].split(' / ').join('\n'));
}

const started = performance.now();
const reader = await MrzReader.create();
const initMs = performance.now() - started;
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Math.max(1, Number(process.argv[roundsArg + 1]) || 1) : 1;
const loadBefore = loadavg();
const rows = [];
const files = readdirSync(dir).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
for (let round = 0; round < rounds; round++) {
  for (const file of files) {
    const reference = /^(\d+)_/.exec(file)?.[1];
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const row = { file, round, reference: reference ? Number(reference) : null };
    try {
      const r = await reader.read(join(dir, file));
      const checks = Object.values(r.mrz.checks);
      Object.assign(row, { format: r.mrz.format, valid: checks.filter(Boolean).length, checks: checks.length, repaired: r.repairedCharacters });
      if (stated.has(file)) row.sameAsSource = r.mrz.lines.join('\n') === stated.get(file);
    } catch (err) {
      Object.assign(row, { format: '-', valid: 0, checks: 0, error: err.code ?? err.message });
    }
    const cpu = process.cpuUsage(c0);
    rows.push({ ...row, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
}
const loadAfter = loadavg();
await reader.dispose();

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const summary = (values) => ({ median: quantile(values, 0.5), p95: quantile(values, 0.95), max: Math.max(...values) });
const wall = summary(rows.map((r) => r.ms));
const cpu = summary(rows.map((r) => r.cpuMs));
const load = { before: loadBefore.map((l) => Number(l.toFixed(2))), after: loadAfter.map((l) => Number(l.toFixed(2))) };

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ initMs, rounds, load, wall, cpu, rows }, null, 2));
} else {
  console.log(`OCR workers ready in ${initMs.toFixed(0)} ms; ${rounds} round(s); load average ${load.before.join(' ')} before, ${load.after.join(' ')} after\n`);
  console.log('| file | format | check digits valid | ours % | PassportEye % | ms | CPU ms | repaired chars | same as source |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows.filter((row) => row.round === 0)) {
    const pct = r.checks ? Math.round((100 * r.valid) / r.checks) : 0;
    console.log(`| ${r.file} | ${r.format} | ${r.valid}/${r.checks}${r.error ? ` (${r.error})` : ''} | ${pct} | ${r.reference ?? '-'} | ${r.ms.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${r.repaired ?? '-'} | ${r.sameAsSource === undefined ? '-' : r.sameAsSource ? 'yes' : 'no'} |`);
  }
  const line = (name, s) => `${name}: median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms`;
  console.log(`\nper document over ${rows.length} reads: ${line('wall', wall)}; ${line('CPU (all threads)', cpu)}`);
}
