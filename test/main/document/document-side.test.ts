/**
 * judgeDocumentSide: what one camera frame's measures say about the side the ID page asks for.
 * The measures are written out here (the handler test measures drawn cards with the real
 * models); these are the cases a drawn card does not easily give: a dark or turned portrait, a
 * data page whose zone is blurred, a back with a ghost portrait beside its zone.
 */
import { CAMERA_PORTRAIT_MINIMUMS, judgeDocumentSide, MIN_DOCUMENT_TEXT_ROWS, type FaceInView } from '../../../src/main/document/document-side';
import type { DocumentFrameAssessment } from '../../../src/shared/document-types';
import type { FaceQuality } from '../../../src/shared/face-types';

const FRAME = { width: 1280, height: 720 };
const NO_ZONE: DocumentFrameAssessment = { problem: 'no-zone', measured: 'no band of machine-readable text was found' };
/** A card's front as the zone's pass measures it: no zone, and a card's text beside the portrait. */
const CARD_FRONT: DocumentFrameAssessment = { ...NO_ZONE, textRows: 12 };
const CARD_BACK: DocumentFrameAssessment = { problem: null, measured: 'a zone of 3 lines, characters 26.0 px tall', zoneLines: 3 };
const DATA_PAGE_ZONE: DocumentFrameAssessment = { problem: null, measured: 'a zone of 2 lines, characters 18.1 px tall', zoneLines: 2, textRows: 20 };

/** A card's portrait in the middle of the frame: 120 px, sharp, lit, frontal. */
function portrait(quality: Partial<FaceQuality> = {}, more: Partial<Omit<FaceInView, 'face'>> & { score?: number } = {}): FaceInView {
  const q: FaceQuality = { faceWidthPx: 120, faceHeightPx: 150, sharpness: 150, brightness: 120, yawDeg: 2, pitchDeg: 0, frontalness: 1, problems: [], ...quality };
  return { face: { box: { x: 400, y: 250, width: q.faceWidthPx, height: q.faceHeightPx }, score: more.score ?? 0.99, landmarks: [], quality: q }, glare: more.glare ?? 0 };
}

describe('judgeDocumentSide, asked for the front', () => {
  it('is ready with a whole, sharp portrait and a document\'s text beside it, and says what it measured', () => {
    expect(judgeDocumentSide('front', CARD_FRONT, portrait(), FRAME)).toEqual({ problem: null, measured: 'a portrait, face 120 px, sharpness 150, 12 rows of printed text beside it' });
  });

  it('on a data page also needs its zone readable, and names what is wrong with it', () => {
    expect(judgeDocumentSide('front', DATA_PAGE_ZONE, portrait(), FRAME).problem).toBeNull();
    const blurredZone: DocumentFrameAssessment = { problem: 'blurred', measured: 'its sharpest edges climb 25% of the contrast per pixel, under 30%', zoneLines: 2, textRows: 20 };
    expect(judgeDocumentSide('front', blurredZone, portrait(), FRAME)).toBe(blurredZone);
  });

  it('says a dark portrait is too dark, and one read as turned is a document held at an angle', () => {
    expect(judgeDocumentSide('front', CARD_FRONT, portrait({ brightness: 20 }), FRAME)).toEqual({ problem: 'portrait-too-dark', measured: `the portrait's brightness is 20, under ${CAMERA_PORTRAIT_MINIMUMS.minBrightness}` });
    expect(judgeDocumentSide('front', CARD_FRONT, portrait({ yawDeg: -48 }), FRAME)).toEqual({ problem: 'tilted', measured: 'the portrait reads as turned 48 degrees, over 35' });
  });

  it('takes a face without a document\'s text beside it for a person, unless the picture is blurred or too far to show text', () => {
    const person: DocumentFrameAssessment = { ...NO_ZONE, textRows: MIN_DOCUMENT_TEXT_ROWS - 1 };
    expect(judgeDocumentSide('front', person, portrait(), FRAME).problem).toBe('no-document');
    // Rows the zone's pass did not count (it was given no face) count as none.
    expect(judgeDocumentSide('front', NO_ZONE, portrait(), FRAME)).toEqual({ problem: 'no-document', measured: 'a face with 0 row(s) of printed text beside it, under the 3 a document shows' });
    expect(judgeDocumentSide('front', { ...NO_ZONE, textRows: 0 }, portrait({ sharpness: 5 }), FRAME).problem).toBe('blurred');
    expect(judgeDocumentSide('front', { ...NO_ZONE, textRows: 0 }, portrait({ faceWidthPx: 40, faceHeightPx: 50 }), FRAME).problem).toBe('portrait-too-small');
  });

  it('says the back is shown when a TD1 zone is in view, ghost portrait or not', () => {
    expect(judgeDocumentSide('front', CARD_BACK, null, FRAME).problem).toBe('wrong-side');
    expect(judgeDocumentSide('front', CARD_BACK, portrait({ faceWidthPx: 60, faceHeightPx: 75 }), FRAME).problem).toBe('wrong-side');
  });

  it('says no portrait is in view when the likeliest face is one the portrait finder would not take (a stamp, a pattern)', () => {
    expect(judgeDocumentSide('front', CARD_FRONT, portrait({}, { score: 0.7 }), FRAME)).toEqual({ problem: 'no-portrait', measured: 'the likeliest face has detector confidence 0.70, under 0.85' });
  });
});

describe('judgeDocumentSide, asked for the back', () => {
  it('takes a zone in view as the back, a ghost portrait beside it or not', () => {
    expect(judgeDocumentSide('back', CARD_BACK, portrait({ faceWidthPx: 60, faceHeightPx: 75 }), FRAME)).toBe(CARD_BACK);
    expect(judgeDocumentSide('back', DATA_PAGE_ZONE, portrait(), FRAME)).toBe(DATA_PAGE_ZONE);
  });

  it('says the front is shown when a usable portrait is in view and no readable zone, and passes on the zone\'s problem otherwise', () => {
    expect(judgeDocumentSide('back', NO_ZONE, portrait(), FRAME).problem).toBe('wrong-side');
    const blurredLines: DocumentFrameAssessment = { problem: 'blurred', measured: 'its sharpest edges climb 28% of the contrast per pixel, under 30%', zoneLines: 2 };
    expect(judgeDocumentSide('back', blurredLines, portrait(), FRAME).problem).toBe('wrong-side');
    expect(judgeDocumentSide('back', blurredLines, portrait({ sharpness: 5 }), FRAME)).toBe(blurredLines);
    expect(judgeDocumentSide('back', NO_ZONE, null, FRAME)).toBe(NO_ZONE);
  });
});
