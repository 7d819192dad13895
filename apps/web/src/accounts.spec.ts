import { auditText, passwordProblem, waitText } from './accounts';
import type { AuditEntry } from './api/types';
import { Lang, MessageKey, translate } from './i18n/messages';

const tIn = (lang: Lang) => (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
const en = tIn('en');
const zh = tIn('zh-Hant');

const entry = (type: string, data: AuditEntry['data'], by = 'admin'): AuditEntry => ({
  position: 1,
  at: '2026-10-03T06:05:00.000Z',
  type,
  by,
  data,
});

describe('the audit log in words', () => {
  it('anAccountDisabled_saysWhoDisabledWhom_andHowManySessionsEnded', () => {
    expect(auditText(entry('AccountDisabled', { username: 'desk-2', sessionsEnded: 1 }), en)).toBe(
      'admin disabled desk-2; 1 session ended',
    );
    expect(auditText(entry('AccountDisabled', { username: 'desk-2', sessionsEnded: 3 }), en)).toBe(
      'admin disabled desk-2; 3 sessions ended',
    );
    expect(auditText(entry('AccountDisabled', { username: 'desk-2', sessionsEnded: 0 }), en)).toBe('admin disabled desk-2');
    expect(auditText(entry('AccountDisabled', { username: 'desk-2', sessionsEnded: 1 }), zh)).toBe('admin 停用了 desk-2；結束了 1 個登入');
  });

  it('theTestClockMoved_givesBothTimesInTheMallsTimeZone', () => {
    const moved = entry('TestClockMoved', { from: '2026-10-03T06:05:00.000Z', to: '2026-10-11T06:05:00.000Z' });
    expect(auditText(moved, en)).toBe('admin moved the test clock from 2026-10-03 14:05 to 2026-10-11 14:05');
    expect(auditText(moved, zh)).toBe('admin 把測試時鐘從 2026-10-03 14:05 調到 2026-10-11 14:05');
  });

  it('everyKindOfEntry_readsAsASentence_inTheReadersLanguage', () => {
    expect(auditText(entry('AccountCreated', { username: 'desk-2', role: 'clerk' }), en)).toBe('admin created the account desk-2 (Clerk)');
    expect(auditText(entry('AccountCreated', { username: 'admin', role: 'admin' }, 'bootstrap'), zh)).toBe(
      '系統（首次啟動） 建立了帳號 admin（市場管理）',
    );
    expect(auditText(entry('AccountEnabled', { username: 'desk-2' }), en)).toBe('admin enabled desk-2');
    expect(auditText(entry('PasswordChanged', { username: 'desk-2', sessionsEnded: 2 }, 'desk-2'), en)).toBe(
      'desk-2 changed their password; 2 sessions ended',
    );
    expect(auditText(entry('PasswordReset', { username: 'desk-2', sessionsEnded: 0 }, 'cli'), en)).toBe(
      'the command line reset the password of desk-2',
    );
    expect(auditText(entry('SignedOut', { username: 'desk-2' }, 'desk-2'), zh)).toBe('desk-2 登出');
    expect(auditText(entry('SignInUnlocked', { username: 'desk-2', locksLifted: 2 }), en)).toBe(
      'admin unlocked sign-in for desk-2 (2 lock(s) lifted)',
    );
    expect(auditText(entry('SignInUnlocked', { username: 'desk-2', locksLifted: 0 }), en)).toBe(
      'admin unlocked sign-in for desk-2 (no lock was holding)',
    );
    // a kind this UI does not know yet is still shown, by its name
    expect(auditText(entry('SomethingNew', {}), en)).toBe('admin: SomethingNew');
  });
});

describe('the password policy, as the entry point has it', () => {
  it('aPassword_needsTenCharacters_ofMoreThanTwoKinds_andAtMost200', () => {
    expect(passwordProblem('short-1')).toBe('validation.password');
    expect(passwordProblem('abababababab')).toBe('validation.passwordVariety');
    expect(passwordProblem('x'.repeat(150) + 'yz'.repeat(26))).toBe('validation.passwordTooLong');
    expect(passwordProblem('desk-2-new-password')).toBeUndefined();
    expect(passwordProblem('abcabcabca')).toBeUndefined();
  });
});

describe('a wait', () => {
  it('isSaidInSeconds_thenInWholeMinutes', () => {
    expect(waitText(1, en)).toBe('1 second');
    expect(waitText(45, en)).toBe('45 seconds');
    expect(waitText(299, en)).toBe('5 minutes');
    expect(waitText(300, zh)).toBe('5 分鐘');
  });
});
