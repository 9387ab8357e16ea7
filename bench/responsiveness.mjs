#!/usr/bin/env node
/**
 * `node bench/responsiveness.mjs` (after `npm run build`): does main stay responsive while
 * the engine works? A trivial request (settings:get through registerHandlers' checked handler,
 * as ipcMain would call it) is due every 2 ms while the station analyses an ID, verifies a
 * face and reads an MRZ back to back; its latency is counted from when it was due, so time
 * main's event loop spent blocked is in the figure. Once with the engine in main's process
 * (as before issue 11), once with the engine forked (EngineClient, as the app runs it).
 * ENGINES=forked measures the forked engine only; ROUNDS=n sets the rounds (3); DIST=dir
 * measures another build (a copy of an older dist/, for before/after runs back to back).
 * The bytes crossing between main and the engine are counted as Node serializes them
 * (v8.serialize, which 'advanced' IPC serialization uses), per method and direction. LOAD=n
 * adds n busy processes at nice 0 for the run (comparable competition for the cores).
 * Data: ../shared/facedata (verification/lin_manuel_miranda_1.png, idcards/passport-td3.jpg).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import v8 from 'node:v8';
import { spawn } from 'node:child_process';

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const distDir = process.env.DIST ? path.resolve(process.env.DIST) : path.join(repoRoot, 'dist');
process.env.EKYC_MODELS_DIR ??= path.join(repoRoot, 'models');
const dist = (p) => require(path.join(distDir, 'main', p));
const { createStationHandlers } = dist('ipc/station-handlers.js');
const { registerHandlers } = dist('ipc/register-handlers.js');
const { FaceAnalyzer } = dist('vision/face-analyzer.js');
const { MrzReader } = dist('document/mrz-reader.js');
const { EngineClient } = dist('engine/engine-client.js');
const { builtEngineModule, forkEngine } = dist('engine/engine-link.js');

const facedata = path.join(repoRoot, '..', 'shared', 'facedata');
const idFile = path.join(facedata, 'verification', 'lin_manuel_miranda_1.png');
const passportFile = path.join(facedata, 'idcards', 'passport-td3.jpg');
const TICK_MS = 2;
const ROUNDS = Number(process.env.ROUNDS ?? 3);

/** CPU ms of main's process so far: its event loop's thread, and every other thread (sharp's, libuv's, V8's). Linux only (null elsewhere). */
function cpuOfThreads() {
  try {
    const tickMs = 10; // USER_HZ is 100 on Linux
    let loop = 0;
    let others = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1').split(') ')[1].split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * tickMs;
      if (Number(tid) === process.pid) loop += ms;
      else others += ms;
    }
    return { loop, others };
  } catch {
    return null;
  }
}

