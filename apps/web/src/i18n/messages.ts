/**
 * The UI's words in Traditional Chinese (the default), Simplified Chinese and English: one file per
 * language under locales/, read by i18next. The mall's terms follow docs/glossary.md. No DOM here:
 * the browser tests read the same labels through `translate`.
 */
import { createInstance } from 'i18next';
import en from './locales/en.json';
import zhHans from './locales/zh-Hans.json';
import zhHant from './locales/zh-Hant.json';

export const LANGS = ['zh-Hant', 'zh-Hans', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-Hant';

/** Every message has a key in the default language's file; the others must have the same keys. */
export type MessageKey = keyof typeof zhHant;
type Dictionary = Record<MessageKey, string>;
/** The values of a message's `{name}` placeholders. */
export type Vars = Record<string, string | number>;

// a language file that lacks a key fails the typecheck here, and the dictionaries' spec names it
export const messages: Record<Lang, Dictionary> = { 'zh-Hant': zhHant, 'zh-Hans': zhHans, en };

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zhHant };
    // the keys are flat ('purchase.line'): the dots and colons are part of them
    keySeparator: false;
    nsSeparator: false;
    interpolationPrefix: '{';
    interpolationSuffix: '}';
  }
}

/** The one i18next instance: every language's words are here from the start, so it is ready at once. */
export const i18n = createInstance({
  resources: Object.fromEntries(LANGS.map((lang) => [lang, { translation: messages[lang] }])),
  lng: DEFAULT_LANG,
  fallbackLng: DEFAULT_LANG,
  supportedLngs: LANGS,
  load: 'currentOnly',
  initAsync: false,
  keySeparator: false,
  nsSeparator: false,
  // placeholders are `{name}`; a placeholder without a value stays as it is; React escapes what it shows
  interpolation: { prefix: '{', suffix: '}', escapeValue: false },
});
void i18n.init();

/** A message in the given language with its `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return i18n.t(key, { ...vars, lng: lang });
}
