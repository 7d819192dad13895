import { readdirSync } from 'node:fs';
import path from 'node:path';
import { LANGS, messages, translate } from './messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the UI dictionaries', () => {
  it('everyLanguage_hasEveryMessage_withTheSamePlaceholders', () => {
    const keys = Object.keys(messages['zh-Hant']).sort();
    for (const lang of LANGS) {
      expect(Object.keys(messages[lang]).sort()).toEqual(keys);
      for (const key of keys as Array<keyof (typeof messages)['zh-Hant']>) {
        expect({ lang, key, vars: placeholders(messages[lang][key]) }).toEqual({ lang, key, vars: placeholders(messages['zh-Hant'][key]) });
        expect(messages[lang][key].trim()).not.toBe('');
      }
    }
  });

  it('everyLanguageFile_isALanguageOfTheSwitch', () => {
    const files = readdirSync(path.join(__dirname, 'locales')).sort();
    expect(files).toEqual(LANGS.map((lang) => `${lang}.json`).sort());
  });

  it('translate_fillsPlaceholders', () => {
    expect(translate('zh-Hant', 'file.filed', { serial: 'FD00000012' })).toBe('已備案 FD00000012');
    expect(translate('en', 'file.filed', { serial: 'FD00000012' })).toBe('Filed FD00000012');
    // a value is shown as it is, never read as a placeholder or markup
    expect(translate('en', 'file.filed', { serial: '{serial} <b>' })).toBe('Filed {serial} <b>');
  });

  it('theChineseDictionaries_useTheGlossaryTerms', () => {
    expect(messages['zh-Hant']['rating.fairly_satisfied']).toBe('較滿意');
    expect(messages['zh-Hans']['rating.fairly_satisfied']).toBe('较满意');
    expect(messages['zh-Hant']['nav.review']).toBe('處罰審核');
    expect(messages['zh-Hans']['nav.review']).toBe('处罚审核');
  });
});
