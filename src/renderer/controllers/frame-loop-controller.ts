import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FaceTracker, TrackedFrame } from '../services/face-tracker';
import { logged } from '../services/locale';

/** Frames per second are averaged over this many frames. */
const FPS_WINDOW = 20;

/**
 * Runs the face tracker on a video as fast as it goes, one frame at a time, and hands every
 * result to the page. Between frames it yields to the event loop (wasm inference resolves in
 * microtasks; without the yield the video would never present a new picture). Stops with
 * its host.
 */
export class FrameLoopController implements ReactiveController {
  fps = 0;
  lastFrame: TrackedFrame | null = null;
  /**
   * What stopped the loop: the error itself (a StationError from main carries its code), for
   * the page to word in the operator's language (errorText); its English detail goes to the log.
   */
  error: unknown = null;
  private running = false;
  private paused = false;
  private startedAt = 0;
  /** Bumped on every start: a loop of an earlier start still awaiting the tracker ends instead of running beside the new one. */
  private generation = 0;
  private stamps: number[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onFrame: (frame: TrackedFrame) => void | Promise<void>,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  start(tracker: FaceTracker, video: HTMLVideoElement): void {
    if (this.running) return;
    this.running = true;
    this.paused = false;
    this.startedAt = performance.now();
    void this.loop(tracker, video, ++this.generation);
  }

  stop(): void {
    this.running = false;
  }

  /** While paused (main is matching a picture) frames are not analysed. */
  pause(paused: boolean): void {
    this.paused = paused;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private async loop(tracker: FaceTracker, video: HTMLVideoElement, generation: number): Promise<void> {
    const current = () => this.running && generation === this.generation;
    while (current()) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!current()) break;
      if (this.paused || video.readyState < 2 || video.videoWidth === 0) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        continue;
      }
      try {
        const frame = await tracker.track(video, performance.now() - this.startedAt);
        if (!current()) break;
        this.measure();
        this.lastFrame = frame;
        await this.onFrame(frame);
        this.host.requestUpdate();
      } catch (err) {
        if (!current()) break;
        this.error = logged(err);
        this.running = false;
        this.host.requestUpdate();
      }
    }
  }

  private measure(): void {
    const now = performance.now();
    this.stamps.push(now);
    if (this.stamps.length > FPS_WINDOW) this.stamps.shift();
    if (this.stamps.length >= 2) this.fps = ((this.stamps.length - 1) * 1000) / (now - this.stamps[0]);
  }
}
