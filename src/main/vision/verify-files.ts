/**
 * `ekyc verify`'s pipeline, two image files in, verdict out: the ID document's portrait
 * against the selfie's one face. Each side is decoded and analysed as its own chain, so one
 * image's decode (on libvips' threads) overlaps the other's analysis (on this thread).
 */
import { EkycError } from '../../shared/errors';
import { SELFIE_DECODE_SIDE } from '../../shared/defaults';
import type { DetectedFace, MatchResult, PortraitFace } from '../../shared/face-types';
import type { FaceAnalyzer } from './face-analyzer';
import { decodeImageFile, type RgbImage } from './image-decoder';

export interface FilePairVerification {
  match: MatchResult;
  id: { image: RgbImage; portrait: PortraitFace };
  selfie: { image: RgbImage; face: DetectedFace };
  /** Wall time of each side's decode and analysis (they overlap), then of the comparison. */
  timingsMs: { idDecode: number; idPortrait: number; selfieDecode: number; selfie: number; compare: number; total: number };
}

const since = (start: number) => Math.round((performance.now() - start) * 100) / 100;

/** Errors name the file they are about; an ID without a usable portrait says so. */
export async function verifyFilePair(analyzer: FaceAnalyzer, idPath: string, selfiePath: string, threshold?: number, declineBelow?: number): Promise<FilePairVerification> {
  const t0 = performance.now();
  const idSide = (async () => {
    let t = performance.now();
    const image = await decodeImageFile(idPath);
    const idDecode = since(t);
    t = performance.now();
    const found = await analyzer.findPortrait(image).catch((err: unknown) => {
      if (err instanceof EkycError) throw new EkycError(err.code, `${idPath}: ${err.message}`, err.details);
      throw err;
    });
    return { image, found, idDecode, idPortrait: since(t) };
  })();
  const selfieSide = (async () => {
    let t = performance.now();
    const image = await decodeImageFile(selfiePath, { maxSide: SELFIE_DECODE_SIDE });
    const selfieDecode = since(t);
    t = performance.now();
    const found = await analyzer.analyzeSelfie(image, selfiePath);
    return { image, found, selfieDecode, selfie: since(t) };
  })();
  // Both chains run to the end before an error is reported, so neither is left unobserved.
  const [idResult, selfieResult] = await Promise.allSettled([idSide, selfieSide]);
  if (idResult.status === 'rejected') throw idResult.reason;
  if (selfieResult.status === 'rejected') throw selfieResult.reason;
  const id = idResult.value;
  const selfie = selfieResult.value;
  const t = performance.now();
  const match = analyzer.compare(id.found.embedding, selfie.found.embedding, threshold, declineBelow);
  return {
    match,
    id: { image: id.image, portrait: id.found.portrait },
    selfie: { image: selfie.image, face: selfie.found.face },
    timingsMs: { idDecode: id.idDecode, idPortrait: id.idPortrait, selfieDecode: selfie.selfieDecode, selfie: selfie.selfie, compare: since(t), total: since(t0) },
  };
}
