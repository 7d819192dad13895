import { useState } from 'react';
import { DEFAULT_MALL, mallIdSchema } from '@fd/api';
import { api, asProblem } from '../../api/client';
import { useInvalidate } from '../../api/queries';
import type { Role, UserAccount } from '../../api/types';
import { passwordProblem } from '../../accounts';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import {
  AsyncList,
  Badge,
  Button,
  Confirm,
  Field,
  MerchantSelect,
  PageHeader,
  Table,
  useLoad,
  useProblemText,
  useToast,
} from '../../ui/kit';
import { Link } from '../../ui/route';

const ROLES: Role[] = ['clerk', 'merchant', 'admin'];
/**
 * What the group administration makes, in any mall: no merchant account (its merchant is one of
 * a mall's records, which the group does not read).
 */
const GROUP_ROLES: Role[] = ['admin', 'manager', 'clerk', 'group_admin'];

// a change to an account shows in the list of accounts and in the audit log
const ACCOUNTS = ['/users', '/audit'];
const useAccountsChanged = () => {
  const invalidate = useInvalidate();
  return () => invalidate(...ACCOUNTS);
};

/** Accounts of the desk, the merchants and the administration: who may sign in, and a way back in for who cannot. */
export function AccountsPage() {
  const { t } = useI18n();
  const me = useUser();
  // the group administration manages the accounts of every mall, so each row names its mall
  const group = me.role === 'group_admin';
  const loaded = useLoad<{ items: UserAccount[] }>('/users');
  const malls = [...new Set([DEFAULT_MALL, ...(loaded.data?.items ?? []).map((u) => u.mallId)])].sort();
  // one question open at a time: disabling and resetting end the user's sessions, so they are asked first
  const [asking, setAsking] = useState<Asking | null>(null);
  return (
    <>
      <PageHeader title={t('accounts.title')}>
        <Link className="btn btn--secondary" to="/audit">
          {t('accounts.audit')}
        </Link>
      </PageHeader>
      <NewAccount group={group} malls={malls} />
      <AsyncList loaded={loaded}>
        {(items) => (
          <Table
            label={t('accounts.title')}
            columns={[
              t('accounts.username'),
              group ? t('accounts.mall') : null,
              t('accounts.role'),
              t('common.merchant'),
              t('common.status'),
              t('accounts.createdAt'),
              t('common.actions'),
            ]}
          >
            {items.map((u) => (
              <AccountRow
                key={u.username}
                u={u}
                self={u.username === me.username}
                group={group}
                asking={asking?.username === u.username ? asking.what : null}
                ask={(what) => setAsking(what ? { username: u.username, what } : null)}
              />
            ))}
          </Table>
        )}
      </AsyncList>
    </>
  );
}

interface Asking {
  username: string;
  what: 'disable' | 'reset';
}

