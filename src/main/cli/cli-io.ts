/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit codes shared by every command. */
export const EXIT = {
  /** Success: same person, challenge passed, MRZ valid. */
  OK: 0,
  /** A definite negative answer: different person, challenge failed, check digit wrong. */
  NEGATIVE: 1,
  /** Cannot decide: bad input, no face, quality too low, missing model. */
  CANNOT_DECIDE: 2,
  /** `ekyc verify` only: the similarity is in the review band; a supervisor compares by eye. */
  REFER: 3,
} as const;

export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;
