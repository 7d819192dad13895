import { query } from '../../api/client';
import type { AuditPage } from '../../api/types';
import { auditText } from '../../accounts';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { Async, Empty, LoadMore, PageHeader, Table, useLoadPages } from '../../ui/kit';
import { Link } from '../../ui/route';

const PAGE = 50;

/** Who changed which account, session or the test clock, and when: newest first, a page at a time. */
export function AuditLogPage() {
  const { t } = useI18n();
  const { timeZone } = useSession();
  // a page ends where the next one starts (null: there is none)
  const loaded = useLoadPages<AuditPage, number>(
    (before) => `/audit${query({ limit: PAGE, before })}`,
    (page) => page.nextBefore,
  );

  return (
    <>
      <PageHeader title={t('audit.title')}>
        <Link className="btn btn--ghost" to="/accounts">
          {t('accounts.title')}
        </Link>
      </PageHeader>
      <p className="muted">{t('audit.help')}</p>
      <Async loaded={loaded}>
        {({ items }) => {
          if (items.length === 0) return <Empty>{t('audit.empty')}</Empty>;
          return (
            <Table label={t('audit.title')} columns={[t('audit.at'), t('audit.what')]} after={<LoadMore more={loaded.more} />}>
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
