import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Consequence } from '@fd/api';
import { api, query } from '../../api/client';
import type { Finding, Page } from '../../api/types';
import { isDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import { AsyncList, Badge, Confirm, Field, MerchantSelect, PageHeader, Table, useLoad, useToast } from '../../ui/kit';
import { ConsequenceOf } from '../../ui/consequence';
import { DateInput } from '../../ui/date-input';

type FindingKind = Finding['kind'];

/** A finding: a service performed with no form issued at all (a missing form, docs/rules.md#6-callback). */
export function FindingsPage() {
  const { t } = useI18n();
  const user = useUser();
  const { merchantName, today } = useSession();
  const toast = useToast();
  const [merchantId, setMerchantId] = useState('');
  const [kind, setKind] = useState<FindingKind>('service_without_form');
  // a sale kept from the desk names no purchase, card or form, and is dated by the day of the sale
  const keptFromDesk = kind === 'purchase_not_registered';
  const [servicedOn, setServicedOn] = useState('');
  const [purchaseId, setPurchaseId] = useState('');
  const [cardNo, setCardNo] = useState('');
  const [serial, setSerial] = useState('');
  const [note, setNote] = useState('');
  const body = {
    merchantId,
    kind,
    ...(servicedOn ? (keptFromDesk ? { purchasedOn: servicedOn } : { servicedOn }) : {}),
    ...(!keptFromDesk && purchaseId.trim() ? { purchaseId: purchaseId.trim() } : {}),
    ...(!keptFromDesk && cardNo.trim() ? { cardNo: cardNo.trim() } : {}),
    ...(!keptFromDesk && serial.trim() ? { serial: serial.trim() } : {}),
    note: note.trim(),
  };
  const list = useLoad<Page<Finding>>(`/findings${query({ limit: 50 })}`);
  const form = useSubmit({
    errors: {
      merchantId: !merchantId ? t('validation.required') : undefined,
      [keptFromDesk ? 'purchasedOn' : 'servicedOn']:
        servicedOn && !isDate(servicedOn) ? t('validation.date') : servicedOn > today() ? t('validation.notFuture') : undefined,
      note: !note.trim() ? t('validation.required') : undefined,
    },
    live: (k) => k !== 'merchantId' && k !== 'note',
    send: () => api.post('/findings', body),
    invalidates: ['/findings'],
    // a finding is a violation: the merchant's month becomes 0 and a penalty case opens, with no way back
    confirmFirst: true,
    sent: () => {
      toast(t('findings.recorded', { merchant: merchantName(merchantId) }));
      setMerchantId('');
      setKind('service_without_form');
      setServicedOn('');
      setPurchaseId('');
      setCardNo('');
      setSerial('');
      setNote('');
    },
  });

  // what it will do, asked of the callbacks service with every check of recording it, once the clerk asks to record
  const preview = useQuery({
    queryKey: ['finding-preview', body],
    queryFn: () => api.post<Consequence>('/findings/preview', body),
    enabled: form.confirming,
    staleTime: 0,
    gcTime: 0,
    retry: false,
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
            <Field label={t('findings.kind')} required hint={t(`findings.kind.${kind}.hint`)}>
              {(p) => (
                <select {...p} value={kind} onChange={(e) => setKind(e.target.value as FindingKind)}>
                  {(['service_without_form', 'purchase_not_registered'] as const).map((k) => (
                    <option key={k} value={k}>
                      {t(`penaltyKind.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {keptFromDesk ? (
              <Field label={t('findings.purchasedOn')} error={form.shown('purchasedOn')} hint={t('findings.purchasedOnHint')}>
                {(p) => <DateInput {...p} max={today()} value={servicedOn} onChange={setServicedOn} />}
              </Field>
            ) : (
              <>
                <Field label={t('findings.servicedOn')} error={form.shown('servicedOn')} hint={t('findings.servicedOnHint')}>
                  {(p) => <DateInput {...p} max={today()} value={servicedOn} onChange={setServicedOn} />}
                </Field>
                <Field label={t('findings.purchaseId')} error={form.serverErrors.purchaseId} hint={t('findings.referencesHint')}>
                  {(p) => <input {...p} value={purchaseId} onChange={(e) => setPurchaseId(e.target.value)} />}
                </Field>
                <Field label={t('findings.cardNo')} error={form.serverErrors.cardNo} hint={t('common.optional')}>
                  {(p) => <input {...p} value={cardNo} onChange={(e) => setCardNo(e.target.value)} />}
                </Field>
                <Field label={t('findings.serial')} error={form.serverErrors.serial} hint={t('common.optional')}>
                  {(p) => <input {...p} value={serial} onChange={(e) => setSerial(e.target.value)} />}
                </Field>
              </>
            )}
            <Field label={t('findings.note')} required error={form.shown('note')} className="grid__wide">
              {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
            </Field>
          </div>
          {form.confirming ? (
            <Confirm
              label={t('findings.submit')}
              confirmLabel={t('findings.confirmSubmit')}
              busy={form.busy}
              // a finding the desk would refuse (an unknown reference, say) cannot be confirmed
              disabled={!preview.data}
              onConfirm={form.confirm}
              onCancel={form.cancel}
            >
              <ConsequenceOf loaded={preview} fallbackMerchant={merchantName(merchantId)} /> {t('consequence.noUndo')}
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
              columns={[t('findings.recordedOn'), t('common.merchant'), t('findings.kind'), t('findings.dated'), t('findings.note')]}
            >
              {items.map((f) => (
                <tr key={f.id}>
                  <td>{f.recordedOn}</td>
                  <td>{merchantName(f.merchantId)}</td>
                  <td data-finding-kind={f.kind}>{t(`penaltyKind.${f.kind}`)}</td>
                  <td>{f.servicedOn ?? f.purchasedOn ?? '—'}</td>
                  <td className="pre">
                    {f.withdrawal ? (
                      <>
                        <Badge tone="neutral">{t('findings.withdrawn')}</Badge>{' '}
                      </>
                    ) : null}
                    {f.note}
                    {f.purchaseId || f.cardNo || f.serial ? (
                      <span className="muted small" data-references>
                        {'\n'}
                        {[f.purchaseId, f.cardNo, f.serial].filter(Boolean).join(' · ')}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </AsyncList>
      </section>
    </>
  );
}
