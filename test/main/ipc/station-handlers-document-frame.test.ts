/**
 * document:assess-frame: main tells the ID page whether the camera's picture of the side it
 * asks for can be taken now, and what to change if not; a picture is ready only once it also
 * held still since the frame before. Cards drawn by code (the front with face-api's demo
 * photo sample6 as its portrait); the real zone finder, capture measures and face models.
 */
import sharp from 'sharp';
import { assessDocumentFrame } from '../../../src/main/document/document-frame';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import type { DocumentSide } from '../../../src/shared/document-types';
import type { DocumentFrameRequest, IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { drawCardBack, drawCardFront, td1Lines, VALID_CARD_HOLDER } from '../../e2e/id-card-fixtures';
import { cropFace } from '../../helpers/images';
import { errorOf, valueOf } from '../../helpers/ipc-replies';
import { faceApiDemo } from '../../helpers/paths';

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

let back: Buffer;
let front: Buffer;
let analyzer: FaceAnalyzer;
beforeAll(async () => {
  back = await drawCardBack(td1Lines(VALID_CARD_HOLDER));
  // The face of face-api's demo photo, cut as an ID photo is (its box as test/main/cli/verify.test.ts has it).
  front = await drawCardFront(await cropFace(faceApiDemo('sample6.jpg'), { x: 1180, y: 288, width: 182, height: 293 }, 0.45), VALID_CARD_HOLDER);
  analyzer = await FaceAnalyzer.create();
});
afterAll(async () => {
  await analyzer?.dispose();
});

interface Placement {
  /** Where the card's left edge is in the 1280x720 frame, and how wide it is drawn. */
  left?: number;
  width?: number;
  blur?: number;
  /** A lamp's reflection over the portrait (the drawn front's photo spans x 80-380, y 170-554 of its 1080x711 image). */
  reflection?: boolean;
}

/** The card's side in a 1280x720 camera frame, judged as the page asks for `side`. */
async function frame(shown: DocumentSide, side: DocumentSide, { left = 200, width = 880, blur = 0, reflection = false }: Placement = {}): Promise<DocumentFrameRequest> {
  let card = shown === 'back' ? back : front;
  if (reflection) {
    const lamp = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="711"><radialGradient id="g"><stop offset="0.6" stop-color="#fff"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient><ellipse cx="250" cy="300" rx="80" ry="70" fill="url(#g)"/></svg>');
    card = await sharp(card).composite([{ input: lamp, left: 0, top: 0 }]).png().toBuffer();
  }
  const resized = await sharp(card).resize({ width }).toBuffer();
  const placed = await sharp({ create: { width: 1280, height: 720, channels: 4, background: '#5b6770' } }).composite([{ input: resized, left, top: 60 }]).raw().toBuffer();
  const rgba = blur > 0 ? await sharp(placed, { raw: { width: 1280, height: 720, channels: 4 } }).blur(blur).raw().toBuffer() : placed;
  return { width: 1280, height: 720, rgba: new Uint8Array(rgba), side };
}

/** A station whose clock moves on by `stepMs` at every reading of it. */
function station(stepMs = 500): Invoke {
  let t = Date.parse('2026-12-07T09:00:00.000Z');
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), createStationHandlers({
    faceEngine: async () => analyzer,
    // The zone's assessment runs no OCR: the real one, without loading the reader.
    mrzEngine: async () => ({ assessFrame: assessDocumentFrame, readImage: async () => { throw new Error('no reading in this test'); } }),
    chooseIdFile: async () => null,
    saveRecord: async () => null,
    now: () => new Date((t += stepMs)),
  }));
  return ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
}

/** The second of two identical frames: steady, so only what the picture shows decides. */
async function judged(request: DocumentFrameRequest) {
  const invoke = station();
  await invoke('document:assess-frame', request);
  return valueOf(await invoke('document:assess-frame', request));
}

