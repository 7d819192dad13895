import { useState } from 'react';
import type { ActionSourceKind, CorrectiveActionView } from '@fd/api';
import { actionSourceKinds } from '@fd/api';
import { api } from '../../api/client';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import { Async, Badge, Dl, Empty, Field, MerchantSelect, PageHeader, useLoad, useToast } from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';

type Action = CorrectiveActionView;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Corrective and preventive actions (docs/rules.md, "Corrective and preventive actions"): the
 * administration's list (all, or the escalated ones), a merchant's own, and the general manager's
 * queue; each action shows what its reader may do with it.
 */
export function ActionsPage({ q, queue = false }: { q: Record<string, string>; queue?: boolean }) {
  const { t } = useI18n();
  const user = useUser();
  const navigate = useNavigateTo();
  const escalated = queue || q.escalated === 'true';
  const loaded = useLoad<{ items: Action[] }>(`/corrective-actions${escalated ? '?escalated=true' : ''}`);
  const title = queue ? t('actions.queueTitle') : user.role === 'merchant' ? t('actions.ownTitle') : t('actions.title');
  const lead = queue ? t('actions.queueLead') : user.role === 'merchant' ? t('actions.ownLead') : t('actions.lead');
  return (
    <>
      <PageHeader title={title}>
        {user.role === 'admin' ? (
          <Link className="btn btn--primary" to="/actions/new">
            {t('actions.new')}
          </Link>
        ) : null}
      </PageHeader>
      <p className="lead">{lead}</p>
      {!queue && user.role !== 'merchant' ? (
        <label className="check">
          <input
            type="checkbox"
            checked={escalated}
            onChange={(e) => navigate('/actions', e.target.checked ? { escalated: 'true' } : {}, true)}
          />{' '}
          {t('actions.filter.escalated')}
        </label>
      ) : null}
      <Async loaded={loaded}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty>{queue ? t('actions.queueEmpty') : t('actions.empty')}</Empty>
          ) : (
            <div className="stack">
              {items.map((a) => (
                <ActionCard key={a.id} a={a} />
              ))}
            </div>
          )
        }
      </Async>
    </>
  );
}

function StatusBadges({ a }: { a: Action }) {
  const { t } = useI18n();
  const tone = a.status === 'closed' ? 'good' : a.status === 'not_effective' ? 'bad' : a.status === 'done' ? 'info' : 'neutral';
  return (
    <>
      <Badge tone={tone}>{t(`actions.status.${a.status}`)}</Badge>{' '}
      {a.escalation ? <Badge tone="warn">{t(`actions.escalation.${a.escalation}`)}</Badge> : null}
    </>
  );
}

