import { useState } from 'react';
import { query } from '../../api/client';
import { Form, FORM_STATUSES, FormStatus, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { MonthInput } from '../../ui/date-input';
import { useSession, useUser } from '../../session';
import { ExportButton } from '../../ui/files';
import { Async, Badge, Button, Empty, Field, LoadMore, MerchantSelect, PageHeader, Table, useLoadPages } from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';
import { isPeriod } from '../../format';

const STATUS_TONE: Record<FormStatus, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  issued: 'info',
  filed: 'good',
  overdue: 'bad',
  voided: 'neutral',
};

export function FormStatusBadge({ status }: { status: FormStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status] ?? 'neutral'}>{t(`formStatus.${status}`)}</Badge>;
}

/** The forms list: a merchant's own, or any merchant's for the desk and the administration. */
export function FormsPage({ q }: { q: Record<string, string> }) {
  const navigate = useNavigateTo();
  const { t } = useI18n();
  const user = useUser();
  const { merchantName } = useSession();
  const status = (FORM_STATUSES as string[]).includes(q.status ?? '') ? (q.status as FormStatus) : '';
  const period = isPeriod(q.period ?? '') ? q.period : '';
  const merchantId = user.role === 'merchant' ? (user.merchantId ?? '') : (q.merchantId ?? '');
  const searched = (q.q ?? '').trim();
  const [serial, setSerial] = useState(searched);
  const filters = { status, period, merchantId: user.role === 'merchant' ? undefined : merchantId, q: searched };
  const loaded = useLoadPages<Page<Form>, string>(
    (cursor) => `/forms${query({ ...filters, limit: 50, cursor })}`,
    (page) => page.nextCursor,
  );
  const setFilter = (change: Record<string, string>) =>
    navigate('/forms', { status, period, merchantId: filters.merchantId, q: searched, ...change });

  return (
    <>
      <PageHeader title={user.role === 'merchant' ? t('forms.titleOwn') : t('forms.title')}>
        <ExportButton
          path={`/forms/export.csv${query(filters)}`}
          label={t('export.forms')}
          name={`forms-${period || 'all'}${status ? `-${status}` : ''}.csv`}
        />
      </PageHeader>
      <div className="filters card">
        <Field label={t('common.status')}>
          {(p) => (
            <select {...p} value={status} onChange={(e) => setFilter({ status: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {FORM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`formStatus.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('common.period')}>
          {(p) => <MonthInput {...p} value={period} onChange={(m) => (m === '' || isPeriod(m)) && setFilter({ period: m })} />}
        </Field>
        {user.role !== 'merchant' ? (
          <MerchantSelect
            label={t('common.merchant')}
            value={merchantId}
            allowNone={t('common.all')}
            onChange={(id) => setFilter({ merchantId: id })}
          />
        ) : null}
        <form
          className="filters__search"
          onSubmit={(e) => {
            e.preventDefault();
            const term = serial.trim().toUpperCase();
            // a whole serial (typed or scanned) opens its form; a start of one, or of a card number, searches the list
            if (/^FD\d{8,}$/.test(term)) navigate(`/forms/${term}`);
            else setFilter({ q: term });
          }}
        >
          <Field label={t('forms.search')} hint={t('forms.searchHint')}>
            {(p) => <input {...p} type="search" value={serial} onChange={(e) => setSerial(e.target.value)} placeholder="FD00000001" />}
          </Field>
          <Button type="submit">{t('purchases.searchAction')}</Button>
        </form>
      </div>
      <Async loaded={loaded}>
        {({ items }) => {
          if (items.length === 0) return <Empty>{t('forms.empty')}</Empty>;
          return (
            <Table
              label={t('forms.title')}
              first={[t('common.status'), t('form.rating')]}
              columns={[
                t('form.serial'),
                user.role !== 'merchant' ? t('common.merchant') : null,
                t('form.service'),
                t('form.plannedDate'),
                t('form.dueDate'),
                t('common.status'),
                t('form.rating'),
              ]}
              after={<LoadMore more={loaded.more} />}
            >
              {items.map((f) => (
                <tr key={f.serial} data-serial={f.serial}>
                  <td>
                    <Link to={`/forms/${f.serial}`}>
                      <code>{f.serial}</code>
                    </Link>
                  </td>
                  {user.role !== 'merchant' ? <td>{merchantName(f.merchantId)}</td> : null}
                  <td>
                    {t(`service.${f.serviceType}`)} · {t('form.visitN', { n: f.visit })}
                  </td>
                  <td>{f.plannedDate}</td>
                  <td>{f.dueDate}</td>
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
                </tr>
              ))}
            </Table>
          );
        }}
      </Async>
    </>
  );
}
