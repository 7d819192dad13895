/** Passwords, waits and the audit log in the reader's words. Pure: no DOM. */
import type { AuditEntry, Role } from './api/types';
import { dateTime, MALL_TIME_ZONE } from './format';
import type { MessageKey } from './i18n/messages';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The longest password the entry point takes. */
export const PASSWORD_MAX = 200;

/**
 * What the password policy says about a new password, or nothing when it passes: the same
 * rules as the entry point's (apps/gateway/src/auth/users.ts, passwordSchema), so the user
 * hears of them while typing rather than from a refusal.
 */
export function passwordProblem(password: string): MessageKey | undefined {
  if (password.length < 10) return 'validation.password';
  if (password.length > PASSWORD_MAX) return 'validation.passwordTooLong';
  if (new Set(password).size <= 2) return 'validation.passwordVariety';
  return undefined;
}

/** A wait as a person reads it: seconds under a minute and a half, else whole minutes (rounded up). */
export function waitText(seconds: number, t: Translate): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s === 1) return t('time.second');
  return s < 90 ? t('time.seconds', { n: s }) : t('time.minutes', { n: Math.ceil(s / 60) });
}

/** Who made a change: a username, or the command line and the first start for the system's own changes. */
export function actorText(by: string, t: Translate): string {
  if (by === 'cli') return t('audit.actor.cli');
  if (by === 'bootstrap') return t('audit.actor.bootstrap');
  return by;
}

/** One entry of the audit log as a sentence: "admin disabled desk-2; 1 session ended". */
export function auditText(entry: AuditEntry, t: Translate, timeZone = MALL_TIME_ZONE): string {
  const d = entry.data ?? {};
  const by = actorText(entry.by, t);
  const username = d.username ?? '';
  const ended = (n: number | undefined) => (!n ? '' : n === 1 ? t('audit.oneSessionEnded') : t('audit.sessionsEnded', { n }));
  switch (entry.type) {
    case 'AccountCreated':
      return t('audit.AccountCreated', { by, username, role: d.role ? t(`role.${d.role as Role}`) : '' });
    case 'AccountDisabled':
      return t('audit.AccountDisabled', { by, username }) + ended(d.sessionsEnded);
    case 'AccountEnabled':
      return t('audit.AccountEnabled', { by, username });
    case 'PasswordChanged':
      return t('audit.PasswordChanged', { username: username || by }) + ended(d.sessionsEnded);
    case 'PasswordReset':
      return t('audit.PasswordReset', { by, username }) + ended(d.sessionsEnded);
    case 'SignedOut':
      return t('audit.SignedOut', { username: username || by });
    case 'SignInUnlocked':
      return t(d.locksLifted ? 'audit.SignInUnlocked' : 'audit.SignInUnlockedNone', { by, username, n: d.locksLifted ?? 0 });
    case 'TestClockMoved':
      return t('audit.TestClockMoved', { by, from: dateTime(d.from, timeZone), to: dateTime(d.to, timeZone) });
    default:
      return t('audit.other', { by, type: entry.type });
  }
}
