/**
 * Operator settings: what they are, their defaults, and their validation. Pure, so main
 * (which stores them) and the renderer (which edits them) check them the same way.
 */
import { EkycError } from './errors';
import { MATCH_THRESHOLD } from './defaults';
import { parseChallengeList } from './liveness/challenges';
import { SUPPORTED_LANGUAGES, type Language } from './messages/languages';

/** What was measured at a preset's threshold (figures only; the texts are made from them). */
export interface PresetFigures {
  /** lfw-dev: pairs of two different people, and how many of them were accepted. */
  impostorPairs: number;
  impostorsAccepted: number;
  /** Exact one-sided 95% upper bound of the impostor acceptance rate. */
  farUpper95: number;
  /** lfw-dev: pairs of one person, and how many were accepted. */
  genuinePairs: number;
  genuineAccepted: number;
  /** The verification set's genuine pairs, and how many were accepted. */
  verificationGenuinePairs: number;
  verificationGenuineAccepted: number;
}

export interface MatchPreset {
  /** Cosine similarity at or above which two faces match. */
  threshold: number;
  /** What was measured at this threshold, in figures, or that nothing was. */
  operatingPoint: string;
  measured: boolean;
  figures: PresetFigures;
}

const percent = (n: number, of: number): string => `${((100 * n) / of).toFixed(1).replace(/\.0$/, '')}%`;
const grouped = (n: number): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** 5.4e-4, as bench/CALIBRATION.md writes rates. */
const rate = (r: number): string => r.toExponential(1);

/** The operator's detail line of a preset, made from its figures. */
function operatingPoint(threshold: number, f: PresetFigures, note = ''): string {
  const far = f.impostorsAccepted === 0 ? `FAR 0 of ${grouped(f.impostorPairs)}` : `FAR ${rate(f.impostorsAccepted / f.impostorPairs)} (${f.impostorsAccepted} of ${grouped(f.impostorPairs)} impostor pairs`;
  const bound = f.impostorsAccepted === 0 ? ` (at most ${rate(f.farUpper95)})` : `; at most ${rate(f.farUpper95)} at 95% confidence)`;
  return `cosine ${threshold.toFixed(2)}: lfw-dev ${far}${bound}, TAR ${percent(f.genuineAccepted, f.genuinePairs)} (${f.genuineAccepted} of ${f.genuinePairs}); verification set TAR ${percent(f.verificationGenuineAccepted, f.verificationGenuinePairs)} (${f.verificationGenuineAccepted} of ${f.verificationGenuinePairs})${note}`;
}

const LFW_DEV = { impostorPairs: 644_892, genuinePairs: 924, verificationGenuinePairs: 58 } as const;

/**
 * Figures from `npm run calibrate` (bench/CALIBRATION.md), mirror-averaged embeddings, on
 * ../shared/facedata/lfw-dev (924 genuine pairs; every one of its 644,892 pairs of two different
 * people) and ../shared/facedata/verification (58 genuine, 845 impostor pairs). Each FAR is
 * the share of impostor pairs accepted with its exact one-sided 95% upper bound; each TAR the
 * share of genuine pairs accepted. The thresholds are the FAR 1e-3, 1e-4 and "none of 644,892"
 * points of lfw-dev. The verification set holds a deliberate look-alike (an actress often
 * taken for another): her 9 pairs with the other actress score 0.37-0.52, so it shows FAR
 * above 1% at every preset; a stranger is not a look-alike, and the operator still compares
 * the customer with the document.
 */
const STANDARD_FIGURES: PresetFigures = { ...LFW_DEV, impostorsAccepted: 351, farUpper95: 6.0e-4, genuineAccepted: 905, verificationGenuineAccepted: 58 };
const STRICT_FIGURES: PresetFigures = { ...LFW_DEV, impostorsAccepted: 60, farUpper95: 1.2e-4, genuineAccepted: 894, verificationGenuineAccepted: 58 };
const STRICTEST_FIGURES: PresetFigures = { ...LFW_DEV, impostorsAccepted: 0, farUpper95: 4.7e-6, genuineAccepted: 858, verificationGenuineAccepted: 58 };

export const MATCH_PRESETS = {
  standard: { threshold: MATCH_THRESHOLD, measured: true, figures: STANDARD_FIGURES, operatingPoint: operatingPoint(MATCH_THRESHOLD, STANDARD_FIGURES) },
  strict: { threshold: 0.42, measured: true, figures: STRICT_FIGURES, operatingPoint: operatingPoint(0.42, STRICT_FIGURES, '; a few more customers asked to retry') },
  strictest: { threshold: 0.5, measured: true, figures: STRICTEST_FIGURES, operatingPoint: operatingPoint(0.5, STRICTEST_FIGURES, '; for high-risk products only') },
} as const satisfies Record<string, MatchPreset>;

export type MatchPresetId = keyof typeof MATCH_PRESETS;
export const MATCH_PRESET_IDS = Object.keys(MATCH_PRESETS) as MatchPresetId[];

