#!/usr/bin/env node
// MRZ benchmark: reads every document in ../shared/facedata/idcards and ../shared/facedata/idcards-dev
// with the built reader (run `npm run build` first) and prints, per file, the format found, the
// check digits that validate, whether the zone matches the text its source states (idcards-dev's
// notes.csv), and the time per document after the OCR workers are up: wall time, and the
// process's CPU time (all threads), which other jobs on the machine do not inflate. The load
// average is printed with the times, as other work on this 2-core machine slows the OCR threads.
// `--write-docs` replaces the per-document table in docs/mrz.md (between its BEGIN/END markers).
// `--from FILE.json` renders a saved `--json` run instead of reading the documents again.
// Usage: node bench/mrz.mjs [--json] [--rounds N] [--write-docs] [--from FILE.json]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { MrzReader } = require(join(root, 'dist/main/document/mrz-reader.js'));
const sets = ['idcards', 'idcards-dev'].map((name) => ({ name, dir: resolve(root, '..', 'shared', 'facedata', name) }));
const present = sets.filter((s) => existsSync(s.dir));
for (const s of sets) if (!existsSync(s.dir)) console.log(`skipped: ${s.dir} is absent`);
if (present.length === 0) process.exit(0);

/** notes.csv: file -> zone lines its source states ('' when it states none). */
function statedZones(dir) {
  const file = join(dir, 'notes.csv');
  if (!existsSync(file)) return new Map();
  const out = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const cells = [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].map((m) => m[2] ?? m[1]);
    if (cells[0]) out.set(cells[0], { kind: cells[2], lines: (cells[4] ?? '').split(' / ').filter(Boolean) });
  }
  return out;
}

const fromArg = process.argv.indexOf('--from');
const saved = fromArg > 0 ? JSON.parse(readFileSync(process.argv[fromArg + 1], 'utf8')) : undefined;
const started = performance.now();
const reader = saved ? undefined : await MrzReader.create();
const initMs = performance.now() - started;
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Math.max(1, Number(process.argv[roundsArg + 1]) || 1) : 1;
const loadBefore = loadavg();
const rows = saved ? saved.rows : [];
for (let round = 0; round < (saved ? 0 : rounds); round++) {
  for (const { name, dir } of present) {
    const stated = statedZones(dir);
    for (const file of readdirSync(dir).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort()) {
      const reference = /^(\d+)_/.exec(file)?.[1];
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const row = { set: name, file, round, reference: reference ? Number(reference) : null, kind: stated.get(file)?.kind ?? null, stated: stated.get(file)?.lines ?? [] };
      try {
        const r = await reader.read(join(dir, file));
        const checks = Object.entries(r.mrz.checks);
        Object.assign(row, {
          format: r.mrz.format,
          found: true,
          valid: checks.filter(([, ok]) => ok).length,
          checks: checks.length,
          failing: checks.filter(([, ok]) => !ok).map(([k]) => k),
          allValid: r.mrz.valid,
          lines: r.mrz.lines,
          repaired: r.repairedCharacters,
        });
      } catch (err) {
        Object.assign(row, { format: '-', found: false, valid: 0, checks: 0, failing: [], allValid: false, error: err.code ?? err.message });
      }
      const cpu = process.cpuUsage(c0);
      rows.push({ ...row, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
  }
}
const loadAfter = loadavg();
await reader?.dispose();

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const summary = (values) => ({ median: quantile(values, 0.5), p95: quantile(values, 0.95), max: Math.max(...values) });
const wall = summary(rows.map((r) => r.ms));
const cpu = summary(rows.map((r) => r.cpuMs));
const load = saved?.load ?? { before: loadBefore.map((l) => Number(l.toFixed(2))), after: loadAfter.map((l) => Number(l.toFixed(2))) };

/** Whether the reading equals the zone text the source states ('' when it states none). */
const matches = (r) => (r.stated.length === 0 ? '' : r.lines && r.lines.join('/') === r.stated.join('/') ? 'yes' : 'no');
const first = rows.filter((row) => row.round === 0);
const table = [
  '| set | file | kind | format | found | check digits valid | every check valid | = stated zone | ms | CPU ms |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...first.map((r) => `| ${r.set} | ${r.file} | ${r.kind ?? '-'} | ${r.format} | ${r.found ? 'yes' : `no (${r.error})`} | ${r.valid}/${r.checks}${r.failing.length ? ` (fails: ${r.failing.join(', ')})` : ''} | ${r.allValid ? 'yes' : 'no'} | ${matches(r) || '-'} | ${r.ms.toFixed(0)} | ${r.cpuMs.toFixed(0)} |`),
];
const line = (name, s) => `${name}: median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms`;
const footer = [
  `${first.filter((r) => r.allValid).length} of ${first.length} with every check digit valid, ${first.filter((r) => r.found).length} with a zone found.`,
  `Per document over ${rows.length} reads (${saved?.rounds ?? rounds} round(s)): ${line('wall', wall)}; ${line('CPU (all threads)', cpu)}.`,
  `OCR workers ready in ${(saved?.initMs ?? initMs).toFixed(0)} ms; load average (1, 5, 15 min) ${load.before.join(' ')} before, ${load.after.join(' ')} after.`,
];

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ initMs, rounds, load, wall, cpu, rows }, null, 2));
} else {
  console.log([...table, '', ...footer].join('\n'));
}
if (process.argv.includes('--write-docs')) {
  const docs = join(root, 'docs', 'mrz.md');
  const text = readFileSync(docs, 'utf8');
  const begin = '<!-- BEGIN bench/mrz.mjs table -->';
  const end = '<!-- END bench/mrz.mjs table -->';
  const block = `${begin}\n${table.join('\n')}\n\n${footer.join('\n')}\n${end}`;
  const at = text.indexOf(begin);
  const next = at >= 0 ? text.slice(0, at) + block + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n## Per-document table\n\n${block}\n`;
  writeFileSync(docs, next);
  console.log(`\nwrote the table to ${docs}`);
}
