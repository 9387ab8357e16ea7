// A full station session in plain Node, run by test/offline/station.test.ts under strace:
// the built main process's own modules (dist/), the real FaceAnalyzer, MrzReader and ApparentAgeEstimator, the
// settings store on a user-data folder and the IPC handlers behind their request checks,
// exactly as src/main/electron/app.ts wires them (only the native dialogs are replaced).
//
// usage: node station-session.driver.cjs CONFIG.json
//   CONFIG: { repoRoot, userDataDir, recordsDir, idCardFront, idCardBack, selfie: { rgba, width, height }, holdMs }
// Prints one JSON line: each reply (ok or the error code), the record written, and timings.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

async function main() {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const dist = join(config.repoRoot, 'dist', 'main');
  const { SettingsStore } = require(join(dist, 'settings', 'settings-store.js'));
  const { createStationHandlers } = require(join(dist, 'ipc', 'station-handlers.js'));
  const { registerHandlers } = require(join(dist, 'ipc', 'register-handlers.js'));
  const { FaceAnalyzer } = require(join(dist, 'vision', 'face-analyzer.js'));
  const { MrzReader } = require(join(dist, 'document', 'mrz-reader.js'));
  const { ApparentAgeEstimator } = require(join(dist, 'vision', 'apparent-age.js'));

  const started = Date.now();
  let modelsLoadedAt = null;
  const once = (create) => {
    let made;
    return () => (made ??= create().then((engine) => { modelsLoadedAt = Date.now(); return engine; }));
  };
  const faceEngine = once(() => FaceAnalyzer.create());
  const mrzEngine = once(() => MrzReader.create());
  const ageEngine = once(() => ApparentAgeEstimator.create());
  const settings = await SettingsStore.open(config.userDataDir);
  const routes = new Map();
  let chosenFile = config.idCardFront;
  registerHandlers((channel, handler) => routes.set(channel, handler), createStationHandlers({
    faceEngine,
    mrzEngine,
    ageEngine,
    settings,
    chooseIdFile: async () => chosenFile,
    chooseRecordsFolder: async () => config.recordsDir,
    saveRecord: async () => null,
  }));
  const replies = {};
  const call = async (channel, payload) => {
    const reply = await routes.get(channel)(payload);
    replies[channel] = reply.ok ? { ok: true } : { ok: false, code: reply.error.code, message: reply.error.message };
    return reply;
  };
  const frame = { width: config.selfie.width, height: config.selfie.height, rgba: new Uint8Array(readFileSync(config.selfie.rgba)) };

  // The operator turns retention on (records folder first: the settings refuse retention without one).
  await call('settings:choose-records-folder', {});
  const view = await call('settings:get', {});
  const current = view.value.settings;
  await call('settings:set', {
    matchPreset: current.matchPreset, liveness: current.liveness, cameraId: current.cameraId, language: current.language, allowExpiredOverride: current.allowExpiredOverride,
    retention: { enabled: true, namesAndNumbers: false },
  });
  // One customer, start to end.
  const opened = await call('id:open-file', { preview: false });
  const id = await call('id:analyze', { documentId: opened.value.document.documentId });
  chosenFile = config.idCardBack;
  const back = await call('id:open-file', { preview: true });
  const mrz = await call('document:read-mrz', { documentId: back.value.document.documentId });
  const verify = await call('face:verify', frame);
  // Main judges liveness: without a verified face it refuses to start a liveness session.
  const liveness = await call('liveness:start', {});
  const finished = await call('session:finish', {});
  await call('session:reset', {});

  // onnxruntime's telemetry, when on, first resolved its host about 9 s after the models
  // loaded: the process stays up long enough for such a delayed client to show itself.
  const waitMs = Math.max(0, (modelsLoadedAt ?? Date.now()) + config.holdMs - Date.now());
  await new Promise((r) => setTimeout(r, waitMs));
  await (await faceEngine()).dispose();
  await (await mrzEngine()).dispose();
  (await ageEngine()).dispose();

  process.stdout.write(`${JSON.stringify({
    replies,
    portraitFound: id.ok && id.value.portrait !== null,
    mrzValid: mrz.ok ? mrz.value.mrz.valid : null,
    match: verify.ok ? verify.value.match.match : null,
    livenessStarted: liveness.ok,
    verdict: finished.ok ? finished.value.verdict : null,
    printedDates: finished.ok ? finished.value.document.printedDates ?? null : null,
    printedSex: finished.ok ? finished.value.document.printedSex ?? null : null,
    portraitAge: finished.ok ? finished.value.document.portraitAge ?? null : null,
    sessionId: finished.ok ? finished.value.sessionId : null,
    heldAfterModelsMs: modelsLoadedAt === null ? null : Date.now() - modelsLoadedAt,
    totalMs: Date.now() - started,
  })}\n`);
}

main().catch((err) => {
  process.stderr.write(`driver failed: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 1;
});
