import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ErrorCode } from '../../shared/errors';
import { msg, type MessageRef } from '../../shared/messages/catalogue';
import { loadCameraId, saveCameraId } from '../services/station-settings';

export type CameraStatus = 'starting' | 'live' | 'error' | 'stopped';

export interface CameraProblem {
  code: Extract<ErrorCode, 'CAMERA_DENIED' | 'CAMERA_NOT_FOUND' | 'CAMERA_DISCONNECTED' | 'INTERNAL'>;
  /** What the operator reads and does, shown in the language chosen when it is shown. */
  text: MessageRef;
}

/** The button the camera messages tell the operator to press, named as it is labelled. */
const RETRY = { retry: msg('camera.retry') };

/** Webcam capture size: enough for a face filling a third of the frame, cheap to analyse. */
const IDEAL_WIDTH = 640;
const IDEAL_HEIGHT = 480;

/**
 * The camera of one page: opens it when the page appears, stops every track when it goes,
 * remembers the operator's choice of camera, and turns failures into messages a clerk can act on.
 */
export class CameraController implements ReactiveController {
  stream: MediaStream | null = null;
  status: CameraStatus = 'stopped';
  problem: CameraProblem | null = null;
  cameras: MediaDeviceInfo[] = [];
  deviceId: string | null = null;
  private generation = 0;
  private rememberedCameraRead = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
    void this.start();
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
    this.stop();
  }

  /** Switches to another camera and remembers it for the next customer. */
  async select(deviceId: string): Promise<void> {
    this.deviceId = deviceId;
    this.rememberedCameraRead = true;
    await this.start();
    // The camera works whether or not the choice could be stored; a failure only costs the memory.
    await saveCameraId(deviceId).catch((err: unknown) => console.warn(`the camera choice was not saved: ${String(err)}`));
  }

  async start(): Promise<void> {
    this.stop();
    const generation = ++this.generation;
    this.status = 'starting';
    this.problem = null;
    this.host.requestUpdate();
    if (!navigator.mediaDevices?.getUserMedia) {
      this.fail({ code: 'CAMERA_NOT_FOUND', text: msg('camera.noAccess') });
      return;
    }
    if (!this.rememberedCameraRead) {
      this.rememberedCameraRead = true;
      // Without the stored choice the system's default camera serves; say so in the log.
      this.deviceId = await loadCameraId().catch((err: unknown) => {
        console.warn(`the remembered camera could not be read: ${String(err)}`);
        return null;
      });
      if (generation !== this.generation) return;
    }
    const video: MediaTrackConstraints = { width: { ideal: IDEAL_WIDTH }, height: { ideal: IDEAL_HEIGHT } };
    try {
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: this.deviceId ? { ...video, deviceId: { exact: this.deviceId } } : video, audio: false });
      } catch (err) {
        // The remembered camera may be gone; any camera is better than none.
        if (!this.deviceId || (err as DOMException).name !== 'OverconstrainedError' && (err as DOMException).name !== 'NotFoundError') throw err;
        stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
      }
      if (generation !== this.generation) {
        stream.getTracks().forEach((t) => t.stop());
        return;
      }
      for (const track of stream.getVideoTracks()) track.addEventListener('ended', this.onTrackEnded);
      this.stream = stream;
      this.status = 'live';
      this.cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
      const active = stream.getVideoTracks()[0]?.getSettings().deviceId;
      if (active) this.deviceId = active;
      this.host.requestUpdate();
    } catch (err) {
      if (generation === this.generation) this.fail(describeCameraError(err));
    }
  }

  stop(): void {
    this.generation++;
    if (this.stream) {
      for (const track of this.stream.getTracks()) {
        track.removeEventListener('ended', this.onTrackEnded);
        track.stop();
      }
    }
    this.stream = null;
    if (this.status !== 'error') this.status = 'stopped';
  }

  private fail(problem: CameraProblem): void {
    this.stop();
    this.status = 'error';
    this.problem = problem;
    this.host.requestUpdate();
  }

  private readonly onTrackEnded = (): void => {
    this.fail({ code: 'CAMERA_DISCONNECTED', text: msg('camera.stopped', RETRY) });
  };

  private readonly onDeviceChange = (): void => {
    void navigator.mediaDevices.enumerateDevices().then((devices) => {
      this.cameras = devices.filter((d) => d.kind === 'videoinput');
      this.host.requestUpdate();
    });
  };
}

function describeCameraError(err: unknown): CameraProblem {
  const name = (err as DOMException | undefined)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return { code: 'CAMERA_DENIED', text: msg('camera.denied', RETRY) };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return { code: 'CAMERA_NOT_FOUND', text: msg('camera.notFound', RETRY) };
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return { code: 'CAMERA_DISCONNECTED', text: msg('camera.busy', RETRY) };
  }
  return { code: 'INTERNAL', text: msg('camera.failed', { detail: name || String(err) }) };
}
