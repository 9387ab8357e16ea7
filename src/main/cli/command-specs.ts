import { MATCH_THRESHOLD, REVIEW_BAND_DECLINE_BELOW } from '../../shared/defaults';

/**
 * Every command's options and usage, in one place: parseArgs takes its known options from
 * here and `ekyc COMMAND --help` prints from here, so the usage cannot name an option the
 * parser refuses or miss one it takes. This file imports no engine code, so `ekyc --help`
 * and `ekyc verify --help` answer without loading face or OCR modules.
 */
export interface OptionSpec {
  name: string;
  /** The value's placeholder (`T`, `CLIP.y4m`); absent for a flag such as --json. */
  value?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** Everything after `ekyc NAME` on the usage line; it names every option (checked by test/main/cli/cli-usage.test.ts). */
  synopsis: string;
  about: string;
  options: OptionSpec[];
  /** What each exit code means for this command. */
  exits: string;
}

const JSON_FLAG: OptionSpec = { name: 'json', help: 'print one JSON object instead of text' };

/** Every command takes this one; parseArgs refuses it (main answers it before the command runs). */
export const HELP_OPTION: OptionSpec = { name: 'help', help: 'print this usage and exit 0 (also -h)' };

export const COMMAND_SPECS = {
  verify: {
    name: 'verify',
    synopsis: '--id ID_IMAGE --selfie FACE_IMAGE [--json] [--threshold T] [--decline-below D]',
    about: "Finds the ID's main portrait and the selfie's one face, and decides whether they are the same person.",
    options: [
      { name: 'id', value: 'ID_IMAGE', help: 'photo of the identity document (any orientation)' },
      { name: 'selfie', value: 'FACE_IMAGE', help: 'photo of the customer, with exactly one face' },
      JSON_FLAG,
      { name: 'threshold', value: 'T', help: `cosine similarity at or above which it is the same person (default ${MATCH_THRESHOLD}), -1 to 1` },
      { name: 'decline-below', value: 'D', help: `below this, a different person; from D up to T, refer to a supervisor (default ${REVIEW_BAND_DECLINE_BELOW}, or T if lower)` },
    ],
    exits: '0 same person, 1 different person, 3 refer to a supervisor (similarity from D up to T), 2 cannot decide',
  },
  detect: {
    name: 'detect',
    synopsis: 'IMAGE [--json]',
    about: 'Lists every face in the image with its box, score, 68 landmarks and quality.',
    options: [JSON_FLAG],
    exits: '0 done (also when no face is found), 2 unreadable input or missing model',
  },
  portrait: {
    name: 'portrait',
    synopsis: 'ID_IMAGE [--json]',
    about: "Finds the document's main portrait (the largest face, not the ghost image), in whichever orientation it is upright.",
    options: [JSON_FLAG],
    exits: '0 found, 2 no usable portrait (the message says why) or unreadable input',
  },
  eval: {
    name: 'eval',
    synopsis: '--pairs PAIRS.csv --root DIR [--json] [--threshold T]',
    about: 'Measures accuracy on labelled pairs: best accuracy, EER, TAR at FAR 1e-2, 1e-3, 1e-4, and figures at the operating threshold.',
    options: [
      { name: 'pairs', value: 'PAIRS.csv', help: 'CSV with the header img1,img2,same (same = 1 or 0)' },
      { name: 'root', value: 'DIR', help: "folder the CSV's image paths are relative to; no path may leave it" },
      JSON_FLAG,
      { name: 'threshold', value: 'T', help: `operating threshold to report figures at (default ${MATCH_THRESHOLD}), -1 to 1` },
    ],
    exits: '0 scored, 2 no pair could be scored or bad input',
  },
  liveness: {
    name: 'liveness',
    synopsis: '--video CLIP.y4m [--challenges blink:2,smile,turn-left] [--json] [--no-pad]',
    about: "Replays a recording through the station's liveness logic: the events seen, each challenge's outcome, and the presentation-attack check of the frames the station samples (2 a second).",
    options: [
      { name: 'video', value: 'CLIP.y4m', help: 'the recording (YUV4MPEG2)' },
      { name: 'challenges', value: 'LIST', help: 'comma-separated: blink:N, smile, mouth-open, turn-left, turn-right' },
      JSON_FLAG,
      { name: 'no-pad', help: 'judge the gestures only, without the presentation-attack check' },
    ],
    exits: '0 every challenge passed (or none asked) and no presentation attack was found, 1 a challenge failed or the frames are a presentation attack, 2 bad input',
  },
  pad: {
    name: 'pad',
    synopsis: 'IMAGE|--video CLIP.y4m [--json]',
    about: "Presentation-attack detection, the face check's own: is this a live person or a photo, print or screen?",
    options: [
      { name: 'video', value: 'CLIP.y4m', help: 'a recording instead of an IMAGE (sampled at 10 frames a second, at most 60)' },
      JSON_FLAG,
    ],
    exits: '0 live, 1 attack (the reason is printed), 2 cannot decide (no face, several people, unreadable input)',
  },
  mrz: {
    name: 'mrz',
    synopsis: 'DOC_IMAGE [--json]',
    about: "Reads and checks the document's machine-readable zone.",
    options: [JSON_FLAG],
    exits: '0 every check digit holds, 1 a check digit fails, 2 no zone could be read (the message says why)',
  },
  chip: {
    name: 'chip',
    synopsis: '[--reader NAME] [--wait SECONDS] (--mrz-keys DOCNO,BIRTH,EXPIRY | --document DOC_IMAGE | --can CAN) [--csca DIR_OR_FILE] [--bac] [--json]',
    about: "Reads the document's chip over PC/SC and checks what the issuer signed (passive authentication).",
    options: [
      { name: 'reader', value: 'NAME', help: "any part of the PC/SC reader's name (default: the first reader with a card)" },
      { name: 'wait', value: 'SECONDS', help: 'wait up to this long for a card, 0 to 600 (default 0)' },
      { name: 'mrz-keys', value: 'DOCNO,BIRTH,EXPIRY', help: 'document number and the two dates as YYMMDD' },
      { name: 'document', value: 'DOC_IMAGE', help: 'photo of the data page: keys from its printed zone, and DG1 compared with it' },
      { name: 'can', value: 'CAN', help: 'card access number (PACE)' },
      { name: 'csca', value: 'DIR_OR_FILE', help: 'trusted CSCA certificates: a folder of certificates and master lists, or one such file' },
      { name: 'bac', help: 'use BAC even if the chip offers PACE' },
      JSON_FLAG,
    ],
    exits: '0 signed and the chain valid, 1 data altered or DG1 differs from the printed zone, 2 cannot decide (no reader or card, wrong keys, signer not trusted)',
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_SPECS;

/** The usage line, as usage errors quote it: `ekyc detect IMAGE [--json]`. */
export function usageLine(spec: CommandSpec): string {
  return `ekyc ${spec.name} ${spec.synopsis}`;
}

/** What `ekyc COMMAND --help` prints. */
export function commandHelp(spec: CommandSpec): string {
  const options = [...spec.options, HELP_OPTION];
  const label = (o: OptionSpec) => `--${o.name}${o.value ? ` ${o.value}` : ''}`;
  const width = Math.max(...options.map((o) => label(o).length));
  return [
    `usage: ${usageLine(spec)}`,
    '',
    spec.about,
    '',
    'options:',
    ...options.map((o) => `  ${label(o).padEnd(width)}  ${o.help}`),
    '',
    `exit codes: ${spec.exits}`,
  ].join('\n');
}
