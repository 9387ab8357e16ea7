import { PORTRAIT_MINIMUMS } from '../../shared/defaults';
import type { DocumentFrameAssessment, DocumentSide } from '../../shared/document-types';
import type { ErrorCode } from '../../shared/errors';
import { PORTRAIT_GLARE_WARNING, type DetectedFace } from '../../shared/face-types';
import { qualityProblems } from '../vision/face-quality';

/**
 * Is the camera's picture of the side the ID page asks for ready to be taken? Pure: it judges
 * what was measured on one frame, the zone and the printed text beside the face
 * (document-frame.ts) and the largest face the detector found, against what the document's analysis will need.
 *
 * - The front carries the portrait: it is ready once the portrait, with a document's printed
 *   text round it (MIN_DOCUMENT_TEXT_ROWS: a face alone is the customer), is whole in view, large,
 *   sharp and bright enough for the portrait finder (CAMERA_PORTRAIT_MINIMUMS: the limits
 *   id:analyze applies, with a face twice as large) and free of glare (PORTRAIT_GLARE_WARNING);
 *   a passport's data page carries its zone too, which must then be readable. A TD1 zone in
 *   view is the card's back (ICAO 9303 part 5 puts it there), whatever else is: a back's ghost
 *   portrait is a face too.
 * - The back carries the zone (document-frame.ts judges it); a usable portrait in view without
 *   a readable zone is the front.
 * Whether the picture is steady is judged across frames by the handler, not here.
 */

/** The largest face in the frame and the share of its box that is blown out (glareEvidence). */
export interface FaceInView {
  face: DetectedFace;
  glare: number;
}

/**
 * Least margin, in face widths, between the portrait's face box and the frame's edges. The
 * photo reaches past the face (hair, shoulders) and the document's edge past the photo (on the
 * drawn card of test/e2e/id-card-fixtures.ts the face box sits 0.65 face widths in from the
 * card's edge), so a face closer than this to the frame's edge means the document runs off it.
 */
export const PORTRAIT_EDGE_MARGIN = 0.3;

/**
 * Rows of printed text beside the face (the zone assessment's `textRows`, mrz-band.ts) a picture of a document's
 * portrait side shows at least. Measured with `node bench/document-sides.mjs`: the portrait
 * sides of the 31 specimens, each in a 1280x720 frame, show 4 to 45, but for the Maltese card's
 * front (1: small print on a patterned ground); liveness-dev's 13 people at webcams show 0 to 2
 * on every frame. Below it a face is a person in front of the camera, who must not be taken for
 * the document.
 */
export const MIN_DOCUMENT_TEXT_ROWS = 3;

/**
 * The portrait minimums a camera picture must meet to be taken by itself: the portrait finder's,
 * with a face twice as large as the least it accepts (28 px, for scans). A camera can always be
 * brought closer, and the picture taken keeps a margin over what the finder needs after JPEG.
 */
export const CAMERA_PORTRAIT_MINIMUMS = { ...PORTRAIT_MINIMUMS, minFacePx: 2 * PORTRAIT_MINIMUMS.minFacePx };

/**
 * Whether the zone settles that the side with the zone is in view: a TD1 back's three lines, a
 * ghost portrait beside them or not, or a readable zone of two (a data page: its zone is what is
 * wanted). Short of it, the back needs the face detector (the front shown instead?).
 */
export function zoneInView(zone: DocumentFrameAssessment): boolean {
  return zone.zoneLines === 3 || (zone.zoneLines === 2 && zone.problem === null);
}

