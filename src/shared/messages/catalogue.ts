/**
 * The shape of a messages catalogue and of a message reference. The English catalogue
 * defines the keys; every other catalogue is typed to have exactly those keys, and
 * test/shared/messages/catalogues.test.ts checks at run time that none lacks a key, has an
 * extra one, or changes a message's placeholders.
 */
import type { ErrorCode } from '../errors';
import { en } from './en';

export type MessageKey = keyof typeof en;

/** Every catalogue: the same keys as English, each a message in that language. */
export type Catalogue = { readonly [K in MessageKey]: string };

/** The `{name}` placeholders of a message, as a union of names. */
export type PlaceholderNames<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholderNames<Rest> : never;

/** A message with plural forms: the key without its `.one` / `.other` ending. */
export type PluralKey = MessageKey extends infer K ? K extends `${infer Base}.one` ? Base : never : never;

/**
 * A number shown with a fixed count of decimals (similarities with 3, seconds with 1), in
 * the reader's locale: 0.361 is "0.361" in English and "0,361" in Vietnamese and French.
 */
export interface FixedNumber {
  fixed: number;
  digits: number;
}

/** Items joined as the language joins a list: "a, b and c", "a, b và c", "a, b et c". */
export interface ListParam {
  list: MessageParam[];
}

/**
 * A moment (an ISO 8601 timestamp, as records keep them) shown as the reader's locale writes
 * a date and time, in the reader's time zone: a record made by main and read on the page says
 * "3 Dec 2026, 17:20:05", not "2026-12-03T17:20:05.000Z".
 */
export interface MomentParam {
  moment: string;
}

/** A parameter: text shown as it is, a number in the reader's locale, a moment, or another message. */
export type MessageParam = string | number | FixedNumber | ListParam | MomentParam | MessageRef;

/**
 * A message to show later, in whatever language is chosen then: plain JSON, so a record can
 * carry it and main can send it. `count` picks the plural form of a PluralKey.
 */
export interface MessageRef {
  key: MessageKey | PluralKey;
  params?: Readonly<Record<string, MessageParam>>;
  count?: number;
}

/** The arguments after a key: its placeholders' values, or nothing when it has none. */
export type ParamsOf<K extends MessageKey> = [PlaceholderNames<(typeof en)[K]>] extends [never]
  ? []
  : [params: Readonly<Record<PlaceholderNames<(typeof en)[K]>, MessageParam>>];

/** The keys of messages without placeholders: what a table of keys can hold and `t(key)` can show. */
export type PlainMessageKey = { [K in MessageKey]: ParamsOf<K> extends [] ? K : never }[MessageKey];

type PluralParamsOf<B extends PluralKey> = Exclude<PlaceholderNames<(typeof en)[`${B}.other` & MessageKey]>, 'count'>;

/** A reference built with the placeholders of its key checked by the compiler. */
export function msg<K extends MessageKey>(key: K, ...params: ParamsOf<K>): MessageRef {
  return params.length === 0 ? { key } : { key, params: params[0] };
}

/** A plural reference: the form is chosen for `count` in the language it is shown in. */
export function plural<B extends PluralKey>(key: B, count: number, ...params: [PluralParamsOf<B>] extends [never] ? [] : [Readonly<Record<PluralParamsOf<B>, MessageParam>>]): MessageRef {
  return params.length === 0 ? { key, count } : { key, count, params: params[0] };
}

/** The placeholders a message text uses, sorted: the completeness test compares them across catalogues. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]))].sort();
}

// Every error code has its message: a new code without one fails the typecheck here.
type MissingErrorMessages = Exclude<`error.${ErrorCode}`, MessageKey>;
const everyErrorCodeHasAMessage: [MissingErrorMessages] extends [never] ? true : MissingErrorMessages = true;
void everyErrorCodeHasAMessage;
