/**
 * Run in a fresh process by the benchmark: start-up, model load, the first (cold)
 * verification, warm repeats of the same pair, then the largest photos, for the process's
 * peak RSS. Prints one JSON object.
 *   node bench/children/cold-verify.mjs ours|peer IMG1 IMG2 [MORE_IMAGES...]
 */
const bootMs = performance.now();
const [engineName, img1, img2, ...more] = process.argv.slice(2);

let t = performance.now();
const { loadOurEngine } = await import('../lib/our-pipeline.mjs');
const { FaceApiPeer } = await import('../lib/face-api-peer.mjs');
const importMs = performance.now() - t;

t = performance.now();
const engine = engineName === 'ours' ? await loadOurEngine({ stages: false }) : await FaceApiPeer.load();
const loadMs = performance.now() - t;

const verdict = (r) => (engineName === 'ours' ? { match: r.match, similarity: r.similarity } : { match: r.match, distance: r.distance });
t = performance.now();
const first = await engine.verify(img1, img2);
const coldMs = performance.now() - t;
const sinceStartMs = performance.now();

const warmMs = [];
for (let i = 0; i < 5; i++) {
  t = performance.now();
  await engine.verify(img1, img2);
  warmMs.push(performance.now() - t);
}
for (const f of more) await engine.describe(f);

console.log(JSON.stringify({
  engine: engineName,
  bootMs, importMs, loadMs, coldMs, warmMs,
  processStartToFirstVerdictMs: sinceStartMs,
  verdict: verdict(first),
  imagesAfterWarm: more.length,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
}));
