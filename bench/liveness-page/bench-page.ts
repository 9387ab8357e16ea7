/**
 * Benchmark page: the renderer's own FaceTracker (same backend, input size and nets as the
 * station's liveness page) on the live fake-camera feed, called back to back so the figure
 * is what the tracker can sustain, not the camera's frame rate.
 */
import { FaceTracker } from '../../src/renderer/services/face-tracker';

interface TrackerBenchResult {
  backend: string;
  loadMs: number;
  videoWidth: number;
  videoHeight: number;
  warmupFrames: number;
  msPerFrame: number[];
  faceFrames: number;
  wallMs: number;
  crossOriginIsolated: boolean;
}

async function runTrackerBench(frames: number, warmup: number): Promise<TrackerBenchResult> {
  let t = performance.now();
  const tracker = await FaceTracker.load();
  const loadMs = performance.now() - t;
  const video = document.getElementById('camera') as HTMLVideoElement;
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  await video.play();
  while (video.videoWidth === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  for (let i = 0; i < warmup; i++) await tracker.track(video, performance.now());
  const msPerFrame: number[] = [];
  let faceFrames = 0;
  const started = performance.now();
  for (let i = 0; i < frames; i++) {
    t = performance.now();
    const frame = await tracker.track(video, t);
    msPerFrame.push(performance.now() - t);
    if (frame.faces.length > 0) faceFrames++;
  }
  return {
    backend: tracker.backend,
    loadMs,
    videoWidth: video.videoWidth,
    videoHeight: video.videoHeight,
    warmupFrames: warmup,
    msPerFrame,
    faceFrames,
    wallMs: performance.now() - started,
    crossOriginIsolated: self.crossOriginIsolated,
  };
}

(window as unknown as { runTrackerBench: typeof runTrackerBench }).runTrackerBench = runTrackerBench;
