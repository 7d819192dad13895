import { query } from '../../api/client';
import type { Merchant, Scorecard } from '../../api/types';
import { isPeriod, oneDecimal, percent } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { TrendChart, TrendPoint } from '../../ui/charts';
import { Async, Badge, Empty, ErrorState, Loading, PageHeader, PeriodPicker, Table, useLoad } from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';
import { FormStatusBadge } from './forms.page';

interface TrendAnswer {
  items?: Array<{ period: string; score: number | null; returnRate: number | null }>;
}

const VIOLATION_TONE: Record<string, 'bad' | 'warn' | 'neutral'> = {
  open: 'warn',
  upheld: 'bad',
  dismissed: 'neutral',
  corrected: 'neutral',
};

/** One merchant's evaluation of a month, each figure explained by the forms and violations behind it. */
export function ScorecardPage({ merchantId, q }: { merchantId: string; q: Record<string, string> }) {
  const navigate = useNavigateTo();
  const { t } = useI18n();
  const user = useUser();
  const { thisMonth } = useSession();
  const period = isPeriod(q.period ?? '') ? q.period : thisMonth();
  const setPeriod = (p: string) => navigate(`/merchants/${merchantId}/scorecard`, { period: p });
  const merchant = useLoad<Merchant>(`/merchants/${encodeURIComponent(merchantId)}`);
  const card = useLoad<Scorecard>(`/merchants/${encodeURIComponent(merchantId)}/scores${query({ period })}`);
  const trend = useLoad<TrendAnswer>(`/merchants/${encodeURIComponent(merchantId)}/scores/trend${query({ to: period })}`);

  // another merchant's page is refused by the API: say so plainly instead of showing half a page
  if (merchant.error) return <ErrorState error={merchant.error} retry={merchant.reload} />;

  const title = merchant.data ? `${merchant.data.name} · ${merchant.data.stall}` : '';
  return (
    <>
      <PageHeader title={t('scorecard.title')}>
        <PeriodPicker value={period} onChange={setPeriod} />
      </PageHeader>
      <p className="lead">
        {title}
        {merchant.data?.suspendedUntil ? (
          <>
            {' '}
            <Badge tone="bad">{t('merchants.suspendedUntil', { date: merchant.data.suspendedUntil })}</Badge>
          </>
        ) : null}
      </p>
      <Async loaded={card}>{(c) => <ScorecardBody card={c} canSeeCases={user.role !== 'clerk'} />}</Async>
      <section className="card">
        <h2>{t('scorecard.trend')}</h2>
        {trend.error ? (
          <ErrorState error={trend.error} retry={trend.reload} />
        ) : !trend.data ? (
          <Loading />
        ) : (
          <TrendChart
            title={t('scorecard.trendTitle', { to: period })}
            points={(trend.data.items ?? []).map((p): TrendPoint => ({ period: p.period, score: p.score, returnRate: p.returnRate }))}
            scoreLabel={t('scorecard.score')}
            returnLabel={t('scorecard.returnRate')}
            noData={t('scorecard.noData')}
            zeroLabel={t('scorecard.zeroLegend')}
            selected={period}
            onSelect={setPeriod}
          />
        )}
      </section>
    </>
  );
}

/** The count and 95 % Wilson interval beside a satisfaction rate, and whether it is too few to compare (docs/rules.md#figures). */
export function SampleNote({
  row,
}: {
  row: Pick<Scorecard, 'satisfactionCount' | 'satisfactionLower' | 'satisfactionUpper' | 'tooFewToCompare'>;
}) {
  const { t } = useI18n();
  if (row.satisfactionLower === null || row.satisfactionUpper === null) return null;
  return (
    <div className="stat__note" data-sample={row.satisfactionCount}>
      <span data-interval>
        {t('sample.interval', { lower: percent(row.satisfactionLower), upper: percent(row.satisfactionUpper), n: row.satisfactionCount })}
      </span>
      {row.tooFewToCompare ? (
        <>
          {' '}
          <span data-too-few>
            <Badge tone="neutral">{t('sample.tooFew')}</Badge>
          </span>
        </>
      ) : null}
    </div>
  );
}

