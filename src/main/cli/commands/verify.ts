import { EkycError } from '../../../shared/errors';
import { MATCH_THRESHOLD } from '../../../shared/defaults';
import { FaceAnalyzer } from '../../vision/face-analyzer';
import { verifyFilePair } from '../../vision/verify-files';
import { numberOption, parseArgs, requireOption } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { COMMAND_SPECS } from '../command-specs';
import { elapsedMs, faceToJson } from '../face-json';

/**
 * ekyc verify --id ID_IMAGE --selfie FACE_IMAGE [--json] [--threshold T] [--decline-below D]
 * Exit 0 same person, 1 different person, 3 refer to a supervisor (the review band, from D up
 * to T), 2 cannot decide.
 */
export const verifyCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, COMMAND_SPECS.verify);
  const idPath = requireOption(args, 'id');
  const selfiePath = requireOption(args, 'selfie');
  const threshold = numberOption(args, 'threshold', -1, 1);
  const declineBelow = numberOption(args, 'decline-below', -1, 1);
  if (declineBelow !== undefined && declineBelow > (threshold ?? MATCH_THRESHOLD)) {
    throw new EkycError('INVALID_ARGUMENT', `--decline-below ${declineBelow} is above the accept threshold ${threshold ?? MATCH_THRESHOLD}; give a value at or below it (equal: no review band)`);
  }

  const t = process.hrtime.bigint();
  const analyzer = await FaceAnalyzer.create();
  const loadModels = elapsedMs(t);
  try {
    const { match, id, selfie, timingsMs } = await verifyFilePair(analyzer, idPath, selfiePath, threshold, declineBelow);
    if (args.flags.has('json')) {
      io.out(JSON.stringify({
        match: match.match,
        decision: match.decision,
        similarity: round(match.similarity),
        distance: round(match.distance),
        threshold: match.threshold,
        declineBelow: match.declineBelow,
        id: { ...faceToJson(id.portrait, id.image.scale), rotation: id.portrait.rotation },
        selfie: faceToJson(selfie.face, selfie.image.scale),
        timingsMs: { loadModels, ...timingsMs },
      }));
    } else {
      const figures = match.decision === 'refer'
        ? `REFER TO SUPERVISOR: similarity ${match.similarity.toFixed(3)} (accept at ${match.threshold}, decline below ${match.declineBelow})`
        : `${match.match ? 'SAME PERSON' : 'DIFFERENT PERSON'}: similarity ${match.similarity.toFixed(3)} (threshold ${match.threshold}, decline below ${match.declineBelow})`;
      io.out(`${figures}, L2 distance ${match.distance.toFixed(3)}; ${Math.round(timingsMs.total)} ms after model load`);
    }
    return match.decision === 'match' ? EXIT.OK : match.decision === 'refer' ? EXIT.REFER : EXIT.NEGATIVE;
  } finally {
    await analyzer.dispose();
  }
};

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
