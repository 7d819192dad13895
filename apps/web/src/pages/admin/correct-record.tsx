import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, query } from '../../api/client';
import { keyOf } from '../../api/queries';
import type { CallbackTask, Page, PenaltyCase } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { localMonth } from '../../ui/date-input';
import { FormActions, useSubmit } from '../../ui/form';
import { Confirm, Field, useToast } from '../../ui/kit';

/** The outcomes an administrator may correct: those that change a form (docs/rules.md#7-violations-and-penalty-cases). */
const CORRECTABLE = ['no_form', 'signature_denied', 'rating_disputed'];

/** The record behind a case that can be corrected: the callback that made it, or the finding; null when there is none to correct. */
function useRecordOf(c: PenaltyCase): { path: string; what: string } | null | undefined {
  const { t } = useI18n();
  const fromCallback = c.kind === 'no_form' || c.kind === 'forged';
  const path = `/callbacks${query({ serial: c.serial, status: 'closed', limit: 50 })}`;
  const callbacks = useQuery({
    queryKey: keyOf(path),
    queryFn: () => api.get<Page<CallbackTask>>(path),
    enabled: fromCallback && !!c.serial,
  });
  if (c.kind === 'service_without_form' && c.findingId)
    return { path: `/findings/${encodeURIComponent(c.findingId)}/withdrawal`, what: t('correct.theFinding') };
  if (!fromCallback) return null; // a form that was not returned is not a record anyone made by mistake
  if (!callbacks.data) return undefined;
  const made = callbacks.data.items.find(
    (x) =>
      x.result &&
      CORRECTABLE.includes(x.result) &&
      !x.correction &&
      (c.kind === 'no_form' ? x.result === 'no_form' : x.result !== 'no_form'),
  );
  return made
    ? {
        path: `/callbacks/${encodeURIComponent(made.id)}/correction`,
        what: t('correct.theOutcome', { outcome: t(`outcome.${made.result!}`) }),
      }
    : null;
}

/**
 * An administrator corrects the record behind an open case when it was made by mistake (a
 * callback outcome, a finding), with a reason, after saying what it will do: the violation no
 * longer counts and the case closes as corrected.
 */
export function CorrectRecord({ c }: { c: PenaltyCase }) {
  const { t, lang } = useI18n();
  const { merchantName } = useSession();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const record = useRecordOf(c);
  const form = useSubmit({
    errors: { reason: !reason.trim() ? t('validation.required') : undefined },
    send: () => api.post(record!.path, { reason: reason.trim() }),
    // the case, the merchant's scores, the callback or finding and the form
    invalidates: ['/penalty-cases', '/merchants', '/scores', '/callbacks', '/findings', '/forms'],
    sent: () => toast(t('correct.done', { id: c.id })),
    confirmFirst: true,
  });
  if (!record) return null;
  return (
    <section className="card" aria-label={t('correct.title')}>
      <h2>{t('correct.title')}</h2>
      <form onSubmit={form.onSubmit} noValidate className="stack" aria-label={t('correct.title')}>
        <p className="muted">{t('correct.help', { what: record.what })}</p>
        <Field label={t('correct.reason')} required error={form.shown('reason')}>
          {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        {form.confirming ? (
          <Confirm
            label={t('correct.submit')}
            confirmLabel={t('correct.confirmSubmit')}
            busy={form.busy}
            error={form.error}
            onConfirm={form.confirm}
            onCancel={form.cancel}
          >
            {t('correct.confirm', { what: record.what, merchant: merchantName(c.merchantId), month: localMonth(c.period, lang) })}
          </Confirm>
        ) : (
          <FormActions error={form.error} busy={form.busy} label={t('correct.submit')} />
        )}
      </form>
    </section>
  );
}