function ScorecardBody({ card: c, canSeeCases }: { card: Scorecard; canSeeCases: boolean }) {
  const { t } = useI18n();
  const standing = (c.violations ?? []).filter((v) => v.status !== 'dismissed' && v.status !== 'corrected');
  const scoreExplained =
    c.score === null
      ? t('scorecard.why.noData')
      : c.score === 0 && standing.length > 0
        ? t('scorecard.why.zero', { n: standing.length })
        : t('scorecard.why.rate', { rate: oneDecimal(c.satisfactionRate) });
  return (
    <>
      <div className="stats" data-period={c.period}>
        <div className={`stat ${c.score === 0 ? 'stat--bad' : ''}`} data-stat="score">
          <div className="stat__label">{t('scorecard.score')}</div>
          <div className="stat__value">{c.score === null ? t('scorecard.noData') : oneDecimal(c.score)}</div>
          <div className="stat__note">{scoreExplained}</div>
        </div>
        <div className="stat" data-stat="satisfaction">
          <div className="stat__label">{t('scorecard.satisfactionRate')}</div>
          <div className="stat__value">{percent(c.satisfactionRate, t('scorecard.noData'))}</div>
          <div className="stat__note">
            {c.satisfactionRate === null
              ? t('scorecard.why.noneFiled')
              : t('scorecard.why.satisfaction', { q: c.qualified, total: c.qualified + c.unqualified })}
          </div>
          <SampleNote row={c} />
        </div>
        <div className={`stat ${c.returnRateWarning ? 'stat--warn' : ''}`} data-stat="return">
          <div className="stat__label">{t('scorecard.returnRate')}</div>
          <div className="stat__value">{percent(c.returnRate, t('scorecard.noData'))}</div>
          <div className="stat__note">
            {c.returnRate === null ? t('scorecard.why.noneDue') : t('scorecard.why.return', { filed: c.formsFiled, due: c.formsDue })}
            {c.returnRateWarning ? (
              <>
                {' '}
                <Badge tone="warn">{t('scores.warning')}</Badge>
              </>
            ) : null}
          </div>
        </div>
        <div className="stat stat--plain">
          <div className="stat__label">{t('scorecard.formsIssued')}</div>
          <div className="stat__value">{c.formsIssued}</div>
          <div className="stat__note">{t('scorecard.counts', { qualified: c.qualified, unqualified: c.unqualified })}</div>
        </div>
      </div>

      <section className="card" aria-label={t('scorecard.violations')}>
        <h2>{t('scorecard.violations')}</h2>
        {(c.violations ?? []).length === 0 ? (
          <Empty>{t('scorecard.noViolations')}</Empty>
        ) : (
          <ul className="violations">
            {(c.violations ?? []).map((v) => (
              <li key={v.id} className={`violation violation--${v.status}`} data-violation={v.id}>
                <Badge tone={VIOLATION_TONE[v.status] ?? 'neutral'}>{t(`violationStatus.${v.status}` as 'violationStatus.open')}</Badge>{' '}
                <strong>{t(`penaltyKind.${v.kind}`)}</strong>
                <span className="muted"> — {t(`penaltyKind.${v.kind}.explained`)}</span>
                <div className="violation__links">
                  {v.serial ? (
                    <Link to={`/forms/${v.serial}`}>
                      {t('scorecard.form')} <code>{v.serial}</code>
                    </Link>
                  ) : null}
                  {v.caseId && canSeeCases ? <Link to={`/cases/${v.caseId}`}>{t('scorecard.case', { id: v.caseId })}</Link> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>{t('scorecard.formsBehind')}</h2>
        {(c.forms ?? []).length === 0 ? (
          <Empty>{t('scorecard.noForms')}</Empty>
        ) : (
          <Table
            label={t('scorecard.formsBehind')}
            className="table-wrap"
            first={[t('common.status'), t('form.rating'), t('scorecard.countedAs')]}
            columns={[
              t('form.serial'),
              t('form.plannedDate'),
              t('form.dueDate'),
              t('common.status'),
              t('form.rating'),
              t('scorecard.countedAs'),
            ]}
          >
            {(c.forms ?? []).map((f) => (
              <tr key={f.serial}>
                <td>
                  <Link to={`/forms/${f.serial}`}>
                    <code>{f.serial}</code>
                  </Link>
                </td>
                <td>{f.plannedDate}</td>
                <td>{f.dueDate ?? '—'}</td>
                <td>
                  <FormStatusBadge status={f.status} />
                </td>
                <td>
                  {f.rating ? t(`rating.${f.rating}`) : '—'}
                  {f.staffCertified === false ? (
                    <>
                      {' '}
                      <Badge tone="bad">{t('form.uncertified')}</Badge>
                    </>
                  ) : null}
                </td>
                <td>
                  <Badge tone={f.counted === 'qualified' ? 'good' : f.counted === 'unqualified' ? 'bad' : 'neutral'}>
                    {t(`counted.${f.counted}`)}
                  </Badge>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </>
  );
}