const readLoadAverage = () => {
  try {
    return readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
};
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function measure(label, engines) {
  let chosen = idFile;
  const routes = new Map();
  registerHandlers((c, h) => routes.set(c, h), createStationHandlers({
    faceEngine: engines.face, mrzEngine: engines.mrz, ...(engines.documents && EngineClient.prototype.openDocument ? { documentEngine: engines.documents } : {}), chooseIdFile: async () => chosen, saveRecord: async () => null,
  }));
  const call = async (c, p) => {
    const r = await routes.get(c)(p);
    if (!r.ok) throw new Error(`${c}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const { data, info } = await sharp(idFile).resize(640, 480, { fit: 'contain', background: '#808080' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const frame = { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  // Warm: models loaded, OCR workers started, before anything is timed.
  await call('id:analyze', { fileName: 'id.png', bytes: new Uint8Array(readFileSync(idFile)) });
  await call('face:verify', frame);
  await call('session:reset', {});

  const latencies = [];
  const cpuBefore = cpuOfThreads();
  let running = true;
  const start = performance.now();
  let due = start;
  const ticker = (async () => {
    while (running) {
      due += TICK_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // A timer may fire a little before `due`: then the request arrived when it was sent.
      const arrived = Math.min(due, performance.now());
      await call('settings:get', {});
      latencies.push(performance.now() - arrived);
      // After a long block, the next request is due now, not in the past: one late reply per block, not a backlog.
      due = Math.max(due, performance.now() - TICK_MS);
    }
  })();
  const work = { analyses: 0, verifies: 0, mrz: 0 };
  engines.bytes?.reset();
  for (let i = 0; i < ROUNDS; i++) {
    chosen = idFile;
    const front = await call('id:open-file', { preview: false });
    await call('id:analyze', { documentId: front.document.documentId });
    work.analyses++;
    await call('face:verify', frame);
    work.verifies++;
    chosen = passportFile;
    const back = await call('id:open-file', { preview: true });
    await call('document:read-mrz', { documentId: back.document.documentId });
    work.mrz++;
    await call('session:reset', {});
  }
  running = false;
  await ticker;
  const cpuAfter = cpuOfThreads();
  const cpu = cpuBefore && cpuAfter ? { loopMs: cpuAfter.loop - cpuBefore.loop, otherThreadsMs: cpuAfter.others - cpuBefore.others } : null;
  const sorted = [...latencies].sort((a, b) => a - b);
  const bytes = engines.bytes?.totals() ?? null;
  const result = { label, requests: sorted.length, seconds: (performance.now() - start) / 1000, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1], work, cpu, bytes, loadAverage: readLoadAverage() };
  const mb = (n) => (n / 1e6).toFixed(2);
  const crossing = bytes ? `; to the engine ${mb(bytes.toEngine)} MB in ${bytes.calls} calls (largest ${mb(bytes.largestCall)} MB), back ${mb(bytes.fromEngine)} MB` : '';
  console.log(`${label}: ${result.requests} trivial requests in ${result.seconds.toFixed(1)} s during ${ROUNDS} x (ID analysis, face verify, MRZ read): p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, max ${result.max.toFixed(1)} ms; main's CPU: event loop ${cpu?.loopMs ?? '?'} ms, other threads ${cpu?.otherThreadsMs ?? '?'} ms${crossing}; load ${result.loadAverage}`);
  return result;
}

/**
 * LOAD=n starts n busy processes at nice 0 for the whole run: the same competition for the
 * two cores in every run, whatever the rest of the machine does (other jobs come on top).
 */
const burners = [];
for (let i = 0; i < Number(process.env.LOAD ?? 0); i++) {
  burners.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}
process.on('exit', () => burners.forEach((b) => b.kill('SIGKILL')));

// ENGINES=forked skips the in-main run (for profiling main alone, or repeated runs of the app's setup).
let inProcess = null;
if (process.env.ENGINES !== 'forked') {
  const [analyzer, reader] = await Promise.all([FaceAnalyzer.create(), MrzReader.create()]);
  inProcess = await measure('engine in main', { face: async () => analyzer, mrz: async () => reader });
  await Promise.all([analyzer.dispose(), reader.dispose()]);
}
/** Counts what crosses the link, serialized as the IPC channel serializes it (counting costs main a serialization per message). */
function countingLink(link, counter) {
  const methodOf = new Map();
  const tally = (method) => (counter.byMethod[method] ??= { calls: 0, toEngine: 0, fromEngine: 0 });
  return {
    send: (call) => {
      const n = v8.serialize(call).length;
      counter.toEngine += n;
      counter.calls += 1;
      counter.largestCall = Math.max(counter.largestCall, n);
      methodOf.set(call.id, call.method);
      tally(call.method).calls += 1;
      tally(call.method).toEngine += n;
      link.send(call);
    },
    onMessage: (listener) => link.onMessage((m) => {
      const n = v8.serialize(m).length;
      counter.fromEngine += n;
      if (m?.kind === 'reply') tally(methodOf.get(m.id)).fromEngine += n;
      listener(m);
    }),
    onExit: (l) => link.onExit(l),
    kill: () => link.kill(),
    get pid() {
      return link.pid;
    },
  };
}
const counter = { toEngine: 0, fromEngine: 0, calls: 0, largestCall: 0, byMethod: {} };
const bytes = process.env.COUNT_BYTES === '0' ? null : {
  reset: () => Object.assign(counter, { toEngine: 0, fromEngine: 0, calls: 0, largestCall: 0, byMethod: {} }),
  totals: () => structuredClone(counter),
};
const engineModule = builtEngineModule(path.join(distDir, 'main', 'engine'));
const client = new EngineClient(() => (bytes ? countingLink(forkEngine(engineModule), counter) : forkEngine(engineModule)));
const forked = await measure('engine forked', { face: async () => client, mrz: async () => client, documents: async () => client, bytes });
client.dispose();
console.log(JSON.stringify({ tickMs: TICK_MS, rounds: ROUNDS, load: burners.length, inProcess, forked }));
burners.forEach((b) => b.kill('SIGKILL'));