function AccountRow(props: {
  u: UserAccount;
  self: boolean;
  group: boolean;
  asking: Asking['what'] | null;
  ask: (what: Asking['what'] | null) => void;
}) {
  const { u, self, group, asking, ask } = props;
  const { t } = useI18n();
  const { merchantName } = useSession();
  const toast = useToast();
  const problemText = useProblemText();
  const changed = useAccountsChanged();
  const [busy, setBusy] = useState<'enable' | 'unlock' | null>(null);
  const nameId = `account-${u.username}`;
  const path = `/users/${encodeURIComponent(u.username)}`;

  // enabling and unlocking only let someone back in: done at once, and said in a toast
  const act = async (what: 'enable' | 'unlock') => {
    setBusy(what);
    try {
      if (what === 'enable') {
        const r = await api.post<{ changed: boolean }>(`${path}/enable`, {});
        toast(t(r.changed ? 'accounts.enabledDone' : 'accounts.unchanged', { username: u.username }));
      } else {
        const r = await api.post<{ locksLifted: number }>(`${path}/unlock`, {});
        toast(t('accounts.unlockedDone', { username: u.username, n: r.locksLifted }));
      }
      changed();
    } catch (e) {
      toast(problemText(asProblem(e)), 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <tr data-username={u.username} data-mall={u.mallId} className={u.disabled ? 'row--disabled' : undefined}>
        <td id={nameId}>
          <code>{u.username}</code> {self ? <Badge tone="neutral">{t('accounts.you')}</Badge> : null}
        </td>
        {group ? (
          <td>
            <code>{u.mallId}</code>
          </td>
        ) : null}
        <td>
          <Badge tone={u.role === 'admin' || u.role === 'group_admin' ? 'warn' : 'info'}>{t(`role.${u.role}`)}</Badge>
        </td>
        <td>{u.merchantId ? merchantName(u.merchantId) : '—'}</td>
        <td>
          <span className="badges">
            {u.disabled ? <Badge tone="bad">{t('accounts.disabled')}</Badge> : <Badge tone="good">{t('accounts.active')}</Badge>}
            {u.recentFailedSignIns ? <Badge tone="warn">{t('accounts.failing')}</Badge> : null}
          </span>
        </td>
        <td>{dateTime(u.createdAt)}</td>
        <td>
          <div className="row-actions">
            {u.disabled ? (
              <Button
                kind="secondary"
                className="btn--small"
                busy={busy === 'enable'}
                aria-describedby={nameId}
                onClick={() => act('enable')}
              >
                {t('accounts.enable')}
              </Button>
            ) : self ? null : (
              <Button
                kind="ghost"
                className="btn--small"
                aria-describedby={nameId}
                aria-expanded={asking === 'disable'}
                onClick={() => ask(asking === 'disable' ? null : 'disable')}
              >
                {t('accounts.disable')}…
              </Button>
            )}
            <Button
              kind="ghost"
              className="btn--small"
              aria-describedby={nameId}
              aria-expanded={asking === 'reset'}
              onClick={() => ask(asking === 'reset' ? null : 'reset')}
            >
              {t('accounts.resetPassword')}…
            </Button>
            {u.recentFailedSignIns ? (
              <Button kind="ghost" className="btn--small" busy={busy === 'unlock'} aria-describedby={nameId} onClick={() => act('unlock')}>
                {t('accounts.unlock')}
              </Button>
            ) : null}
          </div>
        </td>
      </tr>
      {asking ? (
        <tr className="row-question" data-question={asking} data-for={u.username}>
          <td colSpan={group ? 7 : 6}>
            {asking === 'disable' ? <ConfirmDisable u={u} close={() => ask(null)} /> : <ResetPassword u={u} close={() => ask(null)} />}
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Disabling ends every session of the account at once: the administrator says so twice. */
function ConfirmDisable({ u, close }: { u: UserAccount; close: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const changed = useAccountsChanged();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const disable = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ changed: boolean }>(`/users/${encodeURIComponent(u.username)}/disable`, {});
      toast(t(r.changed ? 'accounts.disabledDone' : 'accounts.unchanged', { username: u.username }));
      close();
      changed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Confirm
      label={t('accounts.disable')}
      confirmLabel={t('accounts.confirmDisableSubmit')}
      busy={busy}
      error={error}
      onConfirm={disable}
      onCancel={close}
    >
      {t('accounts.confirmDisable', { username: u.username })}
    </Confirm>
  );
}

/** A new password for a user who lost theirs, under the same policy as every password; every session of the account ends. */
function ResetPassword({ u, close }: { u: UserAccount; close: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [password, setPassword] = useState('');
  const policy = passwordProblem(password);
  const form = useSubmit({
    errors: { newPassword: !password ? t('validation.required') : policy ? t(policy) : undefined },
    live: () => Boolean(password),
    send: () => api.post(`/users/${encodeURIComponent(u.username)}/password`, { newPassword: password }),
    invalidates: ACCOUNTS,
    sent: () => {
      toast(t('accounts.resetDone', { username: u.username }));
      close();
    },
    fieldErrorsOf: (err): Record<string, string> => {
      const refused = err.fieldErrors().newPassword;
      return refused ? { newPassword: policy ? t(policy) : refused } : {};
    },
  });
  return (
    <form className="subform" onSubmit={form.onSubmit} noValidate aria-label={t('accounts.resetPassword')}>
      <p>{t('accounts.resetHelp', { username: u.username })}</p>
      <Field
        label={t('accounts.newPasswordFor', { username: u.username })}
        required
        error={form.shown('newPassword')}
        hint={t('account.newPasswordHint')}
      >
        {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <FormActions error={form.error} busy={form.busy} kind="danger" label={t('accounts.resetSubmit')}>
        <Button kind="ghost" onClick={close}>
          {t('common.cancel')}
        </Button>
      </FormActions>
    </form>
  );
}

/** A new account: of the administrator's own mall, or, made by the group administration, of the mall it names. */
function NewAccount({ group, malls }: { group: boolean; malls: string[] }) {
  const { t } = useI18n();
  const toast = useToast();
  const roles = group ? GROUP_ROLES : ROLES;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>(roles[0]);
  const [merchantId, setMerchantId] = useState('');
  const [mallId, setMallId] = useState(DEFAULT_MALL);
  const form = useSubmit({
    errors: {
      username: !username.trim()
        ? t('validation.required')
        : !/^[A-Za-z0-9._-]{3,64}$/.test(username.trim())
          ? t('validation.username')
          : undefined,
      password: passwordProblem(password) ? t(passwordProblem(password)!) : undefined,
      merchantId: role === 'merchant' && !merchantId ? t('validation.required') : undefined,
      mallId: !group
        ? undefined
        : !mallId.trim()
          ? t('validation.required')
          : !mallIdSchema.safeParse(mallId.trim()).success
            ? t('validation.mall')
            : undefined,
    },
    // the username, the password and the mall say what is wrong with them as soon as they are typed
    live: (k) => k !== 'merchantId' && Boolean(k === 'username' ? username : k === 'mallId' ? mallId : password),
    send: () =>
      api.post('/users', {
        username: username.trim(),
        password,
        role,
        ...(role === 'merchant' ? { merchantId } : {}),
        ...(group ? { mallId: mallId.trim() } : {}),
      }),
    invalidates: ACCOUNTS,
    sent: () => {
      toast(t('accounts.created', { username: username.trim(), role: t(`role.${role}`) }));
      setUsername('');
      setPassword('');
      setMerchantId('');
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
              {roles.map((r) => (
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
        {group ? (
          <Field label={t('accounts.mall')} required error={form.shown('mallId')} hint={t('accounts.mallHint')}>
            {(p) => (
              <>
                <input {...p} autoComplete="off" list="known-malls" value={mallId} onChange={(e) => setMallId(e.target.value)} />
                <datalist id="known-malls">
                  {malls.map((m) => (
                    <option key={m} value={m} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
        ) : null}
      </div>
      <FormActions error={form.error} busy={form.busy} label={t('accounts.create')} />
    </form>
  );
}
