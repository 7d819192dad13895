import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { passwordProblem } from '../../accounts';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import { Dl, Field, PageHeader, useToast } from '../../ui/kit';

/** Every signed-in user's own account: who they are, and a new password. */
export function AccountPage() {
  const { t } = useI18n();
  const user = useUser();
  const { merchantName } = useSession();
  return (
    <>
      <PageHeader title={t('account.title')} />
      <div className="columns">
        <div className="card">
          <Dl
            rows={[
              [t('accounts.username'), <code key="u">{user.username}</code>],
              [t('accounts.role'), t(`role.${user.role}`)],
              ...(user.merchantId ? [[t('common.merchant'), merchantName(user.merchantId)] as [string, string]] : []),
            ]}
          />
        </div>
        <ChangePassword />
      </div>
    </>
  );
}

/** The current password, then the new one twice; the server's refusals land on the field they are about. */
function ChangePassword() {
  const { t } = useI18n();
  const toast = useToast();
  const user = useUser();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const policy = passwordProblem(next);
  const form = useSubmit({
    errors: {
      currentPassword: !current ? t('validation.required') : undefined,
      newPassword: !next ? t('validation.required') : policy ? t(policy) : undefined,
      repeatPassword: !repeat ? t('validation.required') : repeat !== next ? t('validation.passwordRepeat') : undefined,
    },
    // the new password says what the policy wants as soon as it is typed
    live: (k) => (k === 'newPassword' && Boolean(next)) || (k === 'repeatPassword' && repeat.length >= next.length && Boolean(repeat)),
    send: () => api.post('/auth/password', { currentPassword: current, newPassword: next }),
    invalidates: ['/audit'],
    sent: () => {
      toast(t('account.changed'));
      setCurrent('');
      setNext('');
      setRepeat('');
    },
    fieldErrorsOf: (err: ApiError): Record<string, string> => {
      if (err.code === 'WRONG_PASSWORD') return { currentPassword: t('problem.WRONG_PASSWORD') };
      // the policy is the same on both sides: our words for the rule, else the server's
      const refused = err.fieldErrors().newPassword;
      return refused ? { newPassword: policy ? t(policy) : refused } : {};
    },
  });
  return (
    <form className="card" onSubmit={form.onSubmit} noValidate aria-label={t('account.changePassword')}>
      <h2>{t('account.changePassword')}</h2>
      <p className="muted">{t('account.changeHelp')}</p>
      {/* lets the browser's password manager know whose password this is */}
      <input type="text" name="username" autoComplete="username" value={user.username ?? ''} readOnly hidden />
      <Field label={t('account.currentPassword')} required error={form.shown('currentPassword')}>
        {(p) => (
          <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        )}
      </Field>
      <Field label={t('account.newPassword')} required error={form.shown('newPassword')} hint={t('account.newPasswordHint')}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      <Field label={t('account.repeatPassword')} required error={form.shown('repeatPassword')}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
      </Field>
      {/* a wrong current password is said under its field alone */}
      <FormActions error={wrongCurrent(form.error) ? null : form.error} busy={form.busy} label={t('account.submit')} />
    </form>
  );
}

const wrongCurrent = (e: unknown) => e instanceof ApiError && e.code === 'WRONG_PASSWORD';