function ActionCard({ a }: { a: Action }) {
  const { t } = useI18n();
  const user = useUser();
  const { merchantName } = useSession();
  const owner = a.owner.merchantId !== undefined ? merchantName(a.owner.merchantId) : a.owner.department;
  const mayAnswer =
    a.status === 'open' &&
    ((user.role === 'merchant' && a.owner.merchantId === user.merchantId) || (user.role === 'admin' && a.owner.department !== undefined));
  return (
    <section className="card stack" data-action={a.id} aria-label={`${t('actions.title')} ${a.id}`}>
      <h2>
        <code>{a.id}</code> <StatusBadges a={a} />
      </h2>
      <Dl
        rows={[
          [
            t('actions.field.source'),
            a.source.kind === 'penalty_case' && user.role !== 'merchant' ? (
              <Link to={`/cases/${a.source.ref}`}>
                {t('actions.source.penalty_case')} {a.source.ref}
              </Link>
            ) : (
              `${t(`actions.source.${a.source.kind}`)} ${a.source.ref}`
            ),
          ],
          [t('actions.field.problem'), a.problem],
          [t('actions.field.cause'), a.cause],
          [t('actions.field.action'), a.action],
          [t('actions.field.owner'), owner],
          [t('actions.field.dueDate'), a.dueDate],
          ...(a.check
            ? ([
                [t('actions.check'), `${a.check.effective ? t('actions.effective') : t('actions.notEffective')} — ${a.check.note}`],
              ] as Array<[string, string]>)
            : []),
        ]}
      />
      {a.answers.length ? (
        <>
          <h3>{t('actions.answers')}</h3>
          <ul className="timeline">
            {a.answers.map((x) => (
              <li key={x.at}>
                {dateTime(x.at)} · {t(`actions.by.${x.by}`)}: {x.note}
                {x.done ? ` (${t('actions.field.done')})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a.decisions.length ? (
        <>
          <h3>{t('actions.decisions')}</h3>
          <ul className="timeline">
            {a.decisions.map((d) => (
              <li key={d.decidedAt}>
                {dateTime(d.decidedAt)} · {t(`actions.escalation.${d.escalation}`)} → {t(`actions.${d.decision}`)}
                {d.dueDate ? ` (${d.dueDate})` : ''}: {d.note}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {mayAnswer ? <AnswerForm a={a} /> : null}
      {user.role === 'admin' && a.status === 'done' ? <CheckForm a={a} /> : null}
      {user.role === 'manager' && a.escalation ? <DecisionForm a={a} /> : null}
    </section>
  );
}

function AnswerForm({ a }: { a: Action }) {
  const { t } = useI18n();
  const toast = useToast();
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const form = useSubmit({
    errors: { note: note.trim() ? undefined : t('validation.required') },
    send: () => api.post<Action>(`/corrective-actions/${a.id}/answer`, { note: note.trim(), done }),
    invalidates: ['/corrective-actions'],
    sent: () => {
      toast(t('actions.answered'));
      setNote('');
      setDone(false);
    },
  });
  return (
    <form className="stack" onSubmit={form.onSubmit} noValidate aria-label={t('actions.answer')}>
      <h3>{t('actions.answer')}</h3>
      <Field label={t('actions.field.note')} required error={form.shown('note')}>
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={done} onChange={(e) => setDone(e.target.checked)} /> {t('actions.markDone')}
      </label>
      <FormActions error={form.error} busy={form.busy} label={t('actions.answerSubmit')} />
    </form>
  );
}

function CheckForm({ a }: { a: Action }) {
  const { t } = useI18n();
  const toast = useToast();
  const [effective, setEffective] = useState('');
  const [note, setNote] = useState('');
  const form = useSubmit({
    errors: {
      effective: effective ? undefined : t('validation.required'),
      note: note.trim() ? undefined : t('validation.required'),
    },
    send: () => api.post<Action>(`/corrective-actions/${a.id}/check`, { effective: effective === 'yes', note: note.trim() }),
    invalidates: ['/corrective-actions'],
    sent: () => toast(t('actions.checked')),
  });
  return (
    <form className="stack" onSubmit={form.onSubmit} noValidate aria-label={t('actions.check')}>
      <h3>{t('actions.check')}</h3>
      <Field label={t('actions.check')} required error={form.shown('effective')}>
        {(p) => (
          <select {...p} value={effective} onChange={(e) => setEffective(e.target.value)}>
            <option value="">{t('common.choose')}</option>
            <option value="yes">{t('actions.effective')}</option>
            <option value="no">{t('actions.notEffective')}</option>
          </select>
        )}
      </Field>
      <Field label={t('actions.field.note')} required error={form.shown('note')}>
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <FormActions error={form.error} busy={form.busy} label={t('actions.checkSubmit')} />
    </form>
  );
}

function DecisionForm({ a }: { a: Action }) {
  const { t } = useI18n();
  const toast = useToast();
  const { today } = useSession();
  const [decision, setDecision] = useState<'reassign' | 'close'>('reassign');
  const [dueDate, setDueDate] = useState('');
  const [note, setNote] = useState('');
  const form = useSubmit({
    errors: {
      note: note.trim() ? undefined : t('validation.required'),
      dueDate: decision === 'close' ? undefined : !DATE.test(dueDate) ? t('validation.required') : undefined,
    },
    send: () =>
      api.post<Action>(`/corrective-actions/${a.id}/decision`, {
        decision,
        note: note.trim(),
        ...(decision === 'reassign' ? { dueDate } : {}),
      }),
    invalidates: ['/corrective-actions'],
    sent: () => toast(t('actions.decided')),
  });
  return (
    <form className="stack" onSubmit={form.onSubmit} noValidate aria-label={t('actions.decide')}>
      <h3>{t('actions.decide')}</h3>
      <Field label={t('actions.decide')} required>
        {(p) => (
          <select {...p} value={decision} onChange={(e) => setDecision(e.target.value as 'reassign' | 'close')}>
            <option value="reassign">{t('actions.reassign')}</option>
            <option value="close">{t('actions.close')}</option>
          </select>
        )}
      </Field>
      {decision === 'reassign' ? (
        <Field label={t('actions.newDueDate')} required error={form.shown('dueDate')}>
          {(p) => <input {...p} type="date" min={today()} value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}
        </Field>
      ) : null}
      <Field label={t('actions.field.note')} required error={form.shown('note')}>
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <FormActions error={form.error} busy={form.busy} label={t('actions.decideSubmit')} />
    </form>
  );
}

/** The administration opens an action; from a case's page the source and the merchant come filled in. */
export function NewActionPage({ q }: { q: Record<string, string> }) {
  const { t } = useI18n();
  const toast = useToast();
  const navigate = useNavigateTo();
  const { today } = useSession();
  const [kind, setKind] = useState<ActionSourceKind>(
    (actionSourceKinds as readonly string[]).includes(q.source) ? (q.source as ActionSourceKind) : 'penalty_case',
  );
  const [ref, setRef] = useState(q.ref ?? '');
  const [problem, setProblem] = useState('');
  const [cause, setCause] = useState('');
  const [action, setAction] = useState('');
  const [ownerKind, setOwnerKind] = useState<'merchant' | 'department'>('merchant');
  const [merchantId, setMerchantId] = useState(q.merchantId ?? '');
  const [department, setDepartment] = useState('');
  const [dueDate, setDueDate] = useState('');
  const required = (v: string) => (v.trim() ? undefined : t('validation.required'));
  const form = useSubmit({
    errors: {
      'source.ref': required(ref),
      problem: required(problem),
      cause: required(cause),
      action: required(action),
      'owner.merchantId': ownerKind === 'merchant' ? required(merchantId) : undefined,
      'owner.department': ownerKind === 'department' ? required(department) : undefined,
      dueDate: DATE.test(dueDate) ? undefined : t('validation.required'),
    },
    send: () =>
      api.post<Action>('/corrective-actions', {
        source: { kind, ref: ref.trim() },
        problem: problem.trim(),
        cause: cause.trim(),
        action: action.trim(),
        owner: ownerKind === 'merchant' ? { merchantId } : { department: department.trim() },
        dueDate,
      }),
    invalidates: ['/corrective-actions'],
    sent: (a) => {
      toast(t('actions.opened', { id: a.id }));
      navigate('/actions');
    },
  });
  return (
    <>
      <PageHeader title={t('actions.new')}>
        <Link className="btn btn--ghost" to="/actions">
          {t('common.backToList')}
        </Link>
      </PageHeader>
      <form className="card stack" onSubmit={form.onSubmit} noValidate aria-label={t('actions.new')}>
        <div className="grid grid--2">
          <Field label={t('actions.field.source')} required>
            {(p) => (
              <select {...p} value={kind} onChange={(e) => setKind(e.target.value as ActionSourceKind)}>
                {actionSourceKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`actions.source.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('actions.field.sourceRef')} required error={form.shown('source.ref')}>
            {(p) => <input {...p} value={ref} onChange={(e) => setRef(e.target.value)} />}
          </Field>
        </div>
        <Field label={t('actions.field.problem')} required error={form.shown('problem')}>
          {(p) => <textarea {...p} rows={2} value={problem} onChange={(e) => setProblem(e.target.value)} />}
        </Field>
        <Field label={t('actions.field.cause')} required error={form.shown('cause')}>
          {(p) => <textarea {...p} rows={2} value={cause} onChange={(e) => setCause(e.target.value)} />}
        </Field>
        <Field label={t('actions.field.action')} required error={form.shown('action')}>
          {(p) => <textarea {...p} rows={2} value={action} onChange={(e) => setAction(e.target.value)} />}
        </Field>
        <div className="grid grid--2">
          <Field label={t('actions.field.ownerKind')} required>
            {(p) => (
              <select {...p} value={ownerKind} onChange={(e) => setOwnerKind(e.target.value as 'merchant' | 'department')}>
                <option value="merchant">{t('actions.owner.merchant')}</option>
                <option value="department">{t('actions.owner.department')}</option>
              </select>
            )}
          </Field>
          {ownerKind === 'merchant' ? (
            <MerchantSelect
              label={t('actions.field.merchantId')}
              required
              value={merchantId}
              onChange={setMerchantId}
              error={form.shown('owner.merchantId')}
            />
          ) : (
            <Field label={t('actions.field.department')} required error={form.shown('owner.department')}>
              {(p) => <input {...p} value={department} onChange={(e) => setDepartment(e.target.value)} />}
            </Field>
          )}
          <Field label={t('actions.field.dueDate')} required error={form.shown('dueDate')}>
            {(p) => <input {...p} type="date" min={today()} value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}
          </Field>
        </div>
        <FormActions error={form.error} busy={form.busy} label={t('actions.new')} />
      </form>
    </>
  );
}
