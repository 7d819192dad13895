import { ReactNode, useState } from 'react';
import { penaltyKinds } from '@fd/api';
import { api, query } from '../../api/client';
import type { Page, PenaltyCase } from '../../api/types';
import { centsToYuan, dateTime, yuanToCents } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { ExportButton } from '../../ui/files';
import { FormActions, useSubmit } from '../../ui/form';
import { Async, AsyncList, Badge, Confirm, Dl, Field, MerchantSelect, PageHeader, Table, useLoad, useToast } from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';
import { FormOriginals } from '../../ui/originals';
import { Timeline } from '../../ui/timeline';
import { DateInput } from '../../ui/date-input';
import { CorrectRecord } from '../admin/correct-record';
import { Button, LoadMore, useLoadPages } from '../../ui/kit';

type Audit = Array<{ type: string; at: string; actor?: unknown }>;

/** Where a case stands: the same three names as its violation on the scorecard (`violationStatus.*`). */
export function caseStanding(c: PenaltyCase): 'open' | 'upheld' | 'dismissed' | 'corrected' {
  if (c.status === 'open') return 'open';
  // the record behind it was corrected: not a decision
  if (c.status === 'corrected') return 'corrected';
  return c.decision?.decision === 'dismiss' ? 'dismissed' : 'upheld';
}

const STANDING_TONE = { open: 'warn', upheld: 'bad', dismissed: 'good', corrected: 'good' } as const;

export function CaseStatusBadge({ c }: { c: PenaltyCase }) {
  const { t } = useI18n();
  const standing = caseStanding(c);
  return <Badge tone={STANDING_TONE[standing]}>{t(`violationStatus.${standing}`)}</Badge>;
}

/** The appeal window has passed without an appeal. */
const appealClosed = (c: PenaltyCase, today: string) => !c.appeal && today > c.appealDeadline;