/** The languages with a complete messages catalogue (src/shared/messages). */
export { SUPPORTED_LANGUAGES, type Language } from './messages/languages';

export const MIN_CHALLENGES_PER_SESSION = 1;
/** There are five challenge kinds and a session never repeats one. */
export const MAX_RANDOM_CHALLENGES = 5;
export const MAX_CAMERA_ID_LENGTH = 512;
export const MAX_FOLDER_PATH_LENGTH = 4096;

export interface OperatorSettings {
  schema: 'ekyc-settings/1';
  matchPreset: MatchPresetId;
  liveness: {
    /** How many challenges a random draw has (distinct kinds). */
    challengesPerSession: number;
    /** A fixed list such as `blink:2,smile` used instead of a random draw; '' for random. */
    fixedChallenges: string;
  };
  /** The camera's deviceId; null for the system's default camera. */
  cameraId: string | null;
  /**
   * The operator's CSCA trust list for chip passive authentication: a folder of country
   * signing certificates (.der/.cer/.crt/.pem) and ICAO master lists (.ml), or one such file.
   * null (the default, and what settings files of older builds load as): none installed, so
   * a chip's signer is reported "not trusted". Nothing is ever downloaded.
   */
  cscaTrustList: string | null;
  /**
   * Retention off (the default): nothing about the customer is written to disk. On: each
   * finished session's record (figures only, never images or embeddings) is written to
   * `folder`, which the operator picks in a folder dialog. `namesAndNumbers` (off by default)
   * adds the document's names, number and dates to records; otherwise a record keeps only the
   * document type, issuing state, expiry validity and check-digit results.
   */
  retention: { enabled: boolean; folder: string | null; namesAndNumbers: boolean };
  language: Language;
  /**
   * Off (the default): an expired document blocks the face check. On: a supervisor may accept
   * it, giving their name or ID and a reason, which main records (src/shared/verdict.ts
   * DocumentOverride says what may never be overridden).
   */
  allowExpiredOverride: boolean;
}

/** What the settings page may change; the records folder only changes through the folder dialog. */
export type OperatorSettingsUpdate = Omit<OperatorSettings, 'schema' | 'retention' | 'cscaTrustList'> & { retention: { enabled: boolean; namesAndNumbers: boolean } };

export const DEFAULT_SETTINGS: Readonly<OperatorSettings> = Object.freeze({
  schema: 'ekyc-settings/1',
  matchPreset: 'standard',
  liveness: Object.freeze({ challengesPerSession: 3, fixedChallenges: '' }),
  cameraId: null,
  cscaTrustList: null,
  retention: Object.freeze({ enabled: false, folder: null, namesAndNumbers: false }),
  language: 'en',
  allowExpiredOverride: false,
}) as OperatorSettings;

export function defaultSettings(): OperatorSettings {
  return structuredClone(DEFAULT_SETTINGS) as OperatorSettings;
}

export function matchThresholdOf(settings: OperatorSettings): number {
  return MATCH_PRESETS[settings.matchPreset].threshold;
}

function bad(where: string, what: string, details?: Record<string, unknown>): EkycError {
  return new EkycError('INVALID_ARGUMENT', `${where}: ${what}`, details);
}

function objectWith(where: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(where, 'must be an object');
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw bad(where, `unexpected field ${extra.slice(0, 5).join(', ')}`);
  const missing = keys.filter((k) => !(k in value));
  if (missing.length > 0) throw bad(where, `missing field ${missing.join(', ')}`);
  return value as Record<string, unknown>;
}

/** `value` with `key` set to `fallback` when it is a plain object lacking it; anything else as it is. */
function withDefault(value: unknown, key: string, fallback: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || key in value) return value;
  return { ...value, [key]: fallback };
}

function checkLiveness(where: string, value: unknown): OperatorSettings['liveness'] {
  const l = objectWith(`${where}.liveness`, value, ['challengesPerSession', 'fixedChallenges']);
  const n = l.challengesPerSession;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_CHALLENGES_PER_SESSION || n > MAX_RANDOM_CHALLENGES) {
    throw bad(`${where}.liveness.challengesPerSession`, `must be an integer from ${MIN_CHALLENGES_PER_SESSION} to ${MAX_RANDOM_CHALLENGES}, got ${JSON.stringify(n)}`);
  }
  if (typeof l.fixedChallenges !== 'string' || l.fixedChallenges.length > 200) throw bad(`${where}.liveness.fixedChallenges`, 'must be a text of at most 200 characters');
  const fixed = l.fixedChallenges.trim();
  if (fixed !== '') {
    try {
      const list = parseChallengeList(fixed);
      if (list.length > MAX_RANDOM_CHALLENGES * 2) throw bad(`${where}.liveness.fixedChallenges`, `at most ${MAX_RANDOM_CHALLENGES * 2} challenges`);
    } catch (err) {
      if (err instanceof EkycError) throw bad(`${where}.liveness.fixedChallenges`, err.message, err.details);
      throw err;
    }
  }
  return { challengesPerSession: n, fixedChallenges: fixed };
}

