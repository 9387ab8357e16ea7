/** Section 4: MRZ read time per document after the OCR worker is initialised (issue 7's < 1 s). */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { benchDir, distSnapshot, facedataDir, hasFacedata, lastJson, runNode } from '../lib/context.mjs';
import { existsSync } from 'node:fs';
import { round, summarise } from '../lib/stats.mjs';

export async function benchMrz({ log }) {
  if (!hasFacedata('idcards')) return { skipped: '../shared/facedata/idcards is absent' };
  if (!existsSync(path.join(distSnapshot, 'main', 'document', 'mrz-reader.js'))) return { skipped: 'src/main/document has no built MrzReader' };
  const dir = path.join(facedataDir, 'idcards');
  const files = readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => path.join(dir, f));
  const r = await runNode(path.join(benchDir, 'children', 'mrz-read.mjs'), files, { timeoutMs: 150_000 });
  if (r.code !== 0) {
    const why = `${r.timedOut ? 'timed out' : `exit ${r.code}`}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
    log(`mrz: FAILED ${why}`);
    return { skipped: `MrzReader did not finish (${why})` };
  }
  const j = lastJson(r.stdout);
  const ms = j.reads.map((x) => x.ms);
  const s = summarise(ms, 1);
  log(`mrz: ${j.reads.length} documents, median ${s.median} ms, max ${s.max} ms`);
  return {
    documents: j.reads.length,
    initMs: round(j.initMs),
    msPerDocument: s,
    valid: j.reads.filter((x) => x.valid).length,
    reads: j.reads.map((x) => ({ ...x, ms: round(x.ms, 1) })),
    peakRssMb: round(j.maxRssMb, 1),
  };
}
