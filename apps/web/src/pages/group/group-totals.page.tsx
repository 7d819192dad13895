import { formStatuses, type GroupTotals } from '@fd/api';
import { query } from '../../api/client';
import { isPeriod, oneDecimal } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { Async, Empty, PageHeader, PeriodPicker, Table, useLoad } from '../../ui/kit';
import { useNavigateTo } from '../../ui/route';

/**
 * The mall group's totals (GET /group/totals): one row per mall of a month, for the group
 * administration to compare the malls. The current month by default, as the server counts it (in
 * the default mall's time zone).
 */
export function GroupTotalsPage({ q }: { q: Record<string, string> }) {
  const navigate = useNavigateTo();
  const { t } = useI18n();
  const { thisMonth } = useSession();
  const asked = isPeriod(q.period ?? '') ? q.period : undefined;
  // without a month asked for, the server's current month (the default mall's)
  const loaded = useLoad<GroupTotals>(`/group/totals${query({ period: asked })}`);
  const period = asked ?? loaded.data?.period ?? thisMonth();
  const mallHead = t('groupTotals.mall');
  return (
    <>
      <PageHeader title={t('groupTotals.title')}>
        <PeriodPicker value={period} onChange={(p) => navigate('/group/totals', { period: p })} />
      </PageHeader>
      <p className="muted">{t('groupTotals.intro')}</p>
      <Async loaded={loaded}>
        {(r) =>
          r.malls.length === 0 ? (
            <Empty>{t('groupTotals.empty')}</Empty>
          ) : (
            <Table
              label={t('groupTotals.title')}
              first={[mallHead]}
              columns={[
                mallHead,
                t('groupTotals.merchants'),
                t('groupTotals.evaluated'),
                t('groupTotals.zeroed'),
                t('groupTotals.average'),
                ...formStatuses.map((s) => t(`formStatus.${s}`)),
                t('groupTotals.casesOpen'),
                t('groupTotals.casesTotal'),
              ]}
            >
              {r.malls.map((m) => (
                <tr key={m.mallId} data-mall={m.mallId}>
                  <td>
                    <code>{m.mallId}</code>
                  </td>
                  <td className="num">{m.merchants}</td>
                  <td className="num">{m.merchantsEvaluated}</td>
                  <td className={`num ${m.merchantsZeroed > 0 ? 'num--bad' : ''}`}>{m.merchantsZeroed}</td>
                  <td className="num">{oneDecimal(m.averageScore)}</td>
                  {formStatuses.map((s) => (
                    <td key={s} className="num">
                      {m.forms[s]}
                    </td>
                  ))}
                  <td className="num">{m.penaltyCases.open}</td>
                  <td className="num">{m.penaltyCases.total}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </Async>
    </>
  );
}
