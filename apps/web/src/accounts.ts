/** Waits in the reader's words. Pure: no DOM. */
import type { MessageKey } from './i18n/messages';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A wait as a person reads it: seconds under a minute and a half, else whole minutes (rounded up). */
export function waitText(seconds: number, t: Translate): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s === 1) return t('time.second');
  return s < 90 ? t('time.seconds', { n: s }) : t('time.minutes', { n: Math.ceil(s / 60) });
}
