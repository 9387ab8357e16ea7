import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageKey, MessageParam, MessageRef, ParamsOf, PluralKey } from '../../shared/messages/catalogue';
import type { Translator } from '../../shared/messages/translator';
import { currentTranslator, onLanguageChange } from '../services/locale';

/**
 * Re-renders its component when the operator changes the language, and gives it the
 * messages of the language shown now: `this.locale.t('id.next')`.
 */
export class LocaleController implements ReactiveController {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = onLanguageChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  get translator(): Translator {
    return currentTranslator();
  }

  t<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
    return currentTranslator().t(key, ...params);
  }

  plural(key: PluralKey, count: number, params?: Readonly<Record<string, MessageParam>>): string {
    return currentTranslator().plural(key, count, params);
  }

  ref(ref: MessageRef | string): string {
    return typeof ref === 'string' ? ref : currentTranslator().ref(ref);
  }
}
