import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EkycError, toErrorInfo } from '../../shared/errors';
import { nearest } from './args';
import { CliCommand, CliIO, EXIT, processIO } from './cli-io';
import { COMMAND_SPECS, commandHelp, usageLine, type CommandName } from './command-specs';

/** Commands load lazily so `ekyc mrz` does not pay for face models and vice versa. */
const COMMANDS: Record<CommandName, () => Promise<CliCommand>> = {
  verify: async () => (await import('./commands/verify')).verifyCommand,
  detect: async () => (await import('./commands/detect')).detectCommand,
  portrait: async () => (await import('./commands/portrait')).portraitCommand,
  eval: async () => (await import('./commands/eval')).evalCommand,
  liveness: async () => (await import('./commands/liveness')).livenessCommand,
  pad: async () => (await import('./commands/pad')).padCommand,
  mrz: async () => (await import('./commands/mrz')).mrzCommand,
  chip: async () => (await import('./commands/chip')).chipCommand,
};

const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);
const isHelp = (word: string) => word === '--help' || word === '-h';

export function usage(): string {
  return ['usage: ekyc <command> [options]', '', ...Object.values(COMMAND_SPECS).map((s) => `  ${usageLine(s)}`), '',
    '`ekyc COMMAND --help` explains a command and its options; `ekyc --version` prints the version.',
    'exit codes: 0 yes / valid / live, 1 no / invalid / attack, 2 cannot decide (the message says why), 3 refer to a supervisor (verify: similarity in the review band)'].join('\n');
}

/**
 * The version in package.json, read when asked: src/main/cli and dist/main/cli are both
 * three folders below it, so the same path serves ts-jest and the built `bin/ekyc.js`.
 */
export function packageVersion(): string {
  const file = path.resolve(__dirname, '..', '..', '..', 'package.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new EkycError('FILE_NOT_FOUND', `cannot read ${file} for the version: ${(err as Error).message}`, { file });
  }
  const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
  if (typeof version !== 'string') throw new EkycError('INVALID_ARGUMENT', `${file} has no "version" string`, { file });
  return version;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || isHelp(name)) {
      io.out(usage());
      return name ? EXIT.OK : EXIT.CANNOT_DECIDE;
    }
    if (name === 'help') {
      // `ekyc help verify` is `ekyc verify --help`; `ekyc help` alone, the overview.
      const topic = rest[0];
      if (topic === undefined) {
        io.out(usage());
        return EXIT.OK;
      }
      if (!isCommand(topic)) return unknownCommand(topic, io);
      io.out(commandHelp(COMMAND_SPECS[topic]));
      return EXIT.OK;
    }
    if (name === '--version' || name === '-V') {
      io.out(packageVersion());
      return EXIT.OK;
    }
    if (!isCommand(name)) return unknownCommand(name, io);
    // Answered before the command loads: help must not wait for (or need) models, and it
    // wins over any other word, as `ekyc verify --id card.jpg --help` is a request for help.
    if (rest.some(isHelp)) {
      io.out(commandHelp(COMMAND_SPECS[name]));
      return EXIT.OK;
    }
    return await (await COMMANDS[name]())(rest, io);
  } catch (err) {
    const info = toErrorInfo(err);
    io.err(`ekyc${name && isCommand(name) ? ` ${name}` : ''}: ${info.message}${err instanceof EkycError ? ` [${info.code}]` : ''}`);
    return EXIT.CANNOT_DECIDE;
  }
}

function unknownCommand(name: string, io: CliIO): number {
  const near = name.startsWith('-') ? nearest(name.replace(/^-+/, ''), ['help', 'version']) : nearest(name, Object.keys(COMMANDS));
  const hint = near ? `; did you mean ${name.startsWith('-') ? `--${near}` : near}?` : '';
  io.err(`ekyc: unknown command "${name}"${hint}\n${usage()}`);
  return EXIT.CANNOT_DECIDE;
}
