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
  loading ??= importEsm<MrzLibrary>('mrz').then((mod) => ({ parse: (lines) => mod.parse(lines), states: mod.states }));
  return loading;
}
