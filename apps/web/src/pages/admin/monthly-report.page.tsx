import type { MonthlyReport } from '@fd/api';
import { opinionChannels, penaltyKinds } from '@fd/api';
import { query } from '../../api/client';
import { isPeriod, oneDecimal, percent } from '../../format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useSession } from '../../session';
import { BarChart, TrendChart, TrendPoint } from '../../ui/charts';
import { ExportButton, PrintButton } from '../../ui/files';
import { Async, Badge, Dl, PageHeader, PeriodPicker, useCardCells, useLoad } from '../../ui/kit';
import { useNavigateTo } from '../../ui/route';

/** The month before `period` (YYYY-MM). */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const sumOf = (v: Record<string, number>) => Object.values(v).reduce((n, x) => n + x, 0);

/**
 * The monthly management report (docs/rules.md#the-monthly-management-report): the mall's
 * figures of a month as it closed, its 12 months before as a chart, violations, cases, opinions
 * and corrective actions, and each merchant's line; the PDF (in Chinese) and the CSV of the same.
 * Last month by default: the last one that has closed.
 */
export function MonthlyReportPage({ q }: { q: Record<string, string> }) {
  const cards = useCardCells();
  const navigate = useNavigateTo();
  const { t, lang } = useI18n();
  const { thisMonth } = useSession();
  const period = isPeriod(q.period ?? '') ? q.period : previousPeriod(thisMonth());
  const loaded = useLoad<MonthlyReport>(`/reports/monthly${query({ period, lang })}`);
  const kindLabel = (k: string) => t(`penaltyKind.${k}` as MessageKey);
  return (
    <>
      <PageHeader title={t('report.title')}>
        <PeriodPicker value={period} onChange={(p) => navigate('/reports/monthly', { period: p })} />
      </PageHeader>
      <Async loaded={loaded}>
        {(r) => {
          const tt = r.totals;
          return (
            <>
              <div className="table-toolbar">
                <span className="muted">{r.closed ? t('report.closed', { period }) : t('report.notClosed', { period })}</span>
                <span>
                  <PrintButton
                    path={`/reports/monthly.pdf${query({ period, lang })}`}
                    label={t('report.pdf')}
                    name={`monthly-report-${period}`}
                  />{' '}
                  <ExportButton
                    path={`/reports/monthly.csv${query({ period })}`}
                    label={t('report.csv')}
                    name={`monthly-report-${period}.csv`}
                  />
                </span>
              </div>
              <section className="card" aria-label={t('report.mall')}>
                <h2>{t('report.mall')}</h2>
                <Dl
                  rows={[
                    [t('scorecard.formsIssued'), <span data-figure="formsIssued">{tt.formsIssued}</span>],
                    [
                      t('report.returned'),
                      <span data-figure="formsFiled">
                        {tt.formsFiled} / {tt.formsDue}
                      </span>,
                    ],
                    [
                      t('scorecard.returnRate'),
                      <span data-figure="returnRate">
                        {percent(tt.returnRate)} {tt.returnRateWarning ? <Badge tone="warn">{t('report.below60')}</Badge> : null}
                      </span>,
                    ],
                    [
                      t('scorecard.satisfactionRate'),
                      <span data-figure="satisfactionRate">
                        {percent(tt.satisfactionRate)} ({t('scorecard.counts', { qualified: tt.qualified, unqualified: tt.unqualified })})
                      </span>,
                    ],
                    [
                      t('report.cases'),
                      <span data-figure="cases">
                        {t('report.casesCounted', {
                          opened: tt.cases.opened,
                          upheld: tt.cases.upheld,
                          dismissed: tt.cases.dismissed,
                          corrected: tt.cases.corrected,
                        })}
                      </span>,
                    ],
                    [t('report.opinions'), <span data-figure="opinions">{tt.opinions.total}</span>],
                    [
                      t('report.actions'),
                      <span data-figure="actions">
                        {t('report.actionsCounted', { opened: tt.actions.opened, closed: tt.actions.closed, overdue: tt.actions.overdue })}
                      </span>,
                    ],
                  ]}
                />
              </section>
              <section className="card">
                <h2>{t('report.trend')}</h2>
                <TrendChart
                  title={t('report.trendTitle', { to: period })}
                  points={r.trend.map((p): TrendPoint => ({ period: p.period, score: p.satisfactionRate, returnRate: p.returnRate }))}
                  scoreLabel={t('scorecard.satisfactionRate')}
                  returnLabel={t('scorecard.returnRate')}
                  noData={t('scorecard.noData')}
                  zeroLabel={t('scorecard.noData')}
                  selected={period}
                  onSelect={(p) => navigate('/reports/monthly', { period: p })}
                />
              </section>
              <div className="columns">
                <section className="card">
                  <h2>{t('report.violations')}</h2>
                  <BarChart
                    title={t('report.violations')}
                    rows={penaltyKinds.map((k) => ({ label: kindLabel(k), count: tt.violations[k] }))}
                  />
                </section>
                <section className="card">
                  <h2>{t('report.byCategory')}</h2>
                  <BarChart title={t('report.byCategory')} rows={tt.opinions.byCategory.map((c) => ({ label: c.label, count: c.count }))} />
                </section>
                <section className="card">
                  <h2>{t('report.byChannel')}</h2>
                  <BarChart
                    title={t('report.byChannel')}
                    rows={opinionChannels.map((c) => ({
                      label: t(`channel.${c}` as MessageKey),
                      count: tt.opinions.byChannel.find((x) => x.channel === c)?.count ?? 0,
                    }))}
                  />
                </section>
              </div>
              <section className="card table-wrap">
                <h2>{t('report.merchants')}</h2>
                <table className="table" aria-label={t('report.merchants')} ref={cards}>
                  <thead>
                    <tr>
                      <th>{t('common.merchant')}</th>
                      <th className="num">{t('scorecard.formsIssued')}</th>
                      <th className="num">{t('report.returned')}</th>
                      <th className="num">{t('scorecard.returnRate')}</th>
                      <th className="num">{t('scorecard.satisfactionRate')}</th>
                      <th className="num">{t('scorecard.score')}</th>
                      <th className="num">{t('report.violationCount')}</th>
                      <th className="num">{t('report.cases')}</th>
                      <th className="num">{t('report.opinions')}</th>
                      <th className="num">{t('report.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.merchants.map((m) => (
                      <tr key={m.merchantId} data-merchant={m.merchantId}>
                        <td>{m.name ? `${m.name} · ${m.stall ?? ''}` : m.merchantId}</td>
                        <td className="num">{m.formsIssued}</td>
                        <td className="num">
                          {m.formsFiled} / {m.formsDue}
                        </td>
                        <td className="num">
                          {percent(m.returnRate)} {m.returnRateWarning ? <Badge tone="warn">{t('report.below60')}</Badge> : null}
                        </td>
                        <td className="num">{percent(m.satisfactionRate)}</td>
                        <td className="num">{oneDecimal(m.score)}</td>
                        <td className="num">{sumOf(m.violations)}</td>
                        <td className="num">
                          {m.cases.opened}/{m.cases.upheld}/{m.cases.dismissed}
                        </td>
                        <td className="num">{m.opinions.total}</td>
                        <td className="num">
                          {m.actions.opened}/{m.actions.closed}/{m.actions.overdue}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="muted">{t('report.legend')}</p>
              </section>
            </>
          );
        }}
      </Async>
    </>
  );
}
