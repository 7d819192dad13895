import { waitText } from './accounts';
import { Lang, MessageKey, translate } from './i18n/messages';

const tIn = (lang: Lang) => (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
const en = tIn('en');
const zh = tIn('zh-Hant');

describe('a wait', () => {
  it('isSaidInSeconds_thenInWholeMinutes', () => {
    expect(waitText(1, en)).toBe('1 second');
    expect(waitText(45, en)).toBe('45 seconds');
    expect(waitText(299, en)).toBe('5 minutes');
    expect(waitText(300, zh)).toBe('5 分鐘');
  });
});
