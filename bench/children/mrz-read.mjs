/**
 * Run in its own process by the benchmark (tesseract.js workers stay out of the main one):
 * MrzReader initialised once, then every document read once, each read timed.
 *   node bench/children/mrz-read.mjs DOC...
 */
import path from 'node:path';
import { dist } from '../lib/context.mjs';

const files = process.argv.slice(2);
const { MrzReader } = dist('main/document/mrz-reader.js');
let t = performance.now();
const reader = await MrzReader.create();
const initMs = performance.now() - t;
const reads = [];
try {
  // One untimed read: the OCR worker compiles and caches on first use.
  await reader.read(files[0]).catch(() => undefined);
  for (const file of files) {
    t = performance.now();
    try {
      const r = await reader.read(file);
      reads.push({ file: path.basename(file), ms: performance.now() - t, format: r.mrz.format, valid: r.mrz.valid, rotation: r.rotation });
    } catch (err) {
      reads.push({ file: path.basename(file), ms: performance.now() - t, error: err?.code ?? String(err?.message ?? err).slice(0, 120) });
    }
  }
} finally {
  await reader.dispose();
}
console.log(JSON.stringify({ initMs, reads, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
