import { EkycError } from '../../../shared/errors';
import { SELFIE_DECODE_SIDE } from '../../../shared/defaults';
import { FaceAnalyzer } from '../../vision/face-analyzer';
import { decodeImageFile } from '../../vision/image-decoder';
import { numberOption, parseArgs, requireOption } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { elapsedMs, faceToJson } from '../face-json';

/** ekyc verify --id ID_IMAGE --selfie FACE_IMAGE [--json] [--threshold T] */
export const verifyCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, { options: ['id', 'selfie', 'threshold'], flags: ['json'] });
  const idPath = requireOption(args, 'id');
  const selfiePath = requireOption(args, 'selfie');
  const threshold = numberOption(args, 'threshold', -1, 1);

  let t = process.hrtime.bigint();
  const analyzer = await FaceAnalyzer.create();
  const timingsMs: Record<string, number> = { loadModels: elapsedMs(t) };
  try {
    t = process.hrtime.bigint();
    const [idImage, selfieImage] = await Promise.all([decodeImageFile(idPath), decodeImageFile(selfiePath, { maxSide: SELFIE_DECODE_SIDE })]);
    timingsMs.decode = elapsedMs(t);
    t = process.hrtime.bigint();
    const id = await analyzer.findPortrait(idImage).catch((err: unknown) => {
      if (err instanceof EkycError) throw new EkycError(err.code, `${idPath}: ${err.message}`, err.details);
      throw err;
    });
    timingsMs.idPortrait = elapsedMs(t);
    t = process.hrtime.bigint();
    const selfie = await analyzer.analyzeSelfie(selfieImage, selfiePath);
    timingsMs.selfie = elapsedMs(t);
    t = process.hrtime.bigint();
    const result = analyzer.compare(id.embedding, selfie.embedding, threshold);
    timingsMs.compare = elapsedMs(t);
    timingsMs.total = Object.entries(timingsMs).filter(([k]) => k !== 'loadModels').reduce((s, [, v]) => s + v, 0);

    if (args.flags.has('json')) {
      io.out(JSON.stringify({
        match: result.match,
        similarity: round(result.similarity),
        distance: round(result.distance),
        threshold: result.threshold,
        id: { ...faceToJson(id.portrait, idImage.scale), rotation: id.portrait.rotation },
        selfie: faceToJson(selfie.face, selfieImage.scale),
        timingsMs,
      }));
    } else {
      io.out(`${result.match ? 'SAME PERSON' : 'DIFFERENT PERSON'}: similarity ${result.similarity.toFixed(3)} ` +
        `(threshold ${result.threshold}), L2 distance ${result.distance.toFixed(3)}; ${Math.round(timingsMs.total)} ms after model load`);
    }
    return result.match ? EXIT.OK : EXIT.NEGATIVE;
  } finally {
    await analyzer.dispose();
  }
};

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
