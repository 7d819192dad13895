import { ReactNode, useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { DEFAULT_LANG, i18n, Lang, LANGS, MessageKey, messages, Vars } from './messages';

const STORAGE_KEY = 'fd.lang';

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** A translation when the dictionary has the key, else the fallback (e.g. a problem's detail). */
  tryT: (key: string, fallback: string, vars?: Vars) => string;
}

const isLang = (lang: string | null | undefined): lang is Lang => (LANGS as readonly (string | null | undefined)[]).includes(lang);

function savedLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // storage may be off; Traditional Chinese is the default
  }
  return DEFAULT_LANG;
}

function setLang(next: Lang) {
  void i18n.changeLanguage(next);
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // the choice lasts for this page only
  }
}

/** The page speaks the language chosen last time; <html lang> and the title follow the choice. */
export function I18nProvider({ children }: { children: ReactNode }) {
  // before the first render, so no page is drawn in the default language first
  useState(() => i18n.changeLanguage(savedLang()));
  useEffect(() => {
    const follow = () => {
      document.documentElement.lang = i18n.language;
      document.title = i18n.t('app.title');
    };
    follow();
    i18n.on('languageChanged', follow);
    return () => i18n.off('languageChanged', follow);
  }, []);
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}

export function useI18n(): I18n {
  const { t, i18n: instance } = useTranslation();
  const lang = isLang(instance.language) ? instance.language : DEFAULT_LANG;
  return useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => t(key, vars),
      tryT: (key, fallback, vars) => (instance.exists(key) ? t(key as MessageKey, vars) : fallback),
    }),
    [lang, t, instance],
  );
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select aria-label={t('app.language')} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {messages[l]['lang.name']}
          </option>
        ))}
      </select>
    </label>
  );
}
