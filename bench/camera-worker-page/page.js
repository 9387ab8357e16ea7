// The page's side of bench/camera-worker.mjs: the camera track's frames go to a worker
// (MediaStreamTrackProcessor's stream, transferred), while this thread is kept busy as the
// wasm face tracker keeps it; the worker reports how many frames reached it.
(async () => {
  const params = new URLSearchParams(location.search);
  const busyMs = Number(params.get('busy') ?? 60);
  const periodMs = Number(params.get('period') ?? 66);
  const seconds = Number(params.get('seconds') ?? 3);
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, frameRate: 30 } });
  const track = stream.getVideoTracks()[0];
  document.getElementById('camera').srcObject = stream;
  const processor = new MediaStreamTrackProcessor({ track: track.clone() });
  const worker = new Worker('./worker.js');
  const report = new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
  worker.postMessage({ readable: processor.readable, seconds }, [processor.readable]);
  let pageTurns = 0;
  const end = performance.now() + seconds * 1000 + 200;
  while (performance.now() < end) {
    const start = performance.now();
    while (performance.now() - start < busyMs) { /* busy, as face-api on wasm is */ }
    pageTurns++;
    await new Promise((r) => setTimeout(r, Math.max(0, periodMs - busyMs)));
  }
  window.__result = { ...(await report), busyMs, periodMs, pageTurns, pageFps: pageTurns / seconds };
})().catch((err) => (window.__result = { error: String(err) }));