describe('document:assess-frame, asked for the back', () => {
  it('is ready on the second steady frame of a sharp card whose zone is whole, and not on the first', async () => {
    const invoke = station();
    const still = await frame('back', 'back');
    expect(valueOf(await invoke('document:assess-frame', still))).toEqual({ problem: 'moving', measured: 'no recent frame to compare this one with' });
    expect(valueOf(await invoke('document:assess-frame', still))).toEqual({ problem: null, measured: expect.stringMatching(/a zone of 3 lines/), zoneLines: 3 });
  });

  it('says the document is moving when it shifted since the frame before, and ready once it holds still again', async () => {
    const invoke = station();
    await invoke('document:assess-frame', await frame('back', 'back', { left: 200 }));
    const moved = await frame('back', 'back', { left: 240 });
    expect(valueOf(await invoke('document:assess-frame', moved))).toEqual({ problem: 'moving', measured: expect.stringMatching(/changed by \d+\.\d grey levels/) });
    expect(valueOf(await invoke('document:assess-frame', moved)).problem).toBeNull();
  });

  it('compares no frames further apart than 2 s: the first after a pause is not yet steady', async () => {
    const invoke = station(2500);
    const still = await frame('back', 'back');
    await invoke('document:assess-frame', still);
    expect(valueOf(await invoke('document:assess-frame', still)).problem).toBe('moving');
  });

  it('names what the operator must change before anything else: a blurred card, one off the frame\'s edge', async () => {
    const invoke = station();
    expect(valueOf(await invoke('document:assess-frame', await frame('back', 'back', { blur: 4 }))).problem).toBe('blurred');
    expect(valueOf(await invoke('document:assess-frame', await frame('back', 'back', { left: 700 }))).problem).toBe('cut-off');
  });

  it('says a station without an MRZ reader cannot judge the picture, and that "Take picture" still works', async () => {
    const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
    registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), createStationHandlers({
      faceEngine: async () => { throw new Error('no face engine in this test'); },
      chooseIdFile: async () => null,
      saveRecord: async () => null,
    }));
    const error = errorOf(await routes.get('document:assess-frame')!(await frame('back', 'back')));
    expect(error).toMatchObject({ code: 'NO_MRZ', message: 'this station has no MRZ reader installed: take the picture with "Take picture"' });
  });

  it('says the card\'s front is the wrong side when its portrait is in view and no zone', async () => {
    expect(await judged(await frame('front', 'back'))).toEqual({ problem: 'wrong-side', measured: expect.stringMatching(/^no readable zone, and a portrait in view \(face \d+ px, detector confidence [01]\.\d\d\): the front$/) });
  });

  it('refuses a frame whose pixels do not fit its size, or that names no side, as every camera channel does', async () => {
    const invoke = station();
    const bad = { width: 1280, height: 720, rgba: new Uint8Array(16), side: 'back' };
    expect(errorOf(await invoke('document:assess-frame', bad)).code).toBe('INVALID_REQUEST');
    const { side: _side, ...sideless } = await frame('back', 'back');
    expect(errorOf(await invoke('document:assess-frame', sideless))).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/side must be one of front, back, got undefined/) });
    expect(errorOf(await invoke('document:assess-frame', { ...sideless, side: 'inside' })).message).toMatch(/side must be one of front, back, got string "inside"/);
  });
});

describe('document:assess-frame, asked for the front', () => {
  it('is ready once the card\'s portrait is whole, large, sharp and steady: no zone needed on a card\'s front', async () => {
    const invoke = station();
    const still = await frame('front', 'front');
    expect(valueOf(await invoke('document:assess-frame', still))).toEqual({ problem: 'moving', measured: 'no recent frame to compare this one with' });
    expect(valueOf(await invoke('document:assess-frame', still))).toEqual({ problem: null, measured: expect.stringMatching(/^a portrait, face \d+ px, sharpness \d+/) });
  });

  it('says the card\'s back is the wrong side: a TD1 zone is on the back', async () => {
    expect(await judged(await frame('back', 'front'))).toEqual({ problem: 'wrong-side', measured: 'a zone of 3 lines in view: a TD1 card\'s back' });
  });

  it('names what keeps the portrait from being taken: blurred, cut off at the edge, too small, a reflection over it', async () => {
    expect(await judged(await frame('front', 'front', { blur: 4 }))).toEqual({ problem: 'blurred', measured: expect.stringMatching(/^the portrait's sharpness is \d+\.?\d*, under 12$/) });
    expect(await judged(await frame('front', 'front', { left: -100 }))).toEqual({ problem: 'portrait-cut-off', measured: expect.stringMatching(/^the portrait's face is 0\.\d\d face widths from the picture's edge, under 0\.3$/) });
    // Found by the tiles (the whole frame alone misses a face under about 60 px), and too small to be taken by itself.
    expect(await judged(await frame('front', 'front', { width: 200, left: 600 }))).toEqual({ problem: 'portrait-too-small', measured: expect.stringMatching(/^the portrait's face is \d\d px, under the 56 px the portrait needs$/) });
    expect(await judged(await frame('front', 'front', { reflection: true }))).toEqual({ problem: 'portrait-glare', measured: expect.stringMatching(/^\d+% of the portrait's face is blown out, from 5%$/) });
  });

  it('does not take the customer for the document: a face with no printed text beside it is a person', async () => {
    const person = await sharp(await cropFace(faceApiDemo('sample6.jpg'), { x: 1180, y: 288, width: 182, height: 293 }, 1.2)).resize(640, 480, { fit: 'cover' }).ensureAlpha().raw().toBuffer();
    expect(await judged({ width: 640, height: 480, rgba: new Uint8Array(person), side: 'front' })).toEqual({ problem: 'no-document', measured: expect.stringMatching(/^a face with [012] row\(s\) of printed text beside it, under the 3 a document shows$/) });
  });

  it('says no portrait is in view when the camera sees the table alone', async () => {
    const table = await sharp({ create: { width: 1280, height: 720, channels: 4, background: '#5b6770' } }).raw().toBuffer();
    expect(await judged({ width: 1280, height: 720, rgba: new Uint8Array(table), side: 'front' })).toEqual({ problem: 'no-portrait', measured: 'no face was found' });
  });
});

describe('document:open-image', () => {
  it('keeps a camera picture of a card\'s back for document:read-mrz, and refuses one over the size limit', async () => {
    const invoke = station();
    const picture = await sharp(back).jpeg().toBuffer();
    expect(valueOf(await invoke('document:open-image', { fileName: 'camera-back.jpg', bytes: new Uint8Array(picture) }))).toEqual({ documentId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const tooLarge = errorOf(await invoke('document:open-image', { fileName: 'huge.jpg', bytes: new Uint8Array(41 * 1024 * 1024) }));
    expect(tooLarge).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/huge\.jpg is 41\.0 MB, more than the \d+ MB limit/) });
  });
});
