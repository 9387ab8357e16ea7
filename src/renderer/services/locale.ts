/**
 * The language the station speaks now: one for the whole page, changed in Settings and
 * applied at once (no reload). Components follow it through LocaleController; pure services
 * take the Translator as a parameter, so tests can speak any language.
 */
import { EkycError, type ErrorCode } from '../../shared/errors';
import type { Language } from '../../shared/messages/languages';
import { translator, type Translator } from '../../shared/messages/translator';
import { StationError } from './station-api';

type Listener = (t: Translator) => void;

let current: Translator = translator('en');
const listeners = new Set<Listener>();

export function currentTranslator(): Translator {
  return current;
}

/** Switches every subscribed component to `language` and tells assistive technology (`<html lang>`). */
export function setLanguage(language: Language): void {
  const changed = language !== current.language;
  current = translator(language);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = language;
    document.title = current.t('app.title');
  }
  if (!changed) return;
  for (const listener of listeners) listener(current);
}

/** Calls `listener` on every change of language; returns the unsubscribe. */
export function onLanguageChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function infoOf(err: unknown): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
  // A StationError came from main; an EkycError from the page's own use of src/shared (a challenge list checked before saving).
  return err instanceof StationError || err instanceof EkycError
    ? { code: err.code, message: err.message, details: err.details }
    : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/**
 * An error for the screen, in the operator's language, worded by its code. Pages keep the
 * error itself and word it when they render, so a change of language rewords it too.
 */
export function errorText(err: unknown, t: Translator = current): string {
  return t.error(infoOf(err));
}

/** Logs an error's English detail (main's message, with paths and figures) for support; returns it to keep. */
export function logged(err: unknown): unknown {
  const info = infoOf(err);
  console.warn(`${info.code}: ${info.message}`);
  return err;
}