export function judgeDocumentSide(side: DocumentSide, zone: DocumentFrameAssessment, portrait: FaceInView | null, frame: { width: number; height: number }): DocumentFrameAssessment {
  if (side === 'back') {
    // Short of a zone in view, a portrait the finder could use is the front, whatever the zone
    // finder made of its text: a card's front has lines of zone-like text, which it reads as a
    // blurred zone when the portrait beside them is sharp.
    if (!zoneInView(zone) && portrait && isPortrait(portrait.face) && qualityProblems(portrait.face.quality, portrait.face.score, PORTRAIT_MINIMUMS).length === 0) {
      return { problem: 'wrong-side', measured: `no readable zone, and a portrait in view (face ${portrait.face.quality.faceWidthPx} px, detector confidence ${portrait.face.score.toFixed(2)}): the front` };
    }
    return zone;
  }
  if (zone.zoneLines === 3) return { problem: 'wrong-side', measured: 'a zone of 3 lines in view: a TD1 card\'s back' };
  if (!portrait || !isPortrait(portrait.face)) {
    // A zone in view whose picture is bad says what is wrong with the picture better than "no portrait".
    if (zone.zoneLines !== undefined && zone.problem !== null && zone.problem !== 'no-zone') return zone;
    return { problem: 'no-portrait', measured: portrait ? `the likeliest face has detector confidence ${portrait.face.score.toFixed(2)}, under ${PORTRAIT_MINIMUMS.minScore}` : 'no face was found' };
  }
  const { face, glare } = portrait;
  const q = face.quality;
  const problems = qualityProblems(q, face.score, CAMERA_PORTRAIT_MINIMUMS);
  // A blurred picture, or a document too far away, shows no text either: that comes first.
  for (const first of ['FACE_BLURRED', 'FACE_TOO_SMALL'] as const) {
    if (problems.includes(first)) return { problem: PORTRAIT_PROBLEMS[first]!, measured: portraitMeasure(first, face) };
  }
  // A face with no printed text round it is a person (the customer in front of the camera), not
  // a document's portrait. Rows not counted (no face was given to the zone's pass) count as none.
  const textRows = zone.textRows ?? 0;
  if (textRows < MIN_DOCUMENT_TEXT_ROWS) {
    return { problem: 'no-document', measured: `a face with ${textRows} row(s) of printed text beside it, under the ${MIN_DOCUMENT_TEXT_ROWS} a document shows` };
  }
  const [problem] = problems;
  if (problem) return { problem: PORTRAIT_PROBLEMS[problem] ?? 'no-portrait', measured: portraitMeasure(problem, face) };
  if (glare >= PORTRAIT_GLARE_WARNING) return { problem: 'portrait-glare', measured: `${Math.round(glare * 100)}% of the portrait's face is blown out, from ${Math.round(PORTRAIT_GLARE_WARNING * 100)}%` };
  const { box } = face;
  const margin = Math.min(box.x, box.y, frame.width - box.x - box.width, frame.height - box.y - box.height) / box.width;
  if (margin < PORTRAIT_EDGE_MARGIN) return { problem: 'portrait-cut-off', measured: `the portrait's face is ${Math.max(0, margin).toFixed(2)} face widths from the picture's edge, under ${PORTRAIT_EDGE_MARGIN}` };
  // A data page's zone must be readable too; a card's front has none.
  if (zone.zoneLines !== undefined && zone.problem !== null) return zone;
  return { problem: null, measured: `a portrait, face ${q.faceWidthPx} px, sharpness ${q.sharpness}, ${textRows} rows of printed text beside it${zone.zoneLines === undefined ? '' : `, and ${zone.measured}`}` };
}

/** A face the portrait finder would take for one: confident enough (a stamp or a pattern is not). */
function isPortrait(face: DetectedFace): boolean {
  return face.score >= PORTRAIT_MINIMUMS.minScore;
}

/** What each of the portrait's quality problems is, for the picture of the document. */
const PORTRAIT_PROBLEMS: Partial<Record<ErrorCode, DocumentFrameAssessment['problem']>> = {
  FACE_TOO_SMALL: 'portrait-too-small',
  FACE_BLURRED: 'blurred',
  FACE_TOO_BRIGHT: 'portrait-glare',
  FACE_TOO_DARK: 'portrait-too-dark',
  // A printed portrait faces the camera; one read as turned is a document held at an angle.
  FACE_NOT_FRONTAL: 'tilted',
};

function portraitMeasure(problem: ErrorCode, face: DetectedFace): string {
  const q = face.quality;
  const m = CAMERA_PORTRAIT_MINIMUMS;
  switch (problem) {
    case 'FACE_TOO_SMALL':
      return `the portrait's face is ${Math.min(q.faceWidthPx, q.faceHeightPx)} px, under the ${m.minFacePx} px the portrait needs`;
    case 'FACE_BLURRED':
      return `the portrait's sharpness is ${q.sharpness}, under ${m.minSharpness}`;
    case 'FACE_TOO_BRIGHT':
      return `the portrait's brightness is ${q.brightness}, over ${m.maxBrightness}`;
    case 'FACE_TOO_DARK':
      return `the portrait's brightness is ${q.brightness}, under ${m.minBrightness}`;
    default:
      return `the portrait reads as turned ${Math.abs(q.yawDeg).toFixed(0)} degrees, over ${m.maxAbsYawDeg}`;
  }
}
