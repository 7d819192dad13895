import { query } from '../../api/client';
import type { OpinionSummary } from '../../api/types';
import { isPeriod } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { BarChart } from '../../ui/charts';
import { Async, Empty, PageHeader, PeriodPicker, useCardCells, useLoad } from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';

/** The register counted by category and merchant, so the main causes stand out. */
export function OpinionSummaryPage({ q }: { q: Record<string, string> }) {
  const cards = useCardCells();
  const navigate = useNavigateTo();
  const { t, lang } = useI18n();
  const { thisMonth, merchantName } = useSession();
  const period = isPeriod(q.period ?? '') ? q.period : thisMonth();
  const loaded = useLoad<OpinionSummary>(`/opinions/summary${query({ period, lang })}`);
  const nameOf = (id: string | null) => (id ? merchantName(id) : t('opinions.noMerchant'));
  return (
    <>
      <PageHeader title={t('summary.title')}>
        <PeriodPicker value={period} onChange={(p) => navigate('/opinions/summary', { period: p })} />
      </PageHeader>
      <Async loaded={loaded}>
        {(s) =>
          !s.total && !(s.byCategory ?? []).length ? (
            <Empty>{t('summary.empty', { period })}</Empty>
          ) : (
            <>
              <p className="lead">{t('summary.total', { n: s.total ?? 0, period })}</p>
              <div className="columns">
                <section className="card">
                  <h2>{t('summary.byCategory')}</h2>
                  <BarChart title={t('summary.byCategory')} rows={(s.byCategory ?? []).map((r) => ({ label: r.label, count: r.count }))} />
                </section>
                <section className="card">
                  <h2>{t('summary.byMerchant')}</h2>
                  <BarChart
                    title={t('summary.byMerchant')}
                    rows={(s.byMerchant ?? []).map((r) => ({ label: nameOf(r.merchantId), count: r.count }))}
                  />
                </section>
              </div>
              <section className="card table-wrap">
                <h2>{t('summary.byBoth')}</h2>
                <table className="table" ref={cards}>
                  <thead>
                    <tr>
                      <th>{t('opinions.category')}</th>
                      <th>{t('common.merchant')}</th>
                      <th className="num">{t('summary.count')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(s.byCategoryAndMerchant ?? []).map((r) => (
                      <tr key={`${r.category}|${r.merchantId}`}>
                        <td data-category={r.category}>{r.label}</td>
                        <td>{nameOf(r.merchantId)}</td>
                        <td className="num">{r.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>
                  <Link to="/opinions" query={{ period }}>
                    {t('summary.seeRegister')}
                  </Link>
                </p>
              </section>
            </>
          )
        }
      </Async>
    </>
  );
}
