import { ReactNode, useState } from 'react';
import { api } from '../../api/client';
import type { Customer, Form } from '../../api/types';
import { centsToYuan, dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { PrintButton } from '../../ui/files';
import { useSubmit } from '../../ui/form';
import { Async, Badge, Button, Confirm, Dl, Field, PageHeader, ProblemBox, useLoad, useToast } from '../../ui/kit';
import { Link } from '../../ui/route';
import { FormOriginals } from '../../ui/originals';
import { Timeline } from '../../ui/timeline';
import { FormStatusBadge } from './forms.page';

export function FormDetailPage({ serial }: { serial: string }) {
  const { t } = useI18n();
  const user = useUser();
  const { merchantName } = useSession();
  const loaded = useLoad<Form>(`/forms/${encodeURIComponent(serial)}`);
  return (
    <>
      <PageHeader title={t('form.title', { serial })}>
        {user.role !== 'merchant' ? (
          <PrintButton path={`/forms/${encodeURIComponent(serial)}/print.pdf`} label={t('purchase.printForm')} name={serial} />
        ) : null}
        <Link className="btn btn--ghost" to="/forms">
          {t('common.backToList')}
        </Link>
      </PageHeader>
      <Async loaded={loaded}>
        {(f) => (
          <div className="columns">
            <section className="card">
              <h2>{t('form.facts')}</h2>
              <Dl
                rows={[
                  [t('common.status'), <FormStatusBadge status={f.status} />],
                  [
                    t('common.merchant'),
                    user.role !== 'admin' ? (
                      merchantName(f.merchantId)
                    ) : (
                      <Link to={`/merchants/${f.merchantId}/scorecard`}>{merchantName(f.merchantId)}</Link>
                    ),
                  ],
                  [t('form.service'), `${t(`service.${f.serviceType}`)} · ${t('form.visitN', { n: f.visit })}`],
                  [t('form.cardNo'), <code>{f.cardNo}</code>],
                  ...(f.verificationCode ? [[t('form.verificationCode'), <code>{f.verificationCode}</code>] as [string, ReactNode]] : []),
                  [t('form.plannedDate'), f.plannedDate],
                  [t('form.dueDate'), f.dueDate],
                  [t('form.rating'), f.rating ? t(`rating.${f.rating}`) : ''],
                  [
                    t('form.staffCertified'),
                    f.staffCertified === undefined ? (
                      ''
                    ) : f.staffCertified ? (
                      <Badge tone="good">{t('form.certified')}</Badge>
                    ) : (
                      <Badge tone="bad">{t('form.uncertified')}</Badge>
                    ),
                  ],
                  ...(f.uncertifiedReason ? [[t('form.uncertifiedReason'), f.uncertifiedReason] as [string, string]] : []),
                  [t('form.servicedOn'), f.servicedOn ?? ''],
                  [t('form.filedAt'), f.filedAt ? `${dateTime(f.filedAt)}${f.late ? ` (${t('form.late')})` : ''}` : ''],
                  ...(f.comment ? [[t('form.comment'), f.comment] as [string, string]] : []),
                  ...(f.voidReason ? [[t('form.voidReason'), f.voidReason] as [string, string]] : []),
                  [t('form.checks'), <FormChecks f={f} />],
                  ...(f.wrongCodes
                    ? [[t('form.wrongCodes'), <WrongCodes f={f} admin={user.role === 'admin'} />] as [string, ReactNode]]
                    : []),
                ]}
              />
              {user.role === 'clerk' && (f.status === 'issued' || f.status === 'overdue') ? <VoidForm serial={f.serial} /> : null}
            </section>
            <div className="stack">
              <CardOfForm cardNo={f.cardNo} />
              <FormOriginals serial={f.serial} canAttach={user.role !== 'merchant'} />
              <section className="card">
                <h2>{t('form.timeline')}</h2>
                <Timeline entries={f.timeline} />
              </section>
            </div>
          </div>
        )}
      </Async>
    </>
  );
}

function FormChecks({ f }: { f: Form }) {
  const { t } = useI18n();
  const marks = [
    f.verified ? (
      <Badge key="v" tone="good">
        {t('form.verified')}
      </Badge>
    ) : null,
    f.forged ? (
      <Badge key="f" tone="bad">
        {t('form.forged')}
      </Badge>
    ) : null,
    f.reportedMissing ? (
      <Badge key="m" tone="bad">
        {t('form.reportedMissing')}
      </Badge>
    ) : null,
  ].filter(Boolean);
  return marks.length ? <>{marks}</> : <span className="muted">—</span>;
}

/** How many wrong verification codes the form had; a locked one the administration files from here. */
function WrongCodes({ f, admin }: { f: Form; admin: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {t('form.wrongCodesN', { n: f.wrongCodes ?? 0 })}
      {f.filingLocked ? (
        <>
          {' '}
          <Badge tone="bad">{t('form.filingLocked')}</Badge>
          {admin ? (
            <>
              {' '}
              <Link to="/forms/file" query={{ serial: f.serial }}>
                {t('form.fileAsAdmin')}
              </Link>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function VoidForm({ serial }: { serial: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const form = useSubmit({
    errors: { reason: !reason.trim() ? t('validation.required') : undefined },
    send: () => api.post(`/forms/${encodeURIComponent(serial)}/void`, { reason: reason.trim() }),
    // the form here and in every list; the purchase that issued it; its callback, if one was opened
    invalidates: ['/forms', '/purchases', '/callbacks'],
    sent: () => {
      toast(t('void.done', { serial }));
    },
    // a refusal is told in its box alone, and stays there until a reason is given
    fieldErrorsOf: () => ({}),
    keepRefusalUntilValid: true,
    // a voided form cannot be filed again
    confirmFirst: true,
  });
  return (
    <form className="subform" onSubmit={form.onSubmit} noValidate aria-label={t('void.title')}>
      <h3>{t('void.title')}</h3>
      <p className="muted">{t('void.help')}</p>
      <Field label={t('void.reason')} required error={form.shown('reason')}>
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {form.confirming ? (
        <Confirm
          label={t('void.submit')}
          confirmLabel={t('void.confirmSubmit')}
          busy={form.busy}
          onConfirm={form.confirm}
          onCancel={form.cancel}
        >
          {t('void.confirm', { serial })}
        </Confirm>
      ) : (
        <>
          <ProblemBox error={form.error} />
          <Button kind="danger" type="submit" busy={form.busy}>
            {t('void.submit')}
          </Button>
        </>
      )}
    </form>
  );
}

interface CardView {
  cardNo: string;
  customer: Customer;
  items?: Array<{ description: string; quantity: number; amountCents: number }>;
}

/** The customer and goods on the form's insurance card; merchants get the phone number masked by the API. */
function CardOfForm({ cardNo }: { cardNo: string }) {
  const { t } = useI18n();
  const loaded = useLoad<CardView>(`/cards/${encodeURIComponent(cardNo)}`);
  return (
    <section className="card" aria-label={t('form.customer')}>
      <h2>{t('form.customer')}</h2>
      <Async loaded={loaded}>
        {(c) => (
          <Dl
            rows={[
              [t('purchase.customerName'), c.customer.name],
              [t('purchase.customerPhone'), <span data-phone>{c.customer.phone}</span>],
              [t('purchase.customerAddress'), c.customer.address],
              [
                t('purchase.goods'),
                (c.items ?? []).map((it, i) => (
                  <div key={i}>
                    {it.description} × {it.quantity} · ¥{centsToYuan(it.amountCents)}
                  </div>
                )),
              ],
            ]}
          />
        )}
      </Async>
    </section>
  );
}
