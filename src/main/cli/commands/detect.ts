import { FaceAnalyzer } from '../../vision/face-analyzer';
import { decodeImageFile } from '../../vision/image-decoder';
import { onePositional, parseArgs } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { COMMAND_SPECS, usageLine } from '../command-specs';
import { describeFace, faceToJson } from '../face-json';

/** ekyc detect IMAGE [--json]: every face with box, score, landmarks and quality. */
export const detectCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, COMMAND_SPECS.detect);
  const path = onePositional(args, 'IMAGE', usageLine(COMMAND_SPECS.detect));
  const image = await decodeImageFile(path);
  const analyzer = await FaceAnalyzer.create();
  try {
    const faces = (await analyzer.detectFaces(image, { tiles: true })).map((f) => faceToJson(f, image.scale));
    if (args.flags.has('json')) io.out(JSON.stringify({ faces }));
    else io.out([`${faces.length} face(s) in ${path}`, ...faces.map((f, i) => `  ${i + 1}. ${describeFace(f)}`)].join('\n'));
    return EXIT.OK;
  } finally {
    await analyzer.dispose();
  }
};
