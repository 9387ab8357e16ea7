import { FaceAnalyzer } from '../../vision/face-analyzer';
import { verifyFilePair } from '../../vision/verify-files';
import { numberOption, parseArgs, requireOption } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { elapsedMs, faceToJson } from '../face-json';

/** ekyc verify --id ID_IMAGE --selfie FACE_IMAGE [--json] [--threshold T] */
export const verifyCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, { options: ['id', 'selfie', 'threshold'], flags: ['json'] });
  const idPath = requireOption(args, 'id');
  const selfiePath = requireOption(args, 'selfie');
  const threshold = numberOption(args, 'threshold', -1, 1);

  const t = process.hrtime.bigint();
  const analyzer = await FaceAnalyzer.create();
  const loadModels = elapsedMs(t);
  try {
    const { match, id, selfie, timingsMs } = await verifyFilePair(analyzer, idPath, selfiePath, threshold);
    if (args.flags.has('json')) {
      io.out(JSON.stringify({
        match: match.match,
        similarity: round(match.similarity),
        distance: round(match.distance),
        threshold: match.threshold,
        id: { ...faceToJson(id.portrait, id.image.scale), rotation: id.portrait.rotation },
        selfie: faceToJson(selfie.face, selfie.image.scale),
        timingsMs: { loadModels, ...timingsMs },
      }));
    } else {
      io.out(`${match.match ? 'SAME PERSON' : 'DIFFERENT PERSON'}: similarity ${match.similarity.toFixed(3)} ` +
        `(threshold ${match.threshold}), L2 distance ${match.distance.toFixed(3)}; ${Math.round(timingsMs.total)} ms after model load`);
    }
    return match.match ? EXIT.OK : EXIT.NEGATIVE;
  } finally {
    await analyzer.dispose();
  }
};

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
