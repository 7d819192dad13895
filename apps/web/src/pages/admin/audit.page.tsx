import { useState } from 'react';
import { api, asProblem, query } from '../../api/client';
import type { AuditEntry, AuditPage } from '../../api/types';
import { auditText } from '../../accounts';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { Async, Button, Empty, PageHeader, Table, useLoad, useProblemText, useToast } from '../../ui/kit';
import { Link } from '../../ui/route';

const PAGE = 50;

/** Who changed which account, session or the test clock, and when: newest first, a page at a time. */
export function AuditLogPage() {
  const { t } = useI18n();
  const { timeZone } = useSession();
  const toast = useToast();
  const problemText = useProblemText();
  const loaded = useLoad(() => api.get<AuditPage>(`/audit${query({ limit: PAGE })}`), []);
  // the pages after the first, and where the next one starts (null: there is none)
  const [extra, setExtra] = useState<{ items: AuditEntry[]; nextBefore?: number | null }>({ items: [] });
  const [moreBusy, setMoreBusy] = useState(false);

  const more = async (before: number) => {
    setMoreBusy(true);
    try {
      const page = await api.get<AuditPage>(`/audit${query({ limit: PAGE, before })}`);
      setExtra((x) => ({ items: [...x.items, ...page.items], nextBefore: page.nextBefore }));
    } catch (e) {
      toast(problemText(asProblem(e)), 'error');
    } finally {
      setMoreBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('audit.title')}>
        <Link className="btn btn--ghost" to="/accounts">
          {t('accounts.title')}
        </Link>
      </PageHeader>
      <p className="muted">{t('audit.help')}</p>
      <Async loaded={loaded}>
        {(page) => {
          const items = [...page.items, ...extra.items];
          const next = extra.nextBefore !== undefined ? extra.nextBefore : page.nextBefore;
          if (items.length === 0) return <Empty>{t('audit.empty')}</Empty>;
          return (
            <Table
              label={t('audit.title')}
              columns={[t('audit.at'), t('audit.what')]}
              after={
                next ? (
                  <div className="table-more">
                    <Button busy={moreBusy} onClick={() => more(next)}>
                      {t('common.loadMore')}
                    </Button>
                  </div>
                ) : null
              }
            >
              {items.map((e) => (
                <tr key={e.position} data-audit={e.type} data-position={e.position}>
                  <td className="nowrap">
                    <time dateTime={e.at}>{dateTime(e.at, timeZone)}</time>
                  </td>
                  <td>{auditText(e, t, timeZone)}</td>
                </tr>
              ))}
            </Table>
          );
        }}
      </Async>
    </>
  );
}
