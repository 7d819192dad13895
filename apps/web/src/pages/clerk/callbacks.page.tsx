import { useState } from 'react';
import { api, query } from '../../api/client';
import { useInvalidate } from '../../api/queries';
import { CallbackOutcome, CallbackTask, Page, Rating } from '../../api/types';
import { dateTime, isDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { AsyncList, Badge, Button, Confirm, Field, PageHeader, ProblemBox, useLoad, useToast } from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';
import { RatingButtons } from './file-form.page';

const ONE_CLICK: CallbackOutcome[] = ['confirmed', 'signature_denied', 'no_form', 'unreachable'];
/** Outcomes that make a violation: the merchant's month becomes 0 and a penalty case opens, with no way back. */
const ZEROES_THE_MONTH: CallbackOutcome[] = ['signature_denied', 'no_form'];

/**
 * What the customer can say depends on whether the form came back: a filed form has a
 * rating and a signature to dispute; an unfiled one was either not filled or not yet due.
 */
function fits(outcome: CallbackOutcome, filed: boolean): boolean {
  if (outcome === 'rating_disputed' || outcome === 'signature_denied') return filed;
  if (outcome === 'no_form' || outcome === 'not_performed') return !filed;
  return true;
}

/** The callback worklist: each open task with its outcomes one click away. */
export function CallbacksPage({ q }: { q: Record<string, string> }) {
  const navigate = useNavigateTo();
  const { t } = useI18n();
  const user = useUser();
  const status = q.status === 'closed' ? 'closed' : 'open';
  const loaded = useLoad<Page<CallbackTask>>(`/callbacks${query({ status, limit: 100 })}`);
  return (
    <>
      <PageHeader title={t('callbacks.title')}>
        <div className="segmented" role="group" aria-label={t('common.status')}>
          {(['open', 'closed'] as const).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={status === s}
              className={status === s ? 'active' : ''}
              onClick={() => navigate('/callbacks', { status: s })}
            >
              {t(`callbackStatus.${s}`)}
            </button>
          ))}
        </div>
      </PageHeader>
      {user.role === 'clerk' && status === 'open' ? <p className="muted">{t('callbacks.help')}</p> : null}
      <AsyncList loaded={loaded} empty={status === 'open' ? t('callbacks.emptyOpen') : t('callbacks.emptyClosed')}>
        {(items) => (
          <ul className="worklist">
            {items.map((c) => (
              <CallbackItem key={c.id} task={c} canRecord={user.role === 'clerk' && c.status === 'open'} />
            ))}
          </ul>
        )}
      </AsyncList>
    </>
  );
}

