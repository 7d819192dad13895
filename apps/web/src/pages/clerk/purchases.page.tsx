import { query } from '../../api/client';
import type { Page, Purchase, PurchaseRead } from '../../api/types';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { Async, AsyncList, PageHeader, Table, useLoad } from '../../ui/kit';
import { Link } from '../../ui/route';
import { PurchaseResult } from './purchase/result';

/** The desk's registered purchases, newest first. */
export function PurchasesPage() {
  const { t } = useI18n();
  const { merchantName } = useSession();
  const loaded = useLoad<Page<Purchase>>(`/purchases${query({ limit: 50 })}`);
  return (
    <>
      <PageHeader title={t('purchases.title')}>
        <Link className="btn btn--primary" to="/purchases/new">
          ＋ {t('purchase.new')}
        </Link>
      </PageHeader>
      <AsyncList loaded={loaded} empty={t('purchases.empty')}>
        {(items) => (
          <Table
            label={t('purchases.title')}
            columns={[t('purchases.registeredAt'), t('purchase.customerName'), t('purchase.customerPhone'), t('purchase.cards')]}
          >
            {items.map((p) => (
              <tr key={p.purchaseId}>
                <td>
                  <Link to={`/purchases/${p.purchaseId}`}>{dateTime(p.registeredAt)}</Link>
                </td>
                <td>{p.customer.name}</td>
                <td>{p.customer.phone}</td>
                <td>
                  {p.cards.map((c) => (
                    <div key={c.cardNo}>
                      <code>{c.cardNo}</code> · {merchantName(c.merchantId)}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </AsyncList>
    </>
  );
}

/** One purchase with its cards and forms, to print again or to see forms that came late. */
export function PurchaseDetailPage({ purchaseId }: { purchaseId: string }) {
  // refreshing the forms reads this same path again, so the page follows by itself
  const loaded = useLoad<PurchaseRead>(`/purchases/${encodeURIComponent(purchaseId)}`);
  return <Async loaded={loaded}>{(p) => <PurchaseResult answer={{ ...p, forms: p.forms ?? [] }} registered={false} />}</Async>;
}
