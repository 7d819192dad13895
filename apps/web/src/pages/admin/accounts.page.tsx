import { useState } from 'react';
import { api } from '../../api/client';
import type { Role, UserAccount } from '../../api/types';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import { AsyncList, Badge, Field, MerchantSelect, PageHeader, Table, useLoad, useToast } from '../../ui/kit';

const ROLES: Role[] = ['clerk', 'merchant', 'admin'];

/** Accounts of the desk, the merchants and the administration. */
export function AccountsPage() {
  const { t } = useI18n();
  const { merchantName } = useSession();
  const loaded = useLoad(() => api.get<{ items: UserAccount[] }>('/users'), []);
  return (
    <>
      <PageHeader title={t('accounts.title')} />
      <NewAccount onDone={loaded.reload} />
      <AsyncList loaded={loaded}>
        {(items) => (
          <Table
            label={t('accounts.title')}
            columns={[t('accounts.username'), t('accounts.role'), t('common.merchant'), t('accounts.createdAt')]}
          >
            {items.map((u) => (
              <tr key={u.username}>
                <td>
                  <code>{u.username}</code>
                </td>
                <td>
                  <Badge tone={u.role === 'admin' ? 'warn' : 'info'}>{t(`role.${u.role}`)}</Badge>
                </td>
                <td>{u.merchantId ? merchantName(u.merchantId) : '—'}</td>
                <td>{dateTime(u.createdAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </AsyncList>
    </>
  );
}

function NewAccount({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [merchantId, setMerchantId] = useState('');
  const form = useSubmit({
    errors: {
      username: !username.trim()
        ? t('validation.required')
        : !/^[A-Za-z0-9._-]{3,64}$/.test(username.trim())
          ? t('validation.username')
          : undefined,
      password: password.length < 10 ? t('validation.password') : undefined,
      merchantId: role === 'merchant' && !merchantId ? t('validation.required') : undefined,
    },
    // the username and the password say what is wrong with them as soon as they are typed
    live: (k) => k !== 'merchantId' && Boolean(k === 'username' ? username : password),
    send: () => api.post('/users', { username: username.trim(), password, role, ...(role === 'merchant' ? { merchantId } : {}) }),
    sent: () => {
      toast(t('accounts.created', { username: username.trim(), role: t(`role.${role}`) }));
      setUsername('');
      setPassword('');
      setMerchantId('');
      onDone();
    },
  });
  return (
    <form className="card stack" onSubmit={form.onSubmit} noValidate aria-label={t('accounts.new')}>
      <h2>{t('accounts.new')}</h2>
      <div className="grid grid--2">
        <Field label={t('accounts.username')} required error={form.shown('username')} hint={t('accounts.usernameHint')}>
          {(p) => <input {...p} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label={t('accounts.password')} required error={form.shown('password')} hint={t('accounts.passwordHint')}>
          {(p) => (
            <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <Field label={t('accounts.role')} required>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {role === 'merchant' ? (
          <MerchantSelect
            label={t('accounts.merchant')}
            required
            value={merchantId}
            onChange={setMerchantId}
            error={form.shown('merchantId')}
          />
        ) : null}
      </div>
      <FormActions error={form.error} busy={form.busy} label={t('accounts.create')} />
    </form>
  );
}
