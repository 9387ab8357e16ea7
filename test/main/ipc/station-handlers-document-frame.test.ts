/**
 * document:assess-frame: main tells the ID page whether the camera's picture of the document
 * can be taken now, and what to change if not; a picture is ready only once it also held still
 * since the frame before. Cards drawn by code; the real zone finder and capture measures.
 */
import sharp from 'sharp';
import { assessDocumentFrame } from '../../../src/main/document/document-frame';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import type { CameraFrame, IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { drawCardBack, td1Lines, VALID_CARD_HOLDER } from '../../e2e/id-card-fixtures';
import { errorOf, valueOf } from '../../helpers/ipc-replies';

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

let back: Buffer;
beforeAll(async () => {
  back = await drawCardBack(td1Lines(VALID_CARD_HOLDER));
});

/** The card's back in a 1280x720 camera frame, `left` px from the frame's left edge, blurred by `blur`. */
async function frame(left = 200, blur = 0): Promise<CameraFrame> {
  const card = await sharp(back).resize({ width: 880 }).toBuffer();
  const placed = await sharp({ create: { width: 1280, height: 720, channels: 4, background: '#5b6770' } }).composite([{ input: card, left, top: 60 }]).raw().toBuffer();
  const rgba = blur > 0 ? await sharp(placed, { raw: { width: 1280, height: 720, channels: 4 } }).blur(blur).raw().toBuffer() : placed;
  return { width: 1280, height: 720, rgba: new Uint8Array(rgba) };
}

/** A station whose clock moves on by `stepMs` at every reading of it. */
function station(stepMs = 500): Invoke {
  let t = Date.parse('2026-12-07T09:00:00.000Z');
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), createStationHandlers({
    faceEngine: async () => { throw new Error('no face engine in this test'); },
    // The assessment runs no model: the real one, without loading the OCR.
    mrzEngine: async () => ({ assessFrame: assessDocumentFrame, readImage: async () => { throw new Error('no reading in this test'); } }),
    chooseIdFile: async () => null,
    saveRecord: async () => null,
    now: () => new Date((t += stepMs)),
  }));
  return ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
}

describe('document:assess-frame', () => {
  it('is ready on the second steady frame of a sharp card whose zone is whole, and not on the first', async () => {
    const invoke = station();
    const still = await frame();
    expect(valueOf(await invoke('document:assess-frame', still))).toEqual({ problem: 'moving', measured: 'no recent frame to compare this one with' });
    expect(valueOf(await invoke('document:assess-frame', still))).toEqual({ problem: null, measured: expect.stringMatching(/a zone of 3 lines/) });
  });

  it('says the document is moving when it shifted since the frame before, and ready once it holds still again', async () => {
    const invoke = station();
    await invoke('document:assess-frame', await frame(200));
    const moved = await frame(240);
    expect(valueOf(await invoke('document:assess-frame', moved))).toEqual({ problem: 'moving', measured: expect.stringMatching(/changed by \d+\.\d grey levels/) });
    expect(valueOf(await invoke('document:assess-frame', moved)).problem).toBeNull();
  });

  it('compares no frames further apart than 2 s: the first after a pause is not yet steady', async () => {
    const invoke = station(2500);
    const still = await frame();
    await invoke('document:assess-frame', still);
    expect(valueOf(await invoke('document:assess-frame', still)).problem).toBe('moving');
  });

  it('names what the operator must change before anything else: a blurred card, one off the frame\'s edge', async () => {
    const invoke = station();
    expect(valueOf(await invoke('document:assess-frame', await frame(200, 4))).problem).toBe('blurred');
    expect(valueOf(await invoke('document:assess-frame', await frame(700))).problem).toBe('cut-off');
  });

  it('says a station without an MRZ reader cannot judge the picture, and that "Take picture" still works', async () => {
    const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
    registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), createStationHandlers({
      faceEngine: async () => { throw new Error('no face engine in this test'); },
      chooseIdFile: async () => null,
      saveRecord: async () => null,
    }));
    const error = errorOf(await routes.get('document:assess-frame')!(await frame()));
    expect(error).toMatchObject({ code: 'NO_MRZ', message: 'this station has no MRZ reader installed: take the picture with "Take picture"' });
  });

  it('refuses a frame whose pixels do not fit its size, as every camera channel does', async () => {
    const invoke = station();
    const bad = { width: 1280, height: 720, rgba: new Uint8Array(16) };
    expect(errorOf(await invoke('document:assess-frame', bad)).code).toBe('INVALID_REQUEST');
  });
});
