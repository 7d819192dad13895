/**
 * The server's words for a refused field, in the reader's language. The services write them in
 * English for developers (libs/api: "required", "at most 100 characters"…); the ones a desk can
 * meet are said again here, and any other is shown as the server wrote it.
 */
import { i18n, Lang, LANGS, MessageKey, translate, Vars } from './messages';

const FIELD_MESSAGES: Array<[RegExp, (m: RegExpExecArray) => [MessageKey, Vars?]]> = [
  [/^(required|must not be empty)$/i, () => ['validation.required']],
  [/^at most (\d+) characters$/i, (m) => ['validation.tooLong', { n: Number(m[1]) }]],
  [/^digits only, 7 to 15 of them$/i, () => ['validation.phone']],
  [/^must be a real date/i, () => ['validation.date']],
  [/^a line needs goods or follow-up services$/i, () => ['validation.lineEmpty']],
  [/^this merchant already has a line in this purchase/i, () => ['validation.duplicateMerchant']],
];

const current = (): Lang => ((LANGS as readonly string[]).includes(i18n.language) ? (i18n.language as Lang) : 'zh-Hant');

/** A field's refusal in `lang` (the page's language by default), or null when it is not one we know. */
export function knownFieldMessage(message: string, lang: Lang = current()): string | null {
  for (const [pattern, key] of FIELD_MESSAGES) {
    const m = pattern.exec(message.trim());
    if (m) {
      const [k, vars] = key(m);
      return translate(lang, k, vars);
    }
  }
  return null;
}

/** A field's refusal in `lang`, else as the server wrote it. */
export function fieldMessage(message: string, lang: Lang = current()): string {
  return knownFieldMessage(message, lang) ?? message;
}
