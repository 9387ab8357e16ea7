import { EkycError, toErrorInfo } from '../../shared/errors';
import { CliCommand, CliIO, EXIT, processIO } from './cli-io';

/** Commands load lazily so `ekyc mrz` does not pay for face models and vice versa. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  verify: { summary: 'verify --id ID_IMAGE --selfie FACE_IMAGE [--json] [--threshold T] [--decline-below D]', load: async () => (await import('./commands/verify')).verifyCommand },
  detect: { summary: 'detect IMAGE [--json]', load: async () => (await import('./commands/detect')).detectCommand },
  portrait: { summary: 'portrait ID_IMAGE [--json]', load: async () => (await import('./commands/portrait')).portraitCommand },
  eval: { summary: 'eval --pairs PAIRS.csv --root DIR [--json] [--threshold T]', load: async () => (await import('./commands/eval')).evalCommand },
  liveness: { summary: 'liveness --video CLIP.y4m [--challenges blink:2,smile,turn-left] [--json]', load: async () => (await import('./commands/liveness')).livenessCommand },
  pad: { summary: 'pad IMAGE|--video CLIP.y4m [--json]', load: async () => (await import('./commands/pad')).padCommand },
  mrz: { summary: 'mrz DOC_IMAGE [--json]', load: async () => (await import('./commands/mrz')).mrzCommand },
  chip: { summary: 'chip [--reader NAME] [--wait SECONDS] (--mrz-keys DOCNO,BIRTH,EXPIRY | --document DOC_IMAGE | --can CAN) [--csca DIR_OR_FILE] [--bac] [--json]', load: async () => (await import('./commands/chip')).chipCommand },
};

export function usage(): string {
  return ['usage: ekyc <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  ekyc ${c.summary}`), '',
    'exit codes: 0 yes / valid / live, 1 no / invalid / attack, 2 cannot decide (the message says why), 3 refer to a supervisor (verify: similarity in the review band)'].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? EXIT.OK : EXIT.CANNOT_DECIDE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`ekyc: unknown command "${name}"\n${usage()}`);
    return EXIT.CANNOT_DECIDE;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (err) {
    const info = toErrorInfo(err);
    io.err(`ekyc ${name}: ${info.message}${err instanceof EkycError ? ` [${info.code}]` : ''}`);
    return EXIT.CANNOT_DECIDE;
  }
}
