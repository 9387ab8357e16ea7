import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FrameLoopController } from '../../../src/renderer/controllers/frame-loop-controller';
import type { FaceTracker, TrackedFrame } from '../../../src/renderer/services/face-tracker';
import { errorText } from '../../../src/renderer/services/locale';
import { StationError } from '../../../src/renderer/services/station-api';
import { translator } from '../../../src/shared/messages/translator';

/** A Lit host that only counts the updates it was asked for. */
function fakeHost(): ReactiveControllerHost & { updates: number } {
  const host = {
    updates: 0,
    addController: (_c: ReactiveController) => undefined,
    removeController: (_c: ReactiveController) => undefined,
    requestUpdate: () => { host.updates++; },
    updateComplete: Promise.resolve(true),
  };
  return host;
}

const video = { readyState: 4, videoWidth: 640, videoHeight: 480 } as unknown as HTMLVideoElement;

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('FrameLoopController', () => {
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('stops on a failure and keeps the error itself, so the page words it by its code in the operator\'s language', async () => {
    const host = fakeHost();
    const thrown = new StationError('ENGINE_STOPPED', 'engine process 4242 exited with signal SIGKILL');
    const tracker = { track: () => Promise.reject(thrown) } as unknown as FaceTracker;
    const loop = new FrameLoopController(host, () => undefined);
    loop.start(tracker, video);
    await until(() => !loop.isRunning);
    expect(loop.isRunning).toBe(false);
    expect(loop.error).toBe(thrown);
    expect(errorText(loop.error, translator('en'))).toBe('The face engine stopped; it is restarting: try again.');
    expect(errorText(loop.error, translator('fr'))).not.toMatch(/4242|SIGKILL/);
    // The English detail is logged for support, not shown.
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('SIGKILL'));
  });

  it('words an untyped failure of the tracker as an internal error, never as its raw text', async () => {
    const tracker = { track: () => Promise.reject(new TypeError('Cannot read properties of undefined (reading \'shape\')')) } as unknown as FaceTracker;
    const loop = new FrameLoopController(fakeHost(), () => undefined);
    loop.start(tracker, video);
    await until(() => !loop.isRunning);
    expect(errorText(loop.error, translator('en'))).toBe('Something went wrong in the station: try again, or restart it.');
  });

  it('hands every tracked frame to the page until stopped', async () => {
    let index = 0;
    const tracker = { track: async () => ({ index: index++, timeMs: 0, frameWidth: 640, frameHeight: 480, faces: [], faceBrightness: null }) as TrackedFrame } as unknown as FaceTracker;
    const seen: number[] = [];
    const loop = new FrameLoopController(fakeHost(), (frame) => { seen.push(frame.index); });
    loop.start(tracker, video);
    await until(() => seen.length >= 3);
    loop.stop();
    expect(seen.slice(0, 3)).toEqual([0, 1, 2]);
    expect(loop.error).toBeNull();
  });
});
