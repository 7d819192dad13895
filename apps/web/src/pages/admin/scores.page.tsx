import { useState } from 'react';
import { query } from '../../api/client';
import type { Scorecard } from '../../api/types';
import { isPeriod, oneDecimal, percent } from '../../format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useSession } from '../../session';
import { ExportButton } from '../../ui/files';
import { AsyncList, Badge, Button, PageHeader, PeriodPicker, useCardCells, useLoad } from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';
import { SampleNote } from '../shared/scorecard.page';

interface ScoreRow extends Scorecard {
  name?: string | null;
  stall?: string | null;
}

type Column = { key: keyof ScoreRow | 'merchant'; label: MessageKey; numeric?: boolean };

const COLUMNS: Column[] = [
  { key: 'merchant', label: 'common.merchant' },
  { key: 'score', label: 'scorecard.score', numeric: true },
  { key: 'satisfactionRate', label: 'scorecard.satisfactionRate', numeric: true },
  { key: 'returnRate', label: 'scorecard.returnRate', numeric: true },
  { key: 'formsIssued', label: 'scorecard.formsIssued', numeric: true },
  { key: 'formsDue', label: 'scorecard.formsDue', numeric: true },
  { key: 'formsFiled', label: 'scorecard.formsFiled', numeric: true },
  { key: 'qualified', label: 'scorecard.qualified', numeric: true },
  { key: 'unqualified', label: 'scorecard.unqualified', numeric: true },
];

/** Every merchant's evaluation of a month, sortable, with low return rates highlighted. */
export function ScoresPage({ q }: { q: Record<string, string> }) {
  const cards = useCardCells();
  const navigate = useNavigateTo();
  const { t } = useI18n();
  const { thisMonth, merchantName } = useSession();
  const period = isPeriod(q.period ?? '') ? q.period : thisMonth();
  const [sort, setSort] = useState<{ key: Column['key']; dir: 1 | -1 }>({ key: 'merchant', dir: 1 });
  // ranked by the lower bound of the satisfaction rate, in the order the scoring gives (docs/rules.md#figures)
  const byLowerBound = q.sort === 'lowerBound';
  const loaded = useLoad<{ period: string; items: ScoreRow[] }>(
    `/scores${query({ period, sort: byLowerBound ? 'lowerBound' : undefined })}`,
  );
  const nameOf = (r: ScoreRow) => (r.name ? `${r.name} · ${r.stall ?? ''}` : merchantName(r.merchantId));

  const sorted = (rows: ScoreRow[]) =>
    byLowerBound
      ? rows
      : [...rows].sort((a, b) => {
          if (sort.key === 'merchant') return nameOf(a).localeCompare(nameOf(b), 'zh-Hant') * sort.dir;
          const x = a[sort.key] as number | null;
          const y = b[sort.key] as number | null;
          // "no data" sorts after every number, whichever the direction
          if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
          if (y === null || y === undefined) return -1;
          return (x - y) * sort.dir;
        });

  return (
    <>
      <PageHeader title={t('scores.title')}>
        <PeriodPicker value={period} onChange={(p) => navigate('/scores', { period: p, sort: q.sort })} />
      </PageHeader>
      <AsyncList loaded={loaded} empty={t('scores.empty')}>
        {(items) => (
          <div className="card table-wrap">
            <div className="table-toolbar">
              <span className="muted">
                {t('scores.legend')} <Badge tone="warn">{t('scores.warning')}</Badge>
              </span>
              <Button
                kind={byLowerBound ? 'primary' : 'secondary'}
                aria-pressed={byLowerBound}
                data-rank-lower-bound
                onClick={() => navigate('/scores', { period, sort: byLowerBound ? undefined : 'lowerBound' })}
              >
                {t('scores.rankByLowerBound')}
              </Button>
              <ExportButton path={`/scores/export.csv${query({ period })}`} label={t('export.scores')} name={`scores-${period}.csv`} />
            </div>
            <table className="table table--sortable" aria-label={t('scores.title')} ref={cards}>
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th
                      key={c.key}
                      aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
                      className={c.numeric ? 'num' : ''}
                    >
                      <button
                        type="button"
                        onClick={() => {
                          // a column's sort leaves the ranking by the lower bound
                          if (byLowerBound) navigate('/scores', { period });
                          setSort((s) => ({ key: c.key, dir: s.key === c.key ? (-s.dir as 1 | -1) : c.numeric ? -1 : 1 }));
                        }}
                      >
                        {t(c.label)}
                        <span aria-hidden="true" className="sort-mark">
                          {sort.key === c.key ? (sort.dir === 1 ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sorted(items).map((r) => (
                  <tr key={r.merchantId} className={r.returnRateWarning ? 'row--warn' : ''} data-merchant={r.merchantId}>
                    <td>
                      <Link to={`/merchants/${r.merchantId}/scorecard`} query={{ period }}>
                        {nameOf(r)}
                      </Link>
                    </td>
                    <td className={`num ${r.score === 0 ? 'num--bad' : ''}`}>{oneDecimal(r.score)}</td>
                    <td className="num">
                      {percent(r.satisfactionRate)}
                      <SampleNote row={r} />
                    </td>
                    <td className="num">
                      {percent(r.returnRate)}
                      {r.returnRateWarning ? (
                        <>
                          {' '}
                          <Badge tone="warn">{t('scores.warning')}</Badge>
                        </>
                      ) : null}
                    </td>
                    <td className="num">{r.formsIssued}</td>
                    <td className="num">{r.formsDue}</td>
                    <td className="num">{r.formsFiled}</td>
                    <td className="num">{r.qualified}</td>
                    <td className="num">{r.unqualified}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncList>
    </>
  );
}
