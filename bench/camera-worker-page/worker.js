// Reads every camera frame, draws it and reads back a 256x256 region (what a face crop needs).
onmessage = async (e) => {
  const reader = e.data.readable.getReader();
  const canvas = new OffscreenCanvas(640, 480);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const stamps = [];
  const started = performance.now();
  while (performance.now() - started < e.data.seconds * 1000) {
    const { value: frame, done } = await reader.read();
    if (done) break;
    context.drawImage(frame, 0, 0);
    context.getImageData(192, 112, 256, 256);
    stamps.push(frame.timestamp / 1000);
    frame.close();
  }
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
  postMessage({ frames: stamps.length, spanMs: stamps[stamps.length - 1] - stamps[0], gapsOver40Ms: gaps.filter((g) => g > 40).length, longestGapMs: Math.max(...gaps) });
};
