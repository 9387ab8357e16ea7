import { EkycError } from '../../../shared/errors';
import { samplePadFrames } from '../../liveness/sample-frames';
import { defaultModelsDir } from '../../models/model-files';
import { decodeImageFile } from '../../vision/image-decoder';
import { PresentationAttackDetector, type PresentationResult } from '../../vision/presentation-attack';
import { parseArgs } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { COMMAND_SPECS, usageLine } from '../command-specs';

const USAGE = usageLine(COMMAND_SPECS.pad);

/**
 * `ekyc pad IMAGE|--video CLIP.y4m [--json]`: presentation-attack detection, the same
 * function as the station's face check (src/main/vision/presentation-attack.ts).
 * Exit 0 live, 1 attack, 2 cannot decide (no face, several faces, unreadable input).
 */
export const padCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, COMMAND_SPECS.pad);
  const video = args.options.get('video');
  if (video !== undefined && args.positional.length > 0) {
    throw new EkycError('INVALID_ARGUMENT', `give either an image or --video, not both: ${USAGE}`);
  }
  if (video === undefined && args.positional.length !== 1) {
    throw new EkycError('INVALID_ARGUMENT', `give exactly one IMAGE, or --video CLIP.y4m: ${USAGE}`);
  }
  const source = video ?? args.positional[0];
  // Input first: a bad file is reported before seconds of model loading.
  const frames = video !== undefined ? (await samplePadFrames(video)).frames : [await decodeImageFile(source)];
  const detector = await PresentationAttackDetector.load(defaultModelsDir());
  let result: PresentationResult;
  try {
    result = await detector.assess(frames, { label: source });
  } finally {
    await detector.release();
  }
  if (args.flags.has('json')) {
    io.out(JSON.stringify({ live: result.live, score: result.score, threshold: result.threshold, reason: result.reason, signals: result.signals, frames: result.frames, faceFrames: result.faceFrames }));
  } else {
    const lines = [`${source}: ${result.live ? 'LIVE' : 'ATTACK'} (P(live) ${result.score.toFixed(3)}, threshold ${result.threshold}; ${result.faceFrames} of ${result.frames} frame(s) with a face)`];
    if (result.reason) lines.push(`  ${result.reason}`);
    const { stillFrames, rigidMotion, screen } = result.signals;
    const trace = (v: number | null, digits: number) => (v === null ? 'not measurable' : v.toFixed(digits));
    lines.push(`  medium's traces: moire ${trace(screen.moire, 2)} (limit ${screen.thresholds.moire}), bezel ${trace(screen.bezel, 2)} (limit ${screen.thresholds.bezel}), glare ${trace(screen.glare, 3)} (limit ${screen.thresholds.glare})`);
    if (stillFrames) lines.push(`  still frames: ${stillFrames.distinctPictures} distinct pictures in ${stillFrames.pairs + 1} frames (${stillFrames.identicalPairs} of ${stillFrames.pairs} pairs identical)`);
    if (rigidMotion) lines.push(`  rigid motion: ${rigidMotion.coupling === null ? `not measurable (${rigidMotion.movingPairs} moves of the face)` : `coupling ${rigidMotion.coupling.toFixed(2)} over ${rigidMotion.movingPairs} moves`}`);
    io.out(lines.join('\n'));
  }
  return result.live ? EXIT.OK : EXIT.NEGATIVE;
};
