/**
 * document:assess-frame: whether the camera's picture of the side the ID page asks for can be
 * taken now. Each frame's zone is found by the MRZ engine (no OCR) and, where the side needs
 * it, its faces by the face engine; document-side.ts judges them, and a picture that is ready
 * must also have held still since the frame before (a thumbnail compared across frames).
 */
import type { DocumentFrameAssessment } from '../../shared/document-types';
import type { DocumentFrameRequest } from '../../shared/ipc-contract';
import { frameThumbnail, greyFromRgba, MAX_STILL_DIFFERENCE, thumbnailDifference, type FrameThumbnail } from '../document/document-frame';
import type { GreyImage } from '../document/document-image';
import { printedTextRows } from '../document/mrz-band';
import { judgeDocumentSide, zoneInView, type FaceInView } from '../document/document-side';
import { rgbImageFromRgba } from '../vision/image-decoder';
import { pickDominant } from '../vision/nms';
import { glareEvidence } from '../vision/screen-evidence';
import type { FaceEngine, MrzEngine } from './station-engines';

/** Frames of a document further apart than this are not compared for steadiness (the page asks about twice a second). */
export const MAX_STEADY_INTERVAL_MS = 2000;

export class DocumentFrames {
  private last: { thumbnail: FrameThumbnail; t: number } | null = null;

  constructor(
    private readonly zones: () => Promise<MrzEngine>,
    private readonly faces: () => Promise<FaceEngine>,
    private readonly now: () => Date,
  ) {}

  async assess(request: DocumentFrameRequest): Promise<DocumentFrameAssessment> {
    const t = this.now().getTime();
    const grey = greyFromRgba(request.rgba, request.width, request.height);
    const thumbnail = frameThumbnail(grey);
    const previous = this.last;
    this.last = { thumbnail, t };
    const zone = await (await this.zones()).assessFrame(grey);
    // The face detector runs only where a face decides: the front's portrait, or a back whose zone is not in view.
    const portrait = request.side === 'front' || !zoneInView(zone) ? await this.largestFace(request, grey) : null;
    const assessment = judgeDocumentSide(request.side, zone, portrait, request);
    if (assessment.problem !== null) return assessment;
    // Steady: the frame before came recently and the picture has not moved since.
    if (!previous || t - previous.t > MAX_STEADY_INTERVAL_MS) return { problem: 'moving', measured: 'no recent frame to compare this one with' };
    const difference = thumbnailDifference(previous.thumbnail, thumbnail);
    if (difference > MAX_STILL_DIFFERENCE) return { problem: 'moving', measured: `the picture changed by ${difference.toFixed(1)} grey levels on average since the frame before, over ${MAX_STILL_DIFFERENCE}` };
    return assessment;
  }

  private async largestFace(request: DocumentFrameRequest, grey: GreyImage): Promise<FaceInView | null> {
    const image = await rgbImageFromRgba(request.rgba, request.width, request.height);
    // A portrait is a few percent of the frame: the tiles find faces down to about 25 px (the whole frame alone, about 60).
    const face = pickDominant(await (await this.faces()).detectFaces(image, { smallFaces: true }));
    return face ? { face, glare: glareEvidence(image, face.box), textRows: printedTextRows(grey, face.box) } : null;
  }
}