function CallbackItem({ task, canRecord }: { task: CallbackTask; canRecord: boolean }) {
  const { t } = useI18n();
  const { merchantName, today } = useSession();
  const toast = useToast();
  const invalidate = useInvalidate();
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState<'rating_disputed' | 'not_performed' | null>(null);
  const [reportedRating, setReportedRating] = useState<Rating | ''>('');
  const [newDate, setNewDate] = useState('');
  const [busy, setBusy] = useState<CallbackOutcome | null>(null);
  const [confirming, setConfirming] = useState<CallbackOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [askError, setAskError] = useState('');
  const serial = task.serial ?? task.id;
  const filed = !!task.formRating;

  const record = async (outcome: CallbackOutcome, extra: Record<string, string> = {}) => {
    setBusy(outcome);
    setError(null);
    try {
      await api.post(`/callbacks/${encodeURIComponent(task.id)}/attempts`, {
        outcome,
        ...extra,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      toast(t('callbacks.recorded', { outcome: t(`outcome.${outcome}`), serial }));
      setAsking(null);
      setConfirming(null);
      setNote('');
      // the worklists; the form, whose timeline tells the callback
      invalidate('/callbacks', `/forms/${encodeURIComponent(serial)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const confirmAsked = () => {
    if (asking === 'rating_disputed') {
      if (!reportedRating) return setAskError(t('validation.chooseRating'));
      return record('rating_disputed', { reportedRating });
    }
    if (asking === 'not_performed') {
      if (!isDate(newDate)) return setAskError(t('validation.date'));
      return record('not_performed', { newPlannedDate: newDate });
    }
  };

  return (
    <li className="card worklist__item" data-callback={task.id} data-serial={task.serial} aria-label={t('callbacks.item', { serial })}>
      <div className="worklist__head">
        <div>
          <Link to={`/forms/${serial}`}>
            <code>{serial}</code>
          </Link>{' '}
          <Badge tone={task.reason === 'sample' ? 'info' : 'warn'}>{t(`callbackReason.${task.reason}` as 'callbackReason.sample')}</Badge>{' '}
          {task.status === 'closed' && task.result ? <Badge tone="neutral">{t(`outcome.${task.result}`)}</Badge> : null}
        </div>
        <div className="muted">{merchantName(task.merchantId)}</div>
      </div>
      <div className="worklist__facts muted">
        {task.plannedDate ? (
          <span>
            {t('form.plannedDate')}: {task.plannedDate}
          </span>
        ) : null}
        <span>
          {t('callbacks.formRating')}: {task.formRating ? t(`rating.${task.formRating}`) : t('callbacks.notFiled')}
        </span>
        {task.openedAt ? (
          <span>
            {t('callbacks.openedAt')}: {dateTime(task.openedAt)}
          </span>
        ) : null}
        <span>{t('callbacks.attempts', { n: task.attempts.length })}</span>
      </div>
      {task.attempts.length ? (
        <ul className="worklist__attempts">
          {task.attempts.map((a, i) => (
            <li key={i}>
              {dateTime(a.at)} · {t(`outcome.${a.outcome}`)}
              {a.note ? ` · ${a.note}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {canRecord ? (
        <>
          <Field label={t('callbacks.note', { serial })}>
            {(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <div className="outcomes" role="group" aria-label={t('callbacks.outcomes', { serial })}>
            {ONE_CLICK.filter((o) => fits(o, filed)).map((o) => (
              <Button
                key={o}
                kind={o === 'confirmed' ? 'primary' : o === 'unreachable' ? 'secondary' : 'danger'}
                busy={busy === o}
                disabled={!!busy}
                aria-expanded={ZEROES_THE_MONTH.includes(o) ? confirming === o : undefined}
                onClick={() => (ZEROES_THE_MONTH.includes(o) ? (setConfirming(o), setAsking(null)) : record(o))}
              >
                {t(`outcome.${o}`)}
              </Button>
            ))}
            {filed ? (
              <Button
                kind="secondary"
                aria-expanded={asking === 'rating_disputed'}
                onClick={() => (setAsking('rating_disputed'), setAskError(''), setConfirming(null))}
              >
                {t('outcome.rating_disputed')}…
              </Button>
            ) : (
              <Button
                kind="secondary"
                aria-expanded={asking === 'not_performed'}
                onClick={() => (setAsking('not_performed'), setAskError(''), setConfirming(null))}
              >
                {t('outcome.not_performed')}…
              </Button>
            )}
          </div>
          {confirming ? (
            <Confirm
              label={t(`outcome.${confirming}`)}
              confirmLabel={t('callbacks.confirmRecord', { outcome: t(`outcome.${confirming}`) })}
              busy={busy === confirming}
              onConfirm={() => record(confirming)}
              onCancel={() => setConfirming(null)}
            >
              {t('callbacks.confirmZero', {
                outcome: t(`outcome.${confirming}`),
                serial,
                merchant: merchantName(task.merchantId),
                period: (task.plannedDate ?? today()).slice(0, 7),
              })}
            </Confirm>
          ) : null}
          {asking ? (
            <div className="subform">
              {asking === 'rating_disputed' ? (
                <RatingButtons
                  label={t('callbacks.customerRating')}
                  value={reportedRating}
                  onChange={setReportedRating}
                  error={askError || undefined}
                />
              ) : (
                <Field label={t('callbacks.newPlannedDate')} required error={askError || undefined}>
                  {(p) => <input {...p} type="date" min={today()} value={newDate} onChange={(e) => setNewDate(e.target.value)} />}
                </Field>
              )}
              <div className="row row--actions">
                <Button kind="primary" busy={busy === asking} onClick={confirmAsked}>
                  {t('callbacks.record')}
                </Button>
                <Button kind="ghost" onClick={() => setAsking(null)}>
                  {t('common.cancel')}
                </Button>
              </div>
            </div>
          ) : null}
          <ProblemBox error={error} context="callback" />
        </>
      ) : null}
    </li>
  );
}
