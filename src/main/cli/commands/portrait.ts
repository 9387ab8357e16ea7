import { EkycError } from '../../../shared/errors';
import { FaceAnalyzer } from '../../vision/face-analyzer';
import { decodeImageFile } from '../../vision/image-decoder';
import { onePositional, parseArgs } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { COMMAND_SPECS, usageLine } from '../command-specs';
import { describeFace, faceToJson } from '../face-json';

/** ekyc portrait ID_IMAGE [--json]: the document's main portrait, or exit 2 with the reason. */
export const portraitCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, COMMAND_SPECS.portrait);
  const path = onePositional(args, 'ID_IMAGE', usageLine(COMMAND_SPECS.portrait));
  const image = await decodeImageFile(path);
  const analyzer = await FaceAnalyzer.create();
  try {
    const { portrait } = await analyzer.findPortrait(image).catch((err: unknown) => {
      if (err instanceof EkycError) throw new EkycError(err.code, `${path}: ${err.message}`, err.details);
      throw err;
    });
    // Coordinates are in the upright document, i.e. after `rotation` degrees clockwise.
    const json = { ...faceToJson(portrait, image.scale), rotation: portrait.rotation, pass: portrait.pass };
    if (args.flags.has('json')) io.out(JSON.stringify({ portrait: json }));
    else io.out(`portrait in ${path} (document rotated ${portrait.rotation}° to be upright): ${describeFace(json)}`);
    return EXIT.OK;
  } finally {
    await analyzer.dispose();
  }
};
