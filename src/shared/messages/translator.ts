/**
 * Turns message keys and references into text in one language, and formats numbers, dates
 * and lists with Intl in that language's locale. Pure: main renders the record's English
 * messages with it, the renderer everything on screen.
 */
import type { ErrorCode } from '../errors';
import { en } from './en';
import { fr } from './fr';
import { vi } from './vi';
import type { Catalogue, MessageKey, MessageParam, MessageRef, ParamsOf, PluralKey } from './catalogue';
import { LANGUAGE_LOCALES, type Language } from './languages';

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, vi, fr };

/** An error as it crosses IPC: its code picks the message, its details fill it. */
export interface LocalisableError {
  code: ErrorCode;
  details?: Record<string, unknown>;
}

export class Translator {
  readonly locale: string;
  private readonly catalogue: Catalogue;
  private readonly plurals: Intl.PluralRules;
  private readonly lists: Intl.ListFormat;

  /**
   * `momentsAsIso`: moments stay ISO 8601 timestamps (the record's and the logs' English, read
   * by auditors in any time zone); otherwise they are the locale's date and time, local time.
   */
  constructor(readonly language: Language, private readonly options: { momentsAsIso?: boolean } = {}) {
    this.locale = LANGUAGE_LOCALES[language];
    this.catalogue = CATALOGUES[language];
    this.plurals = new Intl.PluralRules(this.locale);
    this.lists = new Intl.ListFormat(this.locale, { style: 'long', type: 'conjunction' });
  }

  /** The message for `key`, its placeholders (checked by the compiler) filled. */
  t<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
    return this.format(key, params[0]);
  }

  /** A placeholder without a value stays as `{name}`, visibly. */
  private format(key: MessageKey, params?: Readonly<Record<string, MessageParam>>): string {
    const text = this.catalogue[key];
    if (!params) return text;
    return text.replace(/\{([^{}]+)\}/g, (whole, name: string) => (name in params ? this.param(params[name]) : whole));
  }

  /** The plural form of `key` for `count` (`{count}` is filled with it). */
  plural(key: PluralKey, count: number, params?: Readonly<Record<string, MessageParam>>): string {
    const form = `${key}.${this.plurals.select(count)}`;
    const chosen = (form in this.catalogue ? form : `${key}.other`) as MessageKey;
    return this.format(chosen, { count, ...params });
  }

  /** A reference made earlier (by main, in a record, or on the page) shown now. */
  ref(ref: MessageRef): string {
    if (ref.count !== undefined && `${ref.key}.other` in this.catalogue) return this.plural(ref.key as PluralKey, ref.count, ref.params);
    // A record from a newer build may carry a key this one lacks: show the key rather than nothing.
    if (!(ref.key in this.catalogue)) return ref.key;
    return this.format(ref.key as MessageKey, ref.params);
  }

  /** The screen's message for an error: `error.CODE.problem` when details name a known problem, else `error.CODE`. */
  error(err: LocalisableError): string {
    const d = err.details ?? {};
    const problem = typeof d.problem === 'string' ? `error.${err.code}.${d.problem}` : null;
    const key = (problem && problem in this.catalogue ? problem : `error.${err.code}`) as MessageKey;
    const params: Record<string, MessageParam> = {};
    for (const [name, value] of Object.entries(d)) {
      if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    }
    if (Array.isArray(d.problems)) {
      params.problems = { list: d.problems.filter((p): p is string => typeof p === 'string' && `quality.${p}` in this.catalogue).map((p) => ({ key: `quality.${p}` as MessageKey })) };
    }
    return this.format(key, params);
  }

  number(value: number, maximumFractionDigits = 3): string {
    return new Intl.NumberFormat(this.locale, { maximumFractionDigits }).format(value);
  }

  fixed(value: number, digits: number): string {
    return new Intl.NumberFormat(this.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  }

  /** A share 0..1 as a percentage: "87%", "87 %" in French. */
  percent(share: number, digits = 0): string {
    return new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: digits }).format(share);
  }

  /** A calendar date `YYYY-MM-DD` (a document's, no time zone): "15 Apr 2012", "15 thg 4, 2012"; null is "unreadable". */
  date(iso: string | null): string {
    if (iso === null) return this.t('date.unreadable');
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m) return iso;
    const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    // A date such as 2012-02-30 is not a calendar date: shown as given, not as 1 March.
    if (day.getUTCDate() !== Number(m[3]) || day.getUTCMonth() !== Number(m[2]) - 1) return iso;
    return new Intl.DateTimeFormat(this.locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(day);
  }

  /** A moment, in the station's own time zone: date and time. */
  dateTime(moment: string | Date, timeZone?: string): string {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(moment));
  }

  /** A moment's time of day with seconds, in the station's own time zone. */
  time(moment: string | Date, timeZone?: string): string {
    return new Intl.DateTimeFormat(this.locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(moment));
  }

  /** A moment param: date and time, or the text as given when it is not a timestamp (a record edited by hand). */
  private moment(iso: string): string {
    return !this.options.momentsAsIso && Number.isFinite(Date.parse(iso)) ? this.dateTime(iso) : iso;
  }

  list(items: readonly string[]): string {
    return this.lists.format(items);
  }

  private param(value: MessageParam): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return this.number(value);
    if ('fixed' in value) return this.fixed(value.fixed, value.digits);
    if ('list' in value) return this.list(value.list.map((v) => this.param(v)));
    if ('moment' in value) return this.moment(value.moment);
    return this.ref(value);
  }
}

const translators = new Map<Language, Translator>();

/** One translator per language, made once (Intl formatters are not free). */
export function translator(language: Language): Translator {
  let found = translators.get(language);
  if (!found) {
    found = new Translator(language);
    translators.set(language, found);
  }
  return found;
}

const recordEnglish = new Translator('en', { momentsAsIso: true });

/** The English text of a reference: what the record and the logs keep (moments as ISO timestamps). */
export function english(ref: MessageRef): string {
  return recordEnglish.ref(ref);
}
