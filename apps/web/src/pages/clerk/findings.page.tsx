import { useState } from 'react';
import { api, query } from '../../api/client';
import type { Finding, Page } from '../../api/types';
import { isDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import { AsyncList, Confirm, Field, MerchantSelect, PageHeader, Table, useLoad, useToast } from '../../ui/kit';

/** A finding: a service performed with no form issued at all (a missing form, docs/rules.md#6-callback). */
export function FindingsPage() {
  const { t } = useI18n();
  const user = useUser();
  const { merchantName, today } = useSession();
  const toast = useToast();
  const [merchantId, setMerchantId] = useState('');
  const [servicedOn, setServicedOn] = useState('');
  const [purchaseId, setPurchaseId] = useState('');
  const [note, setNote] = useState('');
  const list = useLoad<Page<Finding>>(`/findings${query({ limit: 50 })}`);
  const form = useSubmit({
    errors: {
      merchantId: !merchantId ? t('validation.required') : undefined,
      servicedOn: servicedOn && !isDate(servicedOn) ? t('validation.date') : servicedOn > today() ? t('validation.notFuture') : undefined,
      note: !note.trim() ? t('validation.required') : undefined,
    },
    live: (k) => k !== 'merchantId' && k !== 'note',
    send: () =>
      api.post('/findings', {
        merchantId,
        kind: 'service_without_form',
        ...(servicedOn ? { servicedOn } : {}),
        ...(purchaseId.trim() ? { purchaseId: purchaseId.trim() } : {}),
        note: note.trim(),
      }),
    invalidates: ['/findings'],
    // a finding is a violation: the merchant's month becomes 0 and a penalty case opens, with no way back
    confirmFirst: true,
    sent: () => {
      toast(t('findings.recorded', { merchant: merchantName(merchantId) }));
      setMerchantId('');
      setServicedOn('');
      setPurchaseId('');
      setNote('');
    },
  });

  return (
    <>
      <PageHeader title={t('findings.title')} />
      {user.role === 'clerk' ? (
        <form className="card stack" onSubmit={form.onSubmit} noValidate aria-label={t('findings.new')}>
          <h2>{t('findings.new')}</h2>
          <p className="muted">{t('findings.help')}</p>
          <div className="grid grid--3">
            <MerchantSelect
              label={t('common.merchant')}
              required
              value={merchantId}
              onChange={setMerchantId}
              error={form.shown('merchantId')}
            />
            <Field label={t('findings.servicedOn')} error={form.shown('servicedOn')} hint={t('findings.servicedOnHint')}>
              {(p) => <input {...p} type="date" max={today()} value={servicedOn} onChange={(e) => setServicedOn(e.target.value)} />}
            </Field>
            <Field label={t('findings.purchaseId')} error={form.serverErrors.purchaseId} hint={t('common.optional')}>
              {(p) => <input {...p} value={purchaseId} onChange={(e) => setPurchaseId(e.target.value)} />}
            </Field>
            <Field label={t('findings.note')} required error={form.shown('note')} className="grid__wide">
              {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
            </Field>
          </div>
          {form.confirming ? (
            <Confirm
              label={t('findings.submit')}
              confirmLabel={t('findings.confirmSubmit')}
              busy={form.busy}
              onConfirm={form.confirm}
              onCancel={form.cancel}
            >
              {t('findings.confirm', {
                merchant: merchantName(merchantId),
                period: (isDate(servicedOn) ? servicedOn : today()).slice(0, 7),
              })}
            </Confirm>
          ) : (
            <FormActions error={form.error} busy={form.busy} label={t('findings.submit')} />
          )}
        </form>
      ) : null}
      <section className="card">
        <h2>{t('findings.list')}</h2>
        <AsyncList loaded={list} empty={t('findings.empty')}>
          {(items) => (
            <Table
              className="table-wrap"
              columns={[t('findings.recordedOn'), t('common.merchant'), t('findings.servicedOn'), t('findings.note')]}
            >
              {items.map((f) => (
                <tr key={f.id}>
                  <td>{f.recordedOn}</td>
                  <td>{merchantName(f.merchantId)}</td>
                  <td>{f.servicedOn ?? '—'}</td>
                  <td className="pre">{f.note}</td>
                </tr>
              ))}
            </Table>
          )}
        </AsyncList>
      </section>
    </>
  );
}