/** Penalty cases: the merchant's own, or the administration's review queue. */
export function CasesPage({ q, route }: { q: Record<string, string>; route: '/cases' | '/review' }) {
  const navigate = useNavigateTo();
  const { t } = useI18n();
  const user = useUser();
  const { merchantName, today } = useSession();
  const status = q.status === 'decided' ? 'decided' : q.status === 'all' ? '' : route === '/review' || q.status === 'open' ? 'open' : '';
  const merchantId = user.role === 'merchant' ? undefined : q.merchantId;
  const kind = penaltyKinds.find((k) => k === q.kind);
  // the review queue: the cases that have waited longest first (their appeal windows closed first)
  const order = route === '/review' ? 'oldest' : undefined;
  const loaded = useLoadPages<Page<PenaltyCase>, string>(
    (cursor) => `/penalty-cases${query({ status, merchantId, kind, order, limit: 50, cursor })}`,
    (page) => page.nextCursor,
  );
  const counted = useLoad<Page<PenaltyCase> & { total: number }>(`/penalty-cases${query({ status, merchantId, kind, limit: 1 })}`);

  return (
    <>
      <PageHeader title={route === '/review' ? t('cases.reviewTitle') : t('cases.title')}>
        <ExportButton
          path={`/penalty-cases/export.csv${query({ status, merchantId })}`}
          label={t('export.cases')}
          name={`penalty-cases${status ? `-${status}` : ''}.csv`}
        />
      </PageHeader>
      <div className="filters card">
        <div className="segmented" role="group" aria-label={t('common.status')}>
          {(
            [
              ['open', t('violationStatus.open')],
              ['decided', t('caseStatus.decided')],
              ['all', t('common.all')],
            ] as const
          ).map(([s, label]) => (
            <button
              key={s}
              type="button"
              aria-pressed={(status || 'all') === s}
              className={(status || 'all') === s ? 'active' : ''}
              onClick={() => navigate(route, { status: s, merchantId, kind })}
            >
              {label}
            </button>
          ))}
        </div>
        {user.role !== 'merchant' ? (
          <MerchantSelect
            label={t('common.merchant')}
            value={merchantId ?? ''}
            allowNone={t('common.all')}
            onChange={(id) => navigate(route, { status: status || 'all', merchantId: id, kind })}
          />
        ) : null}
        <Field label={t('cases.kindFilter')}>
          {(p) => (
            <select
              {...p}
              value={kind ?? ''}
              onChange={(e) => navigate(route, { status: status || 'all', merchantId, kind: e.target.value || undefined })}
            >
              <option value="">{t('common.all')}</option>
              {penaltyKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`penaltyKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {counted.data ? (
        <p className="muted list-count" role="status" data-total={counted.data.total}>
          {status === 'open' ? t('cases.totalOpen', { count: counted.data.total }) : t('cases.total', { count: counted.data.total })}
          {route === '/review' && status === 'open' && counted.data.total > 0 ? ` · ${t('cases.oldestFirst')}` : ''}
        </p>
      ) : null}
      <AsyncList loaded={loaded} empty={status === 'open' ? t('cases.emptyOpen') : t('cases.empty')}>
        {(items) => (
          <Table
            label={t('cases.title')}
            first={[t('common.status'), t('cases.appealDeadline')]}
            columns={[
              t('cases.id'),
              user.role !== 'merchant' ? t('common.merchant') : null,
              t('cases.kind'),
              t('form.serial'),
              t('common.period'),
              t('cases.appealDeadline'),
              t('common.status'),
            ]}
            after={<LoadMore more={loaded.more} />}
          >
            {items.map((c) => (
              <tr key={c.id} data-case={c.id}>
                <td>
                  <Link to={`/cases/${c.id}`}>
                    <code>{c.id}</code>
                  </Link>
                </td>
                {user.role !== 'merchant' ? <td>{merchantName(c.merchantId)}</td> : null}
                <td>{t(`penaltyKind.${c.kind}`)}</td>
                <td>{c.serial ? <code>{c.serial}</code> : '—'}</td>
                <td>{c.period}</td>
                <td>
                  {c.appealDeadline}
                  {c.appeal ? (
                    <>
                      {' '}
                      <Badge tone="info">{t('cases.appealed')}</Badge>
                    </>
                  ) : appealClosed(c, today()) ? (
                    <>
                      {' '}
                      <Badge>{t('cases.appealClosedShort')}</Badge>
                    </>
                  ) : null}
                </td>
                <td>
                  <CaseStatusBadge c={c} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </AsyncList>
    </>
  );
}

/** One case: what it is about, the evidence, the appeal (merchant) and the decision (administration). */
export function CaseDetailPage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const user = useUser();
  const { merchantName, today } = useSession();
  const loaded = useLoad<PenaltyCase & { audit?: Audit }>(`/penalty-cases/${encodeURIComponent(caseId)}`);
  const [decided, setDecided] = useState(false);
  return (
    <>
      <PageHeader title={t('cases.detailTitle', { id: caseId })}>
        {user.role === 'admin' ? (
          <Link
            className="btn"
            to="/actions/new"
            query={{ source: 'penalty_case', ref: caseId, ...(loaded.data ? { merchantId: loaded.data.merchantId } : {}) }}
          >
            {t('actions.openFromCase')}
          </Link>
        ) : null}
        <Link className="btn btn--ghost" to={user.role === 'admin' ? '/review' : '/cases'}>
          {t('common.backToList')}
        </Link>
      </PageHeader>
      <Async loaded={loaded}>
        {(c) => {
          const windowOpen = c.status === 'open' && !c.appeal && today() <= c.appealDeadline;
          return (
            <div className="columns">
              <div className="stack">
                <section className="card">
                  <h2>{t('cases.about')}</h2>
                  <Dl
                    rows={[
                      [t('common.status'), <CaseStatusBadge c={c} />],
                      [
                        t('common.merchant'),
                        user.role === 'merchant' ? (
                          merchantName(c.merchantId)
                        ) : (
                          <Link to={`/merchants/${c.merchantId}/scorecard`} query={{ period: c.period }}>
                            {merchantName(c.merchantId)}
                          </Link>
                        ),
                      ],
                      [t('cases.kind'), `${t(`penaltyKind.${c.kind}`)} — ${t(`penaltyKind.${c.kind}.explained`)}`],
                      [
                        t('form.serial'),
                        c.serial ? (
                          <Link to={`/forms/${c.serial}`}>
                            <code>{c.serial}</code>
                          </Link>
                        ) : (
                          '—'
                        ),
                      ],
                      [
                        t('common.period'),
                        <Link to={`/merchants/${c.merchantId}/scorecard`} query={{ period: c.period }}>
                          {c.period}
                        </Link>,
                      ],
                      [t('cases.openedAt'), dateTime(c.openedAt)],
                      [t('cases.appealDeadline'), c.appealDeadline],
                    ]}
                  />
                </section>
                <section className="card" aria-label={t('cases.appeal')}>
                  <h2>{t('cases.appeal')}</h2>
                  {c.appeal ? (
                    <blockquote className="appeal" data-appeal>
                      <p className="pre">{c.appeal.statement}</p>
                      <footer className="muted">{t('cases.appealSubmittedAt', { at: dateTime(c.appeal.submittedAt) })}</footer>
                    </blockquote>
                  ) : c.appealWaivedAt ? (
                    <p className="muted" data-appeal-waived>
                      {t('cases.appealWaivedAt', { at: dateTime(c.appealWaivedAt) })}
                    </p>
                  ) : user.role === 'merchant' && windowOpen ? (
                    <>
                      <AppealForm caseId={c.id} deadline={c.appealDeadline} />
                      <WaiveAppeal caseId={c.id} />
                    </>
                  ) : (
                    <p className="muted" data-appeal-window={appealClosed(c, today()) ? 'closed' : undefined}>
                      {appealClosed(c, today())
                        ? t('cases.appealClosed', { date: c.appealDeadline })
                        : c.status === 'open'
                          ? t('cases.noAppealYet', { date: c.appealDeadline })
                          : t('cases.noAppeal')}
                    </p>
                  )}
                </section>
                <section className="card" aria-label={t('cases.decision')}>
                  <h2>{t('cases.decision')}</h2>
                  {c.correction ? (
                    <Dl
                      rows={[
                        [t('cases.decision'), <CaseStatusBadge c={c} />],
                        [t('cases.correctionReason'), c.correction.reason],
                        [t('cases.correctedAt'), dateTime(c.correction.correctedAt)],
                      ]}
                    />
                  ) : c.decision ? (
                    <Dl
                      rows={[
                        [t('cases.decision'), <CaseStatusBadge c={c} />],
                        [t('cases.decisionReason'), c.decision.reason],
                        ...(c.decision.fineCents
                          ? [[t('cases.fineYuan'), `¥${centsToYuan(c.decision.fineCents)}`] as [string, string]]
                          : []),
                        ...(c.decision.fineCents
                          ? [
                              [
                                t('cases.finePayment'),
                                c.finePayment ? (
                                  <span data-fine="paid">
                                    {t('cases.finePaid', { date: c.finePayment.paidOn, receipt: c.finePayment.receiptNo })}
                                  </span>
                                ) : (
                                  <Badge tone="warn">{t('cases.fineUnpaid')}</Badge>
                                ),
                              ] as [string, ReactNode],
                            ]
                          : []),
                        ...(c.decision.suspendedUntil ? [[t('cases.suspendedUntil'), c.decision.suspendedUntil] as [string, string]] : []),
                        [t('cases.decidedAt'), dateTime(c.decision.decidedAt)],
                      ]}
                    />
                  ) : user.role === 'admin' && c.decidableFrom && today() < c.decidableFrom ? (
                    // the merchant may still appeal: deciding now would take that away (docs/rules.md, example R8)
                    <p className="muted" data-decidable-from={c.decidableFrom}>
                      {t('cases.decidableFrom', { date: c.decidableFrom })}
                    </p>
                  ) : user.role === 'admin' ? (
                    <DecisionForm c={c} onDecided={() => setDecided(true)} />
                  ) : (
                    <p className="muted">{t('cases.awaitingDecision')}</p>
                  )}
                  {c.decision?.fineCents && !c.finePayment && user.role === 'admin' ? <FinePaymentForm c={c} /> : null}
                  {c.decision && user.role === 'admin' ? <NextCase after={c.id} focus={decided} /> : null}
                  {c.correction ? <p className="muted">{t('cases.correctedNote')}</p> : null}
                </section>
                {user.role === 'admin' && c.status === 'open' ? <CorrectRecord c={c} /> : null}
              </div>
              <section className="card">
                <h2>{t('cases.evidence')}</h2>
                <p className="muted small">{t('cases.evidenceHelp')}</p>
                <Timeline entries={c.timeline} />
                {c.audit?.length ? (
                  <>
                    <h3 className="subhead">{t('cases.audit')}</h3>
                    <Timeline entries={c.audit} />
                  </>
                ) : null}
              </section>
              {c.serial ? <FormOriginals serial={c.serial} canAttach={false} /> : null}
            </div>
          );
        }}
      </Async>
    </>
  );
}

function AppealForm({ caseId, deadline }: { caseId: string; deadline: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [statement, setStatement] = useState('');
  const form = useSubmit({
    errors: { statement: !statement.trim() ? t('validation.required') : undefined },
    send: () => api.post(`/penalty-cases/${encodeURIComponent(caseId)}/appeal`, { statement: statement.trim() }),
    invalidates: ['/penalty-cases'],
    sent: () => {
      toast(t('cases.appealDone', { id: caseId }));
    },
    // a refusal is told in its box alone, and stays there until a statement is given
    fieldErrorsOf: () => ({}),
    keepRefusalUntilValid: true,
    // a case takes one appeal, which cannot be changed once sent
    confirmFirst: true,
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="stack" aria-label={t('cases.appealForm')}>
      <p>{t('cases.appealOpenUntil', { date: deadline })}</p>
      <Field label={t('cases.appealStatement')} required error={form.shown('statement')} hint={t('cases.appealHint')}>
        {(p) => <textarea {...p} rows={5} value={statement} onChange={(e) => setStatement(e.target.value)} />}
      </Field>
      {form.confirming ? (
        <Confirm
          label={t('cases.submitAppeal')}
          confirmLabel={t('cases.confirmAppealSubmit')}
          busy={form.busy}
          error={form.error}
          onConfirm={form.confirm}
          onCancel={form.cancel}
        >
          {t('cases.confirmAppeal', { id: caseId })}
        </Confirm>
      ) : (
        <FormActions error={form.error} busy={form.busy} label={t('cases.submitAppeal')} />
      )}
    </form>
  );
}

/** The merchant accepts the case without appealing, so the administration may decide it now (docs/rules.md, example R8). */
function WaiveAppeal({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const form = useSubmit({
    errors: {},
    send: () => api.post(`/penalty-cases/${encodeURIComponent(caseId)}/waiver`, {}),
    invalidates: ['/penalty-cases'],
    sent: () => toast(t('cases.waiverDone', { id: caseId })),
    confirmFirst: true,
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="stack" aria-label={t('cases.waiveAppeal')}>
      {form.confirming ? (
        <Confirm
          label={t('cases.waiveAppeal')}
          confirmLabel={t('cases.confirmWaive')}
          busy={form.busy}
          error={form.error}
          onConfirm={form.confirm}
          onCancel={form.cancel}
        >
          {t('cases.confirmWaiveText', { id: caseId })}
        </Confirm>
      ) : (
        <FormActions error={form.error} busy={form.busy} label={t('cases.waiveAppeal')} />
      )}
    </form>
  );
}

/** The administration records an upheld case's fine as paid, from its receipt (docs/rules.md, example R9). */
function FinePaymentForm({ c }: { c: PenaltyCase }) {
  const { t } = useI18n();
  const { today } = useSession();
  const toast = useToast();
  const [paidOn, setPaidOn] = useState(today());
  const [receiptNo, setReceiptNo] = useState('');
  const decidedOn = c.decision?.decidedOn ?? today();
  const form = useSubmit({
    errors: {
      paidOn: !paidOn || paidOn < decidedOn || paidOn > today() ? t('cases.paidOnRange', { from: decidedOn, to: today() }) : undefined,
      receiptNo: !receiptNo.trim() ? t('validation.required') : undefined,
    },
    send: () => api.post(`/penalty-cases/${encodeURIComponent(c.id)}/fine-payment`, { paidOn, receiptNo: receiptNo.trim() }),
    invalidates: ['/penalty-cases'],
    sent: () => toast(t('cases.finePaymentDone', { id: c.id })),
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="stack" aria-label={t('cases.finePaymentForm')}>
      <h3 className="subhead">{t('cases.finePaymentForm')}</h3>
      <Field label={t('cases.paidOn')} required error={form.shown('paidOn')}>
        {(p) => <DateInput {...p} min={decidedOn} max={today()} value={paidOn} onChange={setPaidOn} />}
      </Field>
      <Field label={t('cases.receiptNo')} required error={form.shown('receiptNo')}>
        {(p) => <input {...p} value={receiptNo} maxLength={60} onChange={(e) => setReceiptNo(e.target.value)} />}
      </Field>
      <FormActions error={form.error} busy={form.busy} label={t('cases.recordFinePayment')} />
    </form>
  );
}

/**
 * After a decision: straight to the next case of the review queue (the oldest still open), or
 * word that none is left. Just after deciding, the focus moves to it.
 */
function NextCase({ after, focus }: { after: string; focus: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigateTo();
  const next = useLoad<Page<PenaltyCase> & { total: number }>(`/penalty-cases${query({ status: 'open', order: 'oldest', limit: 1 })}`);
  if (!next.data) return null;
  const [c] = next.data.items.filter((n) => n.id !== after);
  return (
    <div className="next-case" data-next-case={c?.id ?? ''}>
      {c ? (
        <Button kind="primary" autoFocus={focus} onClick={() => navigate(`/cases/${c.id}`)}>
          {t('cases.nextCase', { count: next.data.total })}
        </Button>
      ) : (
        <p className="muted" role="status">
          {t('cases.queueEmpty')}
        </p>
      )}
    </div>
  );
}

function DecisionForm({ c, onDecided }: { c: PenaltyCase; onDecided: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [decision, setDecision] = useState<'uphold' | 'dismiss' | ''>('');
  const [reason, setReason] = useState('');
  const [fine, setFine] = useState('');
  const [days, setDays] = useState('');
  const form = useSubmit({
    errors: {
      decision: !decision ? t('validation.chooseDecision') : undefined,
      reason: !reason.trim() ? t('validation.required') : undefined,
      fineCents: fine.trim() && yuanToCents(fine) === null ? t('validation.amount') : undefined,
      suspendDays: days.trim() && !(/^\d+$/.test(days.trim()) && Number(days) <= 3650) ? t('validation.wholeDays') : undefined,
    },
    live: (k) => k === 'fineCents' || k === 'suspendDays',
    send: () => {
      const fineCents = decision === 'uphold' && fine.trim() ? (yuanToCents(fine) ?? undefined) : undefined;
      const suspendDays = decision === 'uphold' && days.trim() ? Number(days) : undefined;
      return api.post(`/penalty-cases/${encodeURIComponent(c.id)}/decision`, {
        decision,
        reason: reason.trim(),
        ...(fineCents ? { fineCents } : {}),
        ...(suspendDays ? { suspendDays } : {}),
      });
    },
    // the case and the lists of cases; a suspension shows on the merchants, a decision in the scores
    invalidates: ['/penalty-cases', '/merchants', '/scores'],
    sent: () => {
      toast(decision === 'dismiss' ? t('cases.dismissed', { id: c.id }) : t('cases.upheld', { id: c.id }));
      onDecided();
    },
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="stack" aria-label={t('cases.decisionForm')}>
      {c.status === 'open' && !c.appeal ? <p className="muted">{t('cases.decideNote', { date: c.appealDeadline })}</p> : null}
      <div className={`field ${form.shown('decision') ? 'field--invalid' : ''}`} role="radiogroup" aria-label={t('cases.decision')}>
        <span className="field__label">
          {t('cases.decision')}{' '}
          <span className="required" aria-hidden="true">
            *
          </span>
        </span>
        <div className="choice-buttons">
          {(['uphold', 'dismiss'] as const).map((d) => (
            <button
              key={d}
              type="button"
              role="radio"
              aria-checked={decision === d}
              className={`choice choice--${d} ${decision === d ? 'choice--chosen' : ''}`}
              onClick={() => setDecision(d)}
            >
              {t(`decision.${d}.action`)}
            </button>
          ))}
        </div>
        {form.shown('decision') ? <div className="field__error">{form.shown('decision')}</div> : null}
      </div>
      <Field
        label={t('cases.decisionReason')}
        required
        error={form.shown('reason')}
        hint={decision === 'dismiss' ? t('cases.dismissHint') : undefined}
      >
        {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {decision === 'uphold' ? (
        <div className="grid grid--2">
          <Field label={t('cases.fineYuan')} error={form.shown('fineCents')} hint={t('common.optional')}>
            {(p) => <input {...p} inputMode="decimal" value={fine} onChange={(e) => setFine(e.target.value)} placeholder="0.00" />}
          </Field>
          <Field label={t('cases.suspendDays')} error={form.shown('suspendDays')} hint={t('cases.suspendHint')}>
            {(p) => <input {...p} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />}
          </Field>
        </div>
      ) : null}
      <FormActions
        error={form.error}
        busy={form.busy}
        kind={decision === 'uphold' ? 'danger' : 'primary'}
        label={t('cases.submitDecision')}
      />
    </form>
  );
}
