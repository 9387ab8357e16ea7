import { importEsm } from './esm-import';

/**
 * The part of the `mrz` package (ESM-only) this project uses. Declared here rather than
 * imported so the CommonJS build does not depend on how TypeScript resolves an ESM package.
 */
export interface MrzRange {
  line: number;
  start: number;
  end: number;
  raw: string;
}

export interface MrzDetail {
  label: string;
  field: string | null;
  value: string | null;
  valid: boolean;
  ranges: MrzRange[];
  line: number;
  start: number;
  end: number;
  error?: string;
}

export interface MrzParseResult {
  format: string;
  valid: boolean;
  fields: Record<string, string | null>;
  documentNumber: string | null;
  details: MrzDetail[];
}

export interface MrzLibrary {
  parse(lines: readonly string[]): MrzParseResult;
  /** ICAO 9303 codes of states and organisations (ISO 3166-1 alpha-3 plus D, EUE, XXA...) and their names. */
  readonly states: Readonly<Record<string, string>>;
}

let loading: Promise<MrzLibrary> | undefined;

/** The `mrz` package, loaded once per process (it is pure and stateless). */
export function loadMrzLibrary(): Promise<MrzLibrary> {
  loading ??= importEsm<MrzLibrary>('mrz').then((mod) => ({ parse: (lines) => withoutStackTraces(() => mod.parse(lines)), states: mod.states }));
  return loading;
}

/**
 * Runs `work` with no stack captured for the errors it throws. The package reports each field
 * that does not parse (a state code that is not one, a date that is not a date) by throwing
 * and catching an Error inside `parse`, and the repair's search parses thousands of candidate
 * zones, most of them with such fields: capturing those stacks was a quarter of the search's
 * time on the Dutch residence permit (docs/mrz.md). The messages are kept; only the stacks,
 * which nothing reads, go.
 */
function withoutStackTraces<T>(work: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
