import { EkycError } from '../../shared/errors';

/** Parsed command line: `--name value` options, `--flag` booleans and positional words. */
export interface ParsedArgs {
  options: Map<string, string>;
  flags: Set<string>;
  positional: string[];
}

/**
 * Parses argv against the options a command declares, so a typo is an error rather than
 * a silently ignored word.
 */
export function parseArgs(argv: string[], spec: { options?: string[]; flags?: string[] }): ParsedArgs {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  const known = new Set(spec.options ?? []);
  const knownFlags = new Set(spec.flags ?? []);
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
      throw new EkycError('INVALID_ARGUMENT', `unknown option --${name}`);
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