function checkCommon(where: string, s: Record<string, unknown>): Omit<OperatorSettings, 'schema' | 'retention' | 'cscaTrustList'> {
  if (typeof s.matchPreset !== 'string' || !(MATCH_PRESET_IDS as string[]).includes(s.matchPreset)) {
    throw bad(`${where}.matchPreset`, `must be one of ${MATCH_PRESET_IDS.join(', ')}, got ${JSON.stringify(s.matchPreset)}`);
  }
  if (s.cameraId !== null && (typeof s.cameraId !== 'string' || s.cameraId.length === 0 || s.cameraId.length > MAX_CAMERA_ID_LENGTH)) {
    throw bad(`${where}.cameraId`, `must be null or a device id of 1 to ${MAX_CAMERA_ID_LENGTH} characters`);
  }
  if (typeof s.language !== 'string' || !(SUPPORTED_LANGUAGES as readonly string[]).includes(s.language)) {
    throw bad(`${where}.language`, `must be one of ${SUPPORTED_LANGUAGES.join(', ')} (the only translations there are), got ${JSON.stringify(s.language)}`);
  }
  if (typeof s.allowExpiredOverride !== 'boolean') throw bad(`${where}.allowExpiredOverride`, 'must be true or false');
  return { matchPreset: s.matchPreset as MatchPresetId, liveness: checkLiveness(where, s.liveness), cameraId: s.cameraId as string | null, language: s.language as Language, allowExpiredOverride: s.allowExpiredOverride };
}

/** A complete settings object (as stored), checked field by field; throws INVALID_ARGUMENT naming the field. */
export function validateSettings(value: unknown, where = 'settings'): OperatorSettings {
  // cscaTrustList and allowExpiredOverride came later: a file of an older build has neither and
  // loads as "no trust list" and "no override".
  const s = objectWith(where, withDefault(withDefault(value, 'cscaTrustList', null), 'allowExpiredOverride', false), ['schema', 'matchPreset', 'liveness', 'cameraId', 'cscaTrustList', 'retention', 'language', 'allowExpiredOverride']);
  if (s.schema !== 'ekyc-settings/1') throw bad(`${where}.schema`, `must be "ekyc-settings/1", got ${JSON.stringify(s.schema)}`);
  const common = checkCommon(where, s);
  const r = objectWith(`${where}.retention`, s.retention, ['enabled', 'folder', 'namesAndNumbers']);
  if (typeof r.enabled !== 'boolean') throw bad(`${where}.retention.enabled`, 'must be true or false');
  if (typeof r.namesAndNumbers !== 'boolean') throw bad(`${where}.retention.namesAndNumbers`, 'must be true or false');
  if (r.folder !== null && (typeof r.folder !== 'string' || r.folder.length === 0 || r.folder.length > MAX_FOLDER_PATH_LENGTH)) {
    throw bad(`${where}.retention.folder`, 'must be null or a folder path');
  }
  if (r.enabled && r.folder === null) throw bad(`${where}.retention`, 'is on but has no folder; choose the records folder first');
  if (s.cscaTrustList !== null && (typeof s.cscaTrustList !== 'string' || s.cscaTrustList.length === 0 || s.cscaTrustList.length > MAX_FOLDER_PATH_LENGTH)) {
    throw bad(`${where}.cscaTrustList`, 'must be null or the path of a CSCA folder or master list');
  }
  return { schema: 'ekyc-settings/1', ...common, cscaTrustList: s.cscaTrustList as string | null, retention: { enabled: r.enabled, folder: r.folder as string | null, namesAndNumbers: r.namesAndNumbers } };
}

/** An update from the settings page, checked the same way. */
export function validateSettingsUpdate(value: unknown, where = 'settings'): OperatorSettingsUpdate {
  const s = objectWith(where, value, ['matchPreset', 'liveness', 'cameraId', 'retention', 'language', 'allowExpiredOverride']);
  const common = checkCommon(where, s);
  const r = objectWith(`${where}.retention`, s.retention, ['enabled', 'namesAndNumbers']);
  if (typeof r.enabled !== 'boolean') throw bad(`${where}.retention.enabled`, 'must be true or false');
  if (typeof r.namesAndNumbers !== 'boolean') throw bad(`${where}.retention.namesAndNumbers`, 'must be true or false');
  return { ...common, retention: { enabled: r.enabled, namesAndNumbers: r.namesAndNumbers } };
}

/** The update that keeps `settings` as they are: the settings page starts from it. */
export function settingsUpdateOf(settings: OperatorSettings): OperatorSettingsUpdate {
  const { schema: _schema, retention, cscaTrustList: _trust, ...rest } = settings;
  return { ...rest, retention: { enabled: retention.enabled, namesAndNumbers: retention.namesAndNumbers } };
}
