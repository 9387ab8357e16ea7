import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DocumentFrameAssessment, DocumentSide } from '../../shared/document-types';
import { grabRgbaFrame } from '../services/camera-frames';
import { logged } from '../services/locale';
import { callStation } from '../services/station-api';

/** How often main is asked about the camera's picture of the document (each ask is one frame, tens of milliseconds there). */
export const ASSESS_INTERVAL_MS = 500;
/** Ready frames in a row before the picture is taken: main already judged each steady against the one before. */
export const READY_FRAMES = 2;

/**
 * Watches the camera's picture of the document while the ID page's camera runs: asks main
 * (document:assess-frame) what keeps it from being taken, for the page to show, and once
 * READY_FRAMES frames in a row are ready, stops and calls `onReady`, which takes the picture.
 * Stops with its host.
 */
export class DocumentFrameController implements ReactiveController {
  /** Main's latest assessment; null before the first. */
  assessment: DocumentFrameAssessment | null = null;
  /** What stopped the watching (a StationError from main carries its code); the manual button still works. */
  error: unknown = null;
  private generation = 0;
  private watching = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onReady: () => void | Promise<void>,
  ) {
    host.addController(this);
  }

  get running(): boolean {
    return this.watching;
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Watches the picture of the document's `side` (what main judges it for). */
  start(video: () => HTMLVideoElement | null | undefined, side: DocumentSide): void {
    if (this.watching) return;
    this.watching = true;
    this.error = null;
    const generation = ++this.generation;
    void this.watch(generation, video, side);
  }

  stop(): void {
    this.watching = false;
    this.generation++;
  }

  private async watch(generation: number, video: () => HTMLVideoElement | null | undefined, side: DocumentSide): Promise<void> {
    const current = (): boolean => generation === this.generation;
    let ready = 0;
    while (current()) {
      await new Promise((resolve) => setTimeout(resolve, ASSESS_INTERVAL_MS));
      const v = video();
      if (!current()) return;
      if (!v || v.readyState < 2 || v.videoWidth === 0) continue;
      try {
        this.assessment = await callStation('assessDocumentFrame', { ...grabRgbaFrame(v), side });
      } catch (err) {
        if (!current()) return;
        this.error = logged(err);
        this.stop();
        this.host.requestUpdate();
        return;
      }
      if (!current()) return;
      ready = this.assessment.problem === null ? ready + 1 : 0;
      this.host.requestUpdate();
      if (ready >= READY_FRAMES) {
        this.stop();
        await this.onReady();
        return;
      }
    }
  }
}
