import { FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useI18n, LanguageSwitch } from '../i18n/i18n';
import { useSession } from '../session';
import { Button, Field, ProblemBox } from '../ui/kit';

export function LoginPage() {
  const { t } = useI18n();
  const { login, endedBecause } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!username.trim() || !password) return;
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      // the root leads to the role's home (a new entry in the history unless the root is where we are)
      navigate('/', { replace: pathname === '/' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <div className="login__card card">
        <div className="login__brand">
          <span className="brand__mark" aria-hidden="true">
            ✓
          </span>
          <div>
            <h1>{t('app.title')}</h1>
            <p className="muted">{t('login.subtitle')}</p>
          </div>
        </div>
        {endedBecause ? (
          <div className="notice notice--info" role="status" data-ended={endedBecause}>
            {t(endedBecause === 'ended' ? 'login.ended' : 'login.expired')}
          </div>
        ) : null}
        <form onSubmit={submit} noValidate>
          <Field label={t('login.username')} required error={touched && !username.trim() ? t('validation.required') : undefined}>
            {(p) => <input {...p} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />}
          </Field>
          <Field label={t('login.password')} required error={touched && !password ? t('validation.required') : undefined}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <ProblemBox error={error} />
          <Button kind="primary" type="submit" busy={busy} className="btn--block">
            {t('login.submit')}
          </Button>
        </form>
        <div className="login__lang">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
