import { useEffect, useState } from 'react';
import type { PolicyWhatIf } from '@fd/api';
import { api } from '../../api/client';
import type { Policy } from '../../api/types';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useUser } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import { Async, Badge, Button, Dl, Field, PageHeader, ProblemBox, Table, useLoad, useToast } from '../../ui/kit';

const whole = (s: string, max: number) => /^\d+$/.test(s.trim()) && Number(s) <= max;

/** The rule book's knobs (管理規定); a change applies from then on, as a new version. */
export function PolicyPage() {
  const { t } = useI18n();
  const user = useUser();
  const loaded = useLoad<Policy>('/policy');
  return (
    <>
      <PageHeader title={t('policy.title')} />
      <Async loaded={loaded}>
        {(p) => (
          <div className="columns">
            <section className="card">
              <h2>{t('policy.current', { version: p.version ?? 1 })}</h2>
              <Dl
                rows={[
                  [t('policy.returnDays'), t('policy.days', { n: p.returnDays })],
                  [t('policy.sampleRate'), `${Math.round(p.callbackSampleRate * 1000) / 10}%`],
                  [t('policy.appealDays'), t('policy.days', { n: p.appealDays })],
                  [t('policy.timeZone'), p.timeZone],
                  [t('policy.minFormsToCompare'), String(p.minFormsToCompare)],
                  [t('policy.changedAt'), p.changedAt ? dateTime(p.changedAt) : t('policy.defaults')],
                ]}
              />
            </section>
            {user.role === 'admin' ? <PolicyForm policy={p} /> : null}
          </div>
        )}
      </Async>
    </>
  );
}

function PolicyForm({ policy }: { policy: Policy }) {
  const { t } = useI18n();
  const toast = useToast();
  const [returnDays, setReturnDays] = useState(String(policy.returnDays));
  const [rate, setRate] = useState(String(Math.round(policy.callbackSampleRate * 1000) / 10));
  const [appealDays, setAppealDays] = useState(String(policy.appealDays));
  const [timeZone, setTimeZone] = useState(policy.timeZone);
  const [minForms, setMinForms] = useState(String(policy.minFormsToCompare));
  useEffect(() => {
    setReturnDays(String(policy.returnDays));
    setRate(String(Math.round(policy.callbackSampleRate * 1000) / 10));
    setAppealDays(String(policy.appealDays));
    setTimeZone(policy.timeZone);
    setMinForms(String(policy.minFormsToCompare));
    // a new version resets the form; a background reload of the same version keeps what is being typed
  }, [policy.version, policy.changedAt]);
  const rateNumber = Number(rate);
  const [preview, setPreview] = useState<PolicyWhatIf | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  // a preview shows the values it was made with; editing them makes it stale
  useEffect(() => setPreview(null), [returnDays, rate, appealDays, timeZone]);
  const form = useSubmit({
    errors: {
      returnDays: !whole(returnDays, 365) ? t('validation.daysRange') : undefined,
      callbackSampleRate:
        rate.trim() === '' || !Number.isFinite(rateNumber) || rateNumber < 0 || rateNumber > 100 ? t('validation.percent') : undefined,
      appealDays: !whole(appealDays, 365) ? t('validation.daysRange') : undefined,
      timeZone: !timeZone.trim() ? t('validation.required') : undefined,
      minFormsToCompare: !whole(minForms, 1000) || Number(minForms) < 1 ? t('policy.minFormsToCompareRange') : undefined,
    },
    // the current values are shown filled in, so what is wrong with them shows at once
    live: () => true,
    send: () =>
      api.put<Policy>('/policy', {
        returnDays: Number(returnDays),
        callbackSampleRate: Math.round(rateNumber * 10) / 1000,
        appealDays: Number(appealDays),
        timeZone: timeZone.trim(),
        minFormsToCompare: Number(minForms),
      }),
    // the policy here, and the mall's time zone every page's dates are read in
    invalidates: ['/policy'],
    sent: (saved) => {
      toast(t('policy.saved', { version: saved.version ?? '' }));
    },
  });
  const invalid = !whole(returnDays, 365) || !whole(appealDays, 365) || !timeZone.trim() || !(rateNumber >= 0 && rateNumber <= 100);
  /** The history replayed with the values in the form (only those that differ from the policy in force); nothing is saved. */
  const runPreview = async () => {
    setPreviewing(true);
    setPreviewError(null);
    try {
      const sampleRate = Math.round(rateNumber * 10) / 1000;
      setPreview(
        await api.post<PolicyWhatIf>('/policy/what-if', {
          ...(Number(returnDays) !== policy.returnDays ? { returnDays: Number(returnDays) } : {}),
          ...(sampleRate !== policy.callbackSampleRate ? { callbackSampleRate: sampleRate } : {}),
          ...(Number(appealDays) !== policy.appealDays ? { appealDays: Number(appealDays) } : {}),
          ...(timeZone.trim() !== policy.timeZone ? { timeZone: timeZone.trim() } : {}),
        }),
      );
    } catch (e) {
      setPreviewError(e);
    } finally {
      setPreviewing(false);
    }
  };
  return (
    <form className="card stack" onSubmit={form.onSubmit} noValidate aria-label={t('policy.change')}>
      <h2>{t('policy.change')}</h2>
      <p className="muted">{t('policy.help')}</p>
      <Field label={t('policy.returnDays')} required error={form.shown('returnDays')}>
        {(p) => <input {...p} inputMode="numeric" value={returnDays} onChange={(e) => setReturnDays(e.target.value)} />}
      </Field>
      <Field label={t('policy.sampleRatePercent')} required error={form.shown('callbackSampleRate')}>
        {(p) => <input {...p} inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />}
      </Field>
      <Field label={t('policy.appealDays')} required error={form.shown('appealDays')}>
        {(p) => <input {...p} inputMode="numeric" value={appealDays} onChange={(e) => setAppealDays(e.target.value)} />}
      </Field>
      <Field label={t('policy.timeZone')} required error={form.shown('timeZone')} hint={t('policy.timeZoneHint')}>
        {(p) => <input {...p} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />}
      </Field>
      <Field
        label={t('policy.minFormsToCompare')}
        required
        error={form.shown('minFormsToCompare')}
        hint={t('policy.minFormsToCompareHint')}
      >
        {(p) => <input {...p} inputMode="numeric" value={minForms} onChange={(e) => setMinForms(e.target.value)} />}
      </Field>
      <p className="muted">{t('policy.preview.help')}</p>
      <div>
        <Button onClick={runPreview} busy={previewing} disabled={invalid}>
          {t('policy.preview.run')}
        </Button>
      </div>
      <ProblemBox error={previewError} />
      {preview ? <WhatIfResult preview={preview} /> : null}
      <FormActions error={form.error} busy={form.busy} label={t('policy.save')} />
    </form>
  );
}

