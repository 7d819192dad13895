import { FormEvent, useCallback, useEffect, useState } from 'react';
import type { SelfConfirmationPage as PageData } from '@fd/api';
import { api } from '../../api/client';
import { LanguageSwitch, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { Button, Dl, ErrorState, Field, Loading, ProblemBox } from '../../ui/kit';

const RATINGS = ['very_satisfied', 'satisfied', 'fairly_satisfied', 'unsatisfied'] as const;
type Rating = (typeof RATINGS)[number];
/** A checkbox or radio with its words, a finger's height to tap. */
const CHOICE = { display: 'flex', alignItems: 'center', gap: 8, minHeight: 44 } as const;

/** The address of a form's self-confirmation link (`/c/<token>`), outside the signed-in UI; null for any other. */
export function selfConfirmationToken(pathname: string): string | null {
  const m = /^\/c\/([A-Za-z0-9_-]{16})\/?$/.exec(pathname);
  return m ? m[1] : null;
}

/**
 * The customer's own confirmation of a form (docs/rules.md, "The customer's own confirmation"),
 * opened from the QR code or the short link printed on the form, with no account: the phone's
 * last 4 digits, then the code sent by SMS, the service done and the customer's rating. It shows
 * nothing of the customer but the masked phone.
 */
export function SelfConfirmationPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState<PageData>();
  const [loadError, setLoadError] = useState<unknown>(null);
  const path = `/public/self-confirmations/${token}`;

  const load = useCallback(() => {
    setLoadError(null);
    api.get<PageData>(path).then(setPage, setLoadError);
  }, [path]);
  useEffect(load, [load]);

  return (
    <main className="login self-confirm">
      <div className="login__card card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <h1>{t('selfConfirm.title')}</h1>
          <LanguageSwitch />
        </div>
        {page ? (
          <Confirmation page={page} path={path} onConfirmed={setPage} />
        ) : loadError ? (
          <ErrorState error={loadError} retry={load} />
        ) : (
          <Loading />
        )}
      </div>
    </main>
  );
}

function Confirmation({ page, path, onConfirmed }: { page: PageData; path: string; onConfirmed: (p: PageData) => void }) {
  const { t } = useI18n();
  const merchant = page.merchantName ? `${page.merchantName}${page.merchantNumber ? `（${page.merchantNumber}）` : ''}` : '—';
  return (
    <>
      <Dl
        rows={[
          [t('selfConfirm.merchant'), merchant],
          [t('selfConfirm.service'), `${t(`service.${page.serviceType}` as MessageKey)} · ${t('selfConfirm.visit', { n: page.visit })}`],
          [t('selfConfirm.plannedDate'), page.plannedDate],
          [t('selfConfirm.serial'), page.serial],
          ...(page.phone ? ([[t('selfConfirm.phone'), page.phone]] as Array<[string, string]>) : []),
        ]}
      />
      {page.state === 'confirmed' ? (
        <div className="notice notice--success" role="status" data-state="confirmed">
          <strong>{t('selfConfirm.confirmed')}</strong>
          <p>
            {t('selfConfirm.yourRating')}: {t(`rating.${page.rating!}` as MessageKey)}
          </p>
        </div>
      ) : page.state === 'closed' ? (
        <div className="notice notice--info" role="status" data-state="closed">
          {t('selfConfirm.closed')}
        </div>
      ) : page.state === 'unavailable' ? (
        <div className="notice notice--info" role="status" data-state="unavailable">
          {t('selfConfirm.unavailable')}
        </div>
      ) : (
        <Steps page={page} path={path} onConfirmed={onConfirmed} />
      )}
    </>
  );
}

function Steps({ page, path, onConfirmed }: { page: PageData; path: string; onConfirmed: (p: PageData) => void }) {
  const { t } = useI18n();
  const [digits, setDigits] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [code, setCode] = useState('');
  const [done, setDone] = useState(false);
  const [rating, setRating] = useState<Rating>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const sendCode = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!/^\d{4}$/.test(digits)) return;
    void run(async () => {
      const sent = await api.post<{ sentTo: string }>(`${path}/code`, { phoneLast4: digits });
      setSentTo(sent.sentTo);
      setTouched(false);
    });
  };

  const confirm = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!/^\d{6}$/.test(code) || !done || !rating) return;
    void run(async () => {
      onConfirmed(await api.post<PageData>(`${path}/confirm`, { code, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    });
  };

  if (!sentTo)
    return (
      <form onSubmit={sendCode} noValidate data-step="phone">
        <p>{t('selfConfirm.intro')}</p>
        <Field
          label={t('selfConfirm.phoneLast4', { phone: page.phone ?? '' })}
          required
          error={touched && !/^\d{4}$/.test(digits) ? t('selfConfirm.phoneLast4.invalid') : undefined}
        >
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              autoComplete="off"
              maxLength={4}
              value={digits}
              onChange={(e) => setDigits(e.target.value.replace(/\D/g, ''))}
            />
          )}
        </Field>
        <ProblemBox error={error} context="selfConfirm" />
        <Button kind="primary" type="submit" busy={busy} className="btn--block">
          {t('selfConfirm.sendCode')}
        </Button>
      </form>
    );

  return (
    <form onSubmit={confirm} noValidate data-step="confirm">
      <div className="notice notice--info" role="status">
        {t('selfConfirm.codeSent', { phone: sentTo })}
      </div>
      <Field label={t('selfConfirm.code')} required error={touched && !/^\d{6}$/.test(code) ? t('selfConfirm.code.invalid') : undefined}>
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          />
        )}
      </Field>
      <label style={CHOICE}>
        <input type="checkbox" checked={done} onChange={(e) => setDone(e.target.checked)} /> {t('selfConfirm.serviceDone')}
      </label>
      {touched && !done ? (
        <div className="field__error" role="alert">
          {t('selfConfirm.serviceDone.required')}
        </div>
      ) : null}
      <fieldset className="field" style={{ border: 0, padding: 0, margin: '12px 0' }}>
        <legend>{t('selfConfirm.rating')}</legend>
        {RATINGS.map((r) => (
          <label key={r} style={CHOICE}>
            <input
              type="radio"
              name="rating"
              value={r}
              checked={rating === r}
              onChange={() => setRating(r)}
              style={{ width: 20, height: 20, flex: 'none', margin: 0 }}
            />{' '}
            {t(`rating.${r}` as MessageKey)}
          </label>
        ))}
        {touched && !rating ? (
          <div className="field__error" role="alert">
            {t('selfConfirm.rating.required')}
          </div>
        ) : null}
      </fieldset>
      <Field label={t('selfConfirm.comment')}>
        {(p) => <textarea {...p} maxLength={500} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      <ProblemBox error={error} context="selfConfirm" />
      <Button kind="primary" type="submit" busy={busy} className="btn--block">
        {t('selfConfirm.submit')}
      </Button>
      <Button
        kind="ghost"
        className="btn--block"
        onClick={() => {
          setSentTo(undefined);
          setError(null);
        }}
      >
        {t('selfConfirm.newCode')}
      </Button>
    </form>
  );
}
