/**
 * document:assess-frame: whether the camera's picture of the side the ID page asks for can be
 * taken now. Each frame's zone (and the printed text beside the front's portrait) is measured by
 * the MRZ engine (no OCR) and, where the side needs it, its faces by the face engine; both run
 * in the engine process in the app. document-side.ts judges them, and a picture that is ready
 * must also have held still since the frame before (a thumbnail compared across frames).
 */
import type { DocumentFrameAssessment } from '../../shared/document-types';
import type { DocumentFrameRequest } from '../../shared/ipc-contract';
import { frameThumbnail, greyFromRgba, MAX_STILL_DIFFERENCE, thumbnailDifference, type FrameThumbnail } from '../document/document-frame';
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
    const zones = await this.zones();
    // The front's portrait decides, so its face comes first and the engine counts the printed
    // text beside it with the zone finder's own pass. The back needs the face detector only
    // when its zone is not in view (the front shown instead?).
    let zone: DocumentFrameAssessment;
    let portrait: FaceInView | null = null;
    if (request.side === 'front') {
      portrait = await this.largestFace(request);
      zone = await zones.assessFrame(grey, portrait?.face.box);
    } else {
      zone = await zones.assessFrame(grey);
      if (!zoneInView(zone)) portrait = await this.largestFace(request);
    }
    const assessment = judgeDocumentSide(request.side, zone, portrait, request);
    if (assessment.problem !== null) return assessment;
    // Steady: the frame before came recently and the picture has not moved since.
    if (!previous || t - previous.t > MAX_STEADY_INTERVAL_MS) return { problem: 'moving', measured: 'no recent frame to compare this one with' };
    const difference = thumbnailDifference(previous.thumbnail, thumbnail);
    if (difference > MAX_STILL_DIFFERENCE) return { problem: 'moving', measured: `the picture changed by ${difference.toFixed(1)} grey levels on average since the frame before, over ${MAX_STILL_DIFFERENCE}` };
    return assessment;
  }

  private async largestFace(request: DocumentFrameRequest): Promise<FaceInView | null> {
    const image = await rgbImageFromRgba(request.rgba, request.width, request.height);
    // A portrait is a few percent of the frame: the tiles find faces down to about 25 px (the whole frame alone, about 60).
    const face = pickDominant(await (await this.faces()).detectFaces(image, { smallFaces: true }));
    return face ? { face, glare: glareEvidence(image, face.box) } : null;
  }
}
