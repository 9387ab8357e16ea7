/**
 * Cold start and memory: each engine in its own fresh Node process, so module loading,
 * model loading, first-inference set-up and peak RSS are those of that engine alone.
 */
import path from 'node:path';
import { benchDir, lastJson, runNode } from '../lib/context.mjs';
import { median, round } from '../lib/stats.mjs';

export async function benchColdStart({ pair, largest, log }) {
  const out = {};
  for (const engine of ['ours', 'peer']) {
    const r = await runNode(path.join(benchDir, 'children', 'cold-verify.mjs'), [engine, pair[0], pair[1], ...largest], { timeoutMs: 180_000 });
    if (r.code !== 0) {
      out[engine] = { failed: `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
      log(`cold start (${engine}): FAILED ${out[engine].failed}`);
      continue;
    }
    const j = lastJson(r.stdout);
    out[engine] = {
      pair: pair.map((f) => path.basename(f)),
      nodeBootMs: round(j.bootMs),
      importModulesMs: round(j.importMs),
      modelLoadMs: round(j.loadMs),
      coldVerificationMs: round(j.coldMs),
      warmVerificationMedianMs: round(median(j.warmMs)),
      processStartToFirstVerdictMs: round(j.processStartToFirstVerdictMs),
      spawnToExitMs: round(r.wallMs),
      verdict: j.verdict,
      peakRssMb: round(j.maxRssMb, 1),
      peakRssAfter: `${j.imagesAfterWarm} more images, the largest of the set (${largest.map((f) => path.basename(f)).join(', ')})`,
    };
    log(`cold start (${engine}): first verdict ${Math.round(j.processStartToFirstVerdictMs)} ms after process start (models ${Math.round(j.loadMs)} ms, cold ${Math.round(j.coldMs)} ms, warm ${Math.round(median(j.warmMs))} ms), peak RSS ${Math.round(j.maxRssMb)} MB`);
  }
  return out;
}
