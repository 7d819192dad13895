import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Policy } from '../../api/types';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useUser } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import { Async, Dl, Field, PageHeader, useLoad, useToast } from '../../ui/kit';

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
  useEffect(() => {
    setReturnDays(String(policy.returnDays));
    setRate(String(Math.round(policy.callbackSampleRate * 1000) / 10));
    setAppealDays(String(policy.appealDays));
    setTimeZone(policy.timeZone);
  }, [policy]);
  const rateNumber = Number(rate);
  const form = useSubmit({
    errors: {
      returnDays: !whole(returnDays, 365) ? t('validation.daysRange') : undefined,
      callbackSampleRate:
        rate.trim() === '' || !Number.isFinite(rateNumber) || rateNumber < 0 || rateNumber > 100 ? t('validation.percent') : undefined,
      appealDays: !whole(appealDays, 365) ? t('validation.daysRange') : undefined,
      timeZone: !timeZone.trim() ? t('validation.required') : undefined,
    },
    // the current values are shown filled in, so what is wrong with them shows at once
    live: () => true,
    send: () =>
      api.put<Policy>('/policy', {
        returnDays: Number(returnDays),
        callbackSampleRate: Math.round(rateNumber * 10) / 1000,
        appealDays: Number(appealDays),
        timeZone: timeZone.trim(),
      }),
    // the policy here, and the mall's time zone every page's dates are read in
    invalidates: ['/policy'],
    sent: (saved) => {
      toast(t('policy.saved', { version: saved.version ?? '' }));
    },
  });
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
      <FormActions error={form.error} busy={form.busy} label={t('policy.save')} />
    </form>
  );
}
