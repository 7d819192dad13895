import { query } from '../../api/client';
import type { Page, WrongCode } from '../../api/types';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { Async, Badge, Empty, LoadMore, PageHeader, Table, useLoadPages } from '../../ui/kit';
import { Link } from '../../ui/route';
import { FormStatusBadge } from '../shared/forms.page';

/** The administration's list of filings refused for a wrong verification code, newest first; a locked form is filed from here. */
export function WrongCodesPage() {
  const { t } = useI18n();
  const { merchantName } = useSession();
  const loaded = useLoadPages<Page<WrongCode>, string>(
    (cursor) => `/wrong-verification-codes${query({ limit: 50, cursor })}`,
    (page) => page.nextCursor,
  );

  return (
    <>
      <PageHeader title={t('wrongCodes.title')} />
      <p className="muted">{t('wrongCodes.help')}</p>
      <Async loaded={loaded}>
        {({ items }) => {
          if (items.length === 0) return <Empty>{t('wrongCodes.empty')}</Empty>;
          return (
            <Table
              label={t('wrongCodes.title')}
              columns={[t('wrongCodes.at'), t('form.serial'), t('common.merchant'), t('wrongCodes.who'), t('wrongCodes.formNow')]}
              after={<LoadMore more={loaded.more} />}
            >
              {items.map((w) => (
                <tr key={w.id} data-serial={w.serial}>
                  <td>
                    <time dateTime={w.at}>{dateTime(w.at)}</time>
                  </td>
                  <td>
                    <Link to={`/forms/${w.serial}`}>
                      <code>{w.serial}</code>
                    </Link>
                  </td>
                  <td>{merchantName(w.merchantId)}</td>
                  <td>
                    {w.username} · {t(`role.${w.role}`)}
                  </td>
                  <td>
                    <FormStatusBadge status={w.formStatus} /> {t('form.wrongCodesN', { n: w.formWrongCodes })}
                    {w.filingLocked ? (
                      <>
                        {' '}
                        <Badge tone="bad">{t('form.filingLocked')}</Badge>{' '}
                        <Link to="/forms/file" query={{ serial: w.serial }}>
                          {t('form.fileAsAdmin')}
                        </Link>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          );
        }}
      </Async>
    </>
  );
}