const score = (n: number | null) => (n === null ? '—' : n.toFixed(1));

/** What the evaluation would be with the previewed values (docs/rules.md#what-if-policy-replay). */
function WhatIfResult({ preview: p }: { preview: PolicyWhatIf }) {
  const { t } = useI18n();
  const violations = (title: string, rows: PolicyWhatIf['violationsAppearing']) =>
    rows.length ? (
      <Table
        label={title}
        columns={[
          t('policy.preview.merchant'),
          t('policy.preview.period'),
          t('policy.preview.kind'),
          t('policy.preview.form'),
          t('policy.preview.dueDate'),
        ]}
      >
        {rows.map((v) => (
          <tr key={v.id}>
            <td>{v.merchantName}</td>
            <td>{v.period}</td>
            <td>{t(`penaltyKind.${v.kind}`)}</td>
            <td>{v.serial ?? '—'}</td>
            <td>{v.dueDate ?? '—'}</td>
          </tr>
        ))}
      </Table>
    ) : null;
  const nothing = !p.merchants.length && !p.violationsAppearing.length && !p.violationsVanishing.length && !p.cases.length;
  return (
    <section className="stack" aria-label={t('policy.preview.title')} data-testid="what-if">
      <h3>{t('policy.preview.title')}</h3>
      <p className="muted" data-testid="what-if-figures">
        {t('policy.preview.figures', { events: p.eventsRead.toLocaleString(), ms: p.tookMs.toLocaleString(), from: p.from, to: p.to })}
      </p>
      {p.notReplayed.length ? <p className="notice">{t('policy.preview.notReplayed')}</p> : null}
      {p.truncated ? <p className="notice">{t('policy.preview.truncated')}</p> : null}
      {nothing ? <p>{t('policy.preview.noChange')}</p> : null}
      {p.merchants.length ? (
        <>
          <h4>{t('policy.preview.scores')}</h4>
          <Table
            label={t('policy.preview.scores')}
            columns={[
              t('policy.preview.merchant'),
              t('policy.preview.period'),
              t('policy.preview.scoreNow'),
              t('policy.preview.scoreThen'),
              t('policy.preview.delta'),
            ]}
          >
            {p.merchants.map((m) => (
              <tr key={`${m.merchantId}|${m.period}`}>
                <td>{m.name}</td>
                <td>{m.period}</td>
                <td>{score(m.scoreNow)}</td>
                <td>{score(m.scoreThen)}</td>
                <td>
                  {m.delta === null ? (
                    '—'
                  ) : (
                    <Badge tone={m.delta < 0 ? 'bad' : 'good'}>{`${m.delta > 0 ? '+' : ''}${m.delta.toFixed(1)}`}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </>
      ) : null}
      {p.violationsAppearing.length ? <h4>{t('policy.preview.appearing', { n: p.violationsAppearing.length })}</h4> : null}
      {violations(t('policy.preview.appearing', { n: p.violationsAppearing.length }), p.violationsAppearing)}
      {p.violationsVanishing.length ? <h4>{t('policy.preview.vanishing', { n: p.violationsVanishing.length })}</h4> : null}
      {violations(t('policy.preview.vanishing', { n: p.violationsVanishing.length }), p.violationsVanishing)}
      {p.cases.length ? (
        <>
          <h4>{t('policy.preview.cases')}</h4>
          <Table
            label={t('policy.preview.cases')}
            columns={[t('policy.preview.period'), t('policy.preview.deadlineNow'), t('policy.preview.deadlineThen'), '']}
          >
            {p.cases.map((c) => (
              <tr key={c.caseId}>
                <td>{c.period}</td>
                <td>{c.appealDeadlineNow}</td>
                <td>{c.appealDeadlineThen}</td>
                <td>
                  {c.appealOutOfTime ? <Badge tone="warn">{t('policy.preview.appealLate')}</Badge> : null}
                  {c.decidedTooEarly ? <Badge tone="warn">{t('policy.preview.decidedEarly')}</Badge> : null}
                </td>
              </tr>
            ))}
          </Table>
        </>
      ) : null}
    </section>
  );
}
