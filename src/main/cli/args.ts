import { EkycError } from '../../shared/errors';
import { HELP_OPTION, type CommandSpec } from './command-specs';

/** Parsed command line: `--name value` options, `--flag` booleans and positional words. */
export interface ParsedArgs {
  options: Map<string, string>;
  flags: Set<string>;
  positional: string[];
}

/**
 * Parses argv against the options a command declares (command-specs.ts, the source of its
 * --help too), so a typo is an error naming the option meant rather than a silently ignored word.
 */
export function parseArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  const known = new Set(spec.options.filter((o) => o.value !== undefined).map((o) => o.name));
  const knownFlags = new Set(spec.options.filter((o) => o.value === undefined).map((o) => o.name));
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq === -1 ? undefined : eq);
    if (knownFlags.has(name) && eq === -1) {
      flags.add(name);
    } else if (known.has(name)) {
      const value = eq === -1 ? argv[++i] : word.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) {
        throw new EkycError('INVALID_ARGUMENT', `--${name} needs a value`);
      }
      options.set(name, value);
    } else {
      throw new EkycError('INVALID_ARGUMENT', unknownOptionMessage(name, spec));
    }
  }
  return { options, flags, positional };
}

export function requireOption(args: ParsedArgs, name: string): string {
  const value = args.options.get(name);
  if (value === undefined) throw new EkycError('INVALID_ARGUMENT', `--${name} is required`);
  return value;
}

export function numberOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new EkycError('INVALID_ARGUMENT', `--${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** The one positional argument a command takes (`name`, a file), or an error showing its usage. */
export function onePositional(args: ParsedArgs, name: string, usage: string): string {
  const [value, ...extra] = args.positional;
  if (!value || extra.length > 0) throw new EkycError('INVALID_ARGUMENT', `give exactly one ${name}: ${usage}`);
  return value;
}

/** "unknown option --treshold; did you mean --threshold?", or the options there are. */
export function unknownOptionMessage(name: string, spec: CommandSpec): string {
  const names = [...spec.options, HELP_OPTION].map((o) => o.name);
  const near = nearest(name, names);
  if (near) return `unknown option --${name}; did you mean --${near}?`;
  return `unknown option --${name}; ekyc ${spec.name} takes ${names.map((n) => `--${n}`).join(', ')}`;
}

/**
 * The known word a typo most likely meant: the closest by edit distance (a swap of two
 * neighbouring letters counts as one edit), if within a third of the word's length (at least
 * 1, at most 3: "--treshold" for --threshold, not "--id" for --json); otherwise the only known
 * word the typed one begins (an abbreviation such as "--thresh"); otherwise none.
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= limit) return best;
  const prefixed = word.length >= 2 ? known.filter((k) => k.startsWith(word)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
