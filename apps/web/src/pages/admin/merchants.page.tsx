import { useState } from 'react';
import { api } from '../../api/client';
import type { Merchant, Staff } from '../../api/types';
import { isDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { AsyncList, Badge, Button, Field, PageHeader, Table, useLoad, useToast } from '../../ui/kit';
import { DateInput } from '../../ui/date-input';
import { FormActions, useSubmit } from '../../ui/form';
import { Link } from '../../ui/route';

/** The merchants of the mall; the administration registers new ones. */
export function MerchantsPage() {
  const { t } = useI18n();
  const user = useUser();
  const loaded = useLoad<{ items: Merchant[] }>('/merchants');
  return (
    <>
      <PageHeader title={t('merchants.title')} />
      {user.role === 'admin' ? <NewMerchant /> : null}
      <AsyncList loaded={loaded} empty={t('merchants.empty')}>
        {(items) => (
          <Table
            label={t('merchants.title')}
            columns={[
              t('merchants.number'),
              t('merchants.stall'),
              t('merchants.name'),
              t('merchants.category'),
              t('common.status'),
              t('common.actions'),
            ]}
          >
            {items.map((m) => (
              <tr key={m.id} data-merchant={m.id}>
                <td>
                  <code>{m.number}</code>
                </td>
                <td>{m.stall}</td>
                <td>{m.name}</td>
                <td>{m.category}</td>
                <td>
                  {m.suspendedUntil ? (
                    <Badge tone="bad">{t('merchants.suspendedUntil', { date: m.suspendedUntil })}</Badge>
                  ) : (
                    <Badge tone="good">{t('merchants.active')}</Badge>
                  )}
                </td>
                <td className="actions">
                  <Link to={`/merchants/${m.id}/staff`}>{t('merchants.staff')}</Link>
                  {user.role === 'admin' ? <Link to={`/merchants/${m.id}/scorecard`}>{t('nav.scorecard')}</Link> : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </AsyncList>
    </>
  );
}

function NewMerchant() {
  const { t } = useI18n();
  const toast = useToast();
  const [name, setName] = useState('');
  const [stall, setStall] = useState('');
  const [category, setCategory] = useState('');
  const form = useSubmit({
    errors: {
      name: !name.trim() ? t('validation.required') : undefined,
      stall: !stall.trim() ? t('validation.required') : undefined,
      category: !category.trim() ? t('validation.required') : undefined,
    },
    send: () => api.post<{ id: string }>('/merchants', { name: name.trim(), stall: stall.trim(), category: category.trim() }),
    // the list here and every merchant select
    invalidates: ['/merchants'],
    sent: () => {
      toast(t('merchants.created', { name: name.trim() }));
      setName('');
      setStall('');
      setCategory('');
    },
  });
  return (
    <form className="card stack" onSubmit={form.onSubmit} noValidate aria-label={t('merchants.new')}>
      <h2>{t('merchants.new')}</h2>
      <div className="grid grid--3">
        <Field label={t('merchants.name')} required error={form.shown('name')}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('merchants.stall')} required error={form.shown('stall')} hint={t('merchants.stallHint')}>
          {(p) => <input {...p} value={stall} onChange={(e) => setStall(e.target.value)} />}
        </Field>
        <Field label={t('merchants.category')} required error={form.shown('category')} hint={t('merchants.categoryHint')}>
          {(p) => <input {...p} value={category} onChange={(e) => setCategory(e.target.value)} />}
        </Field>
      </div>
      <FormActions error={form.error} busy={form.busy} label={t('merchants.create')} />
    </form>
  );
}

/** A merchant's service staff and their qualification certificates (上崗資格證). */
export function StaffPage({ merchantId }: { merchantId: string }) {
  const { t } = useI18n();
  const user = useUser();
  const { merchantName } = useSession();
  const loaded = useLoad<{ items: Staff[] }>(`/merchants/${encodeURIComponent(merchantId)}/staff`);
  const canManage = user.role === 'clerk' || user.role === 'admin';
  return (
    <>
      <PageHeader title={t('staff.title', { merchant: merchantName(merchantId) })}>
        <Link className="btn btn--ghost" to="/merchants">
          {t('common.backToList')}
        </Link>
      </PageHeader>
      {canManage ? <NewStaff merchantId={merchantId} /> : null}
      <AsyncList loaded={loaded} empty={t('staff.empty')}>
        {(items) => (
          <ul className="staff-list">
            {items.map((s) => (
              <StaffItem key={s.id} s={s} canManage={canManage} />
            ))}
          </ul>
        )}
      </AsyncList>
    </>
  );
}

function StaffItem({ s, canManage }: { s: Staff; canManage: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const status = s.certificateStatus ?? (s.revokedOn ? 'revoked' : 'valid');
  const form = useSubmit({
    errors: { reason: !reason.trim() ? t('validation.required') : undefined },
    send: () =>
      api.post(`/merchants/${encodeURIComponent(s.merchantId)}/staff/${encodeURIComponent(s.id)}/revoke`, { reason: reason.trim() }),
    invalidates: [`/merchants/${encodeURIComponent(s.merchantId)}/staff`],
    sent: () => {
      toast(t('staff.revoked', { name: s.name }));
      setRevoking(false);
    },
    // a refusal is told in its box alone, and stays there until a reason is given
    fieldErrorsOf: () => ({}),
    keepRefusalUntilValid: true,
  });
  return (
    <li className="card staff" data-staff={s.id}>
      <div className="staff__head">
        <strong>{s.name}</strong>
        <Badge tone={status === 'valid' ? 'good' : 'bad'}>{t(`cert.${status}`)}</Badge>
      </div>
      <div className="muted">
        {t('staff.certificateNo')}: {s.certificateNo} · {t('staff.validUntil')}: {s.certificateValidUntil} · {t('staff.phone')}: {s.phone}
      </div>
      {s.revokedOn ? <div className="muted">{t('staff.revokedOn', { date: s.revokedOn, reason: s.revokeReason ?? '' })}</div> : null}
      {canManage && status !== 'revoked' ? (
        revoking ? (
          <form className="subform" onSubmit={form.onSubmit} noValidate aria-label={t('staff.revoke', { name: s.name })}>
            <Field label={t('staff.revokeReason', { name: s.name })} required error={form.shown('reason')}>
              {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
            <FormActions error={form.error} busy={form.busy} kind="danger" label={t('staff.revokeSubmit')} className="row row--actions">
              <Button kind="ghost" onClick={() => setRevoking(false)}>
                {t('common.cancel')}
              </Button>
            </FormActions>
          </form>
        ) : (
          <Button kind="ghost" onClick={() => setRevoking(true)}>
            {t('staff.revoke', { name: s.name })}
          </Button>
        )
      ) : null}
    </li>
  );
}

function NewStaff({ merchantId }: { merchantId: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [certificateNo, setCertificateNo] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const digits = phone.replace(/[\s-]/g, '');
  const form = useSubmit({
    errors: {
      name: !name.trim() ? t('validation.required') : undefined,
      phone: !digits ? t('validation.required') : !/^\d{7,15}$/.test(digits) ? t('validation.phone') : undefined,
      certificateNo: !certificateNo.trim() ? t('validation.required') : undefined,
      certificateValidUntil: !validUntil ? t('validation.required') : !isDate(validUntil) ? t('validation.date') : undefined,
    },
    send: () =>
      api.post(`/merchants/${encodeURIComponent(merchantId)}/staff`, {
        name: name.trim(),
        phone: digits,
        certificateNo: certificateNo.trim(),
        certificateValidUntil: validUntil,
      }),
    invalidates: [`/merchants/${encodeURIComponent(merchantId)}/staff`],
    sent: () => {
      toast(t('staff.registered', { name: name.trim() }));
      setName('');
      setPhone('');
      setCertificateNo('');
      setValidUntil('');
    },
  });
  return (
    <form className="card stack" onSubmit={form.onSubmit} noValidate aria-label={t('staff.new')}>
      <h2>{t('staff.new')}</h2>
      <div className="grid grid--2">
        <Field label={t('staff.name')} required error={form.shown('name')}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('staff.phone')} required error={form.shown('phone')}>
          {(p) => <input {...p} inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />}
        </Field>
        <Field label={t('staff.certificateNo')} required error={form.shown('certificateNo')}>
          {(p) => <input {...p} value={certificateNo} onChange={(e) => setCertificateNo(e.target.value)} />}
        </Field>
        <Field label={t('staff.validUntil')} required error={form.shown('certificateValidUntil')}>
          {(p) => <DateInput {...p} value={validUntil} onChange={setValidUntil} />}
        </Field>
      </div>
      <FormActions error={form.error} busy={form.busy} label={t('staff.register')} />
    </form>
  );
}
