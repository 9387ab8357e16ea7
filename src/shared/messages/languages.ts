/**
 * The languages the station speaks: one catalogue each in this folder. A language is listed
 * here only once its catalogue is complete (test/shared/messages/catalogues.test.ts).
 */
export const SUPPORTED_LANGUAGES = ['en', 'vi', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** Each language by its own name, as the operator looks for it in Settings whatever is shown now. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  vi: 'Tiếng Việt',
  fr: 'Français',
};

/**
 * The locale Intl formats dates and numbers with: British English writes "15 Apr 2012" as
 * counters outside the US read it; Vietnamese and French as in Vietnam and France.
 */
export const LANGUAGE_LOCALES: Readonly<Record<Language, string>> = {
  en: 'en-GB',
  vi: 'vi-VN',
  fr: 'fr-FR',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}
