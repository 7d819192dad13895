import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { callbackReasons } from '@fd/api';
import { api, query } from '../../api/client';
import { keyOf, useInvalidate } from '../../api/queries';
import { CallbackOutcome, CallbackTask, Page, Rating } from '../../api/types';
import { dateTime, isDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { DateInput, localDate } from '../../ui/date-input';
import {
  Async,
  Badge,
  Button,
  Confirm,
  Empty,
  Field,
  LoadMore,
  MerchantSelect,
  PageHeader,
  ProblemBox,
  useLoadPages,
  useToast,
} from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';
import { RatingButtons } from './file-form.page';
import type { Consequence } from '@fd/api';
import { ConsequenceOf, consequencePath, useCallbackConsequence } from '../../ui/consequence';

const ONE_CLICK: CallbackOutcome[] = ['confirmed', 'signature_denied', 'no_form', 'unreachable'];
/** Outcomes that make a violation: the merchant's month becomes 0 and a penalty case opens, with no way back. */
const ZEROES_THE_MONTH: CallbackOutcome[] = ['signature_denied', 'no_form'];
/** What may make a violation, so is confirmed first: those, and a rating the customer disputes (forged when it says 不滿意 of a qualified form). */
type Confirmable = 'signature_denied' | 'no_form' | 'rating_disputed';

/**
 * What the customer can say depends on whether the form came back: a filed form has a
 * rating and a signature to dispute; an unfiled one was either not filled or not yet due.
 */
function fits(outcome: CallbackOutcome, filed: boolean): boolean {
  if (outcome === 'rating_disputed' || outcome === 'signature_denied') return filed;
  if (outcome === 'no_form' || outcome === 'not_performed') return !filed;
  return true;
}

const PAGE = 20;

/**
 * The callback worklist: each open task with whom to call and its outcomes one click away, a
 * page at a time. A recorded task stays where it was, showing its result, and the focus moves on
 * to the next task: the clerk keeps their place in the list.
 */
export function CallbacksPage({ q }: { q: Record<string, string> }) {
  const navigate = useNavigateTo();
  const { t } = useI18n();
  const user = useUser();
  const status = q.status === 'closed' ? 'closed' : 'open';
  const desk = user.role !== 'merchant';
  const merchantId = desk ? (q.merchantId ?? '') : '';
  const reason = (callbackReasons as readonly string[]).includes(q.reason ?? '') ? (q.reason ?? '') : '';
  const loaded = useLoadPages<Page<CallbackTask>, string>(
    (cursor) => `/callbacks${query({ status, merchantId, reason, limit: PAGE, cursor })}`,
    (page) => page.nextCursor,
  );
  // tasks recorded on this page: shown with their result where they were until the list is read again
  const [recorded, setRecorded] = useState<Record<string, CallbackTask>>({});
  const list = useRef<HTMLUListElement>(null);
  const setFilter = (change: Record<string, string>) => {
    setRecorded({});
    navigate('/callbacks', { status, merchantId, reason, ...change });
  };
  const onRecorded = useCallback((task: CallbackTask) => {
    setRecorded((r) => ({ ...r, [task.id]: task }));
    // after React has drawn the task as recorded: the next task still to call gets the focus
    requestAnimationFrame(() => {
      const items = Array.from(list.current?.querySelectorAll<HTMLElement>('li[data-callback]') ?? []);
      const at = items.findIndex((li) => li.dataset.callback === task.id);
      const next = [...items.slice(at + 1), ...items.slice(0, Math.max(at, 0))].find((li) => li.dataset.open === 'true');
      const target = next ?? document.querySelector<HTMLElement>('.table-more button') ?? items[at];
      target?.focus();
      target?.scrollIntoView({ block: 'nearest' });
    });
  }, []);
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
      <div className="filters" role="search" aria-label={t('callbacks.filters')}>
        {desk ? (
          <MerchantSelect
            label={t('common.merchant')}
            value={merchantId}
            allowNone={t('common.all')}
            onChange={(id) => setFilter({ merchantId: id })}
          />
        ) : null}
        <Field label={t('callbacks.reason')}>
          {(p) => (
            <select {...p} value={reason} onChange={(e) => setFilter({ reason: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {callbackReasons.map((r) => (
                <option key={r} value={r}>
                  {t(`callbackReason.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Async loaded={loaded}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{status === 'open' ? t('callbacks.emptyOpen') : t('callbacks.emptyClosed')}</Empty>
          ) : (
            <>
              <ul className="worklist" ref={list}>
                {data.items.map((c) => {
                  const task = recorded[c.id] ?? c;
                  return (
                    <CallbackItem
                      key={c.id}
                      task={task}
                      justRecorded={!!recorded[c.id]}
                      canRecord={user.role === 'clerk' && task.status === 'open'}
                      onRecorded={onRecorded}
                    />
                  );
                })}
              </ul>
              <LoadMore more={loaded.more} />
            </>
          )
        }
      </Async>
    </>
  );
}

/** Whom to call and about what: the customer, the merchant, the service and its date. */
function WhomToCall({ task }: { task: CallbackTask }) {
  const { t, lang } = useI18n();
  const { merchantName } = useSession();
  const c = task.customer;
  return (
    <dl className="callee">
      <div>
        <dt>{t('callbacks.customer')}</dt>
        <dd className="callee__name">{c ? c.name : <span className="muted">{t('callbacks.customerUnknown')}</span>}</dd>
      </div>
      {c ? (
        <>
          <div>
            <dt>{t('callbacks.phone')}</dt>
            <dd className="callee__phone">{c.phone.includes('*') ? c.phone : <a href={`tel:${c.phone}`}>{c.phone}</a>}</dd>
          </div>
          <div>
            <dt>{t('callbacks.address')}</dt>
            <dd className="callee__address">{c.address}</dd>
          </div>
        </>
      ) : null}
      <div>
        <dt>{t('common.merchant')}</dt>
        <dd className="callee__merchant">{task.merchantName ?? merchantName(task.merchantId)}</dd>
      </div>
      {task.serviceType ? (
        <div>
          <dt>{t('callbacks.service')}</dt>
          <dd className="callee__service">
            {t('callbacks.serviceVisit', { service: t(`service.${task.serviceType}`), visit: task.visit ?? 1 })}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t('form.plannedDate')}</dt>
        <dd className="callee__date">
          <time dateTime={task.plannedDate}>{localDate(task.plannedDate, lang)}</time>
        </dd>
      </div>
    </dl>
  );
}

function CallbackItem({
  task,
  canRecord,
  justRecorded,
  onRecorded,
}: {
  task: CallbackTask;
  canRecord: boolean;
  justRecorded: boolean;
  onRecorded: (task: CallbackTask) => void;
}) {
  const { t } = useI18n();
  const { merchantName, today } = useSession();
  const toast = useToast();
  const invalidate = useInvalidate();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState<'rating_disputed' | 'not_performed' | null>(null);
  const [reportedRating, setReportedRating] = useState<Rating | ''>('');
  const [newDate, setNewDate] = useState('');
  const [busy, setBusy] = useState<CallbackOutcome | null>(null);
  const [confirming, setConfirming] = useState<Confirmable | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [askError, setAskError] = useState('');
  const serial = task.serial ?? task.id;
  const filed = !!task.formRating;
  // what the outcome being confirmed will do, as the forms service decides it
  const consequence = useCallbackConsequence(serial, confirming, confirming === 'rating_disputed' ? reportedRating : undefined);

  const record = async (outcome: CallbackOutcome, extra: Record<string, string> = {}) => {
    setBusy(outcome);
    setError(null);
    try {
      const updated = await api.post<CallbackTask>(`/callbacks/${encodeURIComponent(task.id)}/attempts`, {
        outcome,
        ...extra,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      toast(t('callbacks.recorded', { outcome: t(`outcome.${outcome}`), serial }));
      setAsking(null);
      setConfirming(null);
      setNote('');
      onRecorded(updated);
      // the form, whose timeline tells the callback, and other lists of callbacks (a form's); not
      // this worklist, which keeps the task in place with its result so the clerk keeps their place
      invalidate(`/forms/${encodeURIComponent(serial)}`);
      void client.invalidateQueries({ queryKey: keyOf('/callbacks'), predicate: (query) => query.queryKey.at(-1) !== 'pages' });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const confirmAsked = async () => {
    if (asking === 'rating_disputed') {
      if (!reportedRating) return setAskError(t('validation.chooseRating'));
      // a rating that makes the form forged costs the merchant its month: asked first; another is recorded at once
      const c = await api.get<Consequence>(consequencePath(serial, 'rating_disputed', reportedRating)).catch(() => null);
      if (c && !c.violation) return record('rating_disputed', { reportedRating });
      return setConfirming('rating_disputed');
    }
    if (asking === 'not_performed') {
      if (!isDate(newDate)) return setAskError(t('validation.date'));
      return record('not_performed', { newPlannedDate: newDate });
    }
  };

  return (
    <li
      className={`card worklist__item${justRecorded ? ' worklist__item--done' : ''}`}
      data-callback={task.id}
      data-serial={task.serial}
      data-open={task.status === 'open'}
      tabIndex={-1}
      aria-label={t('callbacks.item', { serial })}
    >
      <div className="worklist__head">
        <div>
          <Link to={`/forms/${serial}`}>
            <code>{serial}</code>
          </Link>{' '}
          <Badge tone={task.reason === 'sample' ? 'info' : 'warn'}>{t(`callbackReason.${task.reason}` as 'callbackReason.sample')}</Badge>{' '}
          {task.status === 'closed' && task.result ? (
            <Badge tone={justRecorded ? 'good' : 'neutral'}>
              {justRecorded ? t('callbacks.recordedResult', { outcome: t(`outcome.${task.result}`) }) : t(`outcome.${task.result}`)}
            </Badge>
          ) : null}
        </div>
      </div>
      <WhomToCall task={task} />
      <div className="worklist__facts muted">
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
                onClick={() => (ZEROES_THE_MONTH.includes(o) ? (setConfirming(o as Confirmable), setAsking(null)) : record(o))}
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
              disabled={consequence.isLoading}
              onConfirm={() => (confirming === 'rating_disputed' ? record(confirming, { reportedRating }) : record(confirming))}
              onCancel={() => setConfirming(null)}
            >
              {t('callbacks.confirmOutcome', {
                outcome:
                  confirming === 'rating_disputed' && reportedRating
                    ? `${t('outcome.rating_disputed')} · ${t(`rating.${reportedRating}`)}`
                    : t(`outcome.${confirming}`),
                serial,
              })}
              <ConsequenceOf loaded={consequence} fallbackMerchant={task.merchantName ?? merchantName(task.merchantId)} />{' '}
              {t('consequence.noUndo')}
            </Confirm>
          ) : null}
          {/* while the disputed rating is being confirmed, the confirmation alone asks */}
          {asking && confirming !== 'rating_disputed' ? (
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
                  {(p) => <DateInput {...p} min={today()} value={newDate} onChange={setNewDate} />}
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
