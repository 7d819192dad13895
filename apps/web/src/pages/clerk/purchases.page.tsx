import { useState } from 'react';
import { api, asProblem, query } from '../../api/client';
import type { Form, Page, Purchase, PurchaseRead } from '../../api/types';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { Async, Button, Empty, Field, LoadMore, PageHeader, Table, useLoad, useLoadPages, useProblemText, useToast } from '../../ui/kit';
import { Link, useNavigateTo } from '../../ui/route';
import { PurchaseResult } from './purchase/result';

/** A form's serial (FD + digits), which the forms service knows, not registration. */
const SERIAL = /^FD\d{8,}$/i;

/**
 * The desk's registered purchases, newest first, a page at a time, searched by the customer's
 * phone or name, a card number (registration's search) or a form's serial (the forms service
 * says whose purchase the form is, then the purchase opens).
 */
export function PurchasesPage({ q }: { q: Record<string, string> }) {
  const { t } = useI18n();
  const { merchantName } = useSession();
  const navigate = useNavigateTo();
  const toast = useToast();
  const problemText = useProblemText();
  const searched = (q.q ?? '').trim();
  const [typed, setTyped] = useState(searched);
  const [finding, setFinding] = useState(false);
  const loaded = useLoadPages<Page<Purchase>, string>(
    (cursor) => `/purchases${query({ q: searched, limit: 50, cursor })}`,
    (page) => page.nextCursor,
  );

  const search = async (text: string) => {
    const term = text.trim();
    if (!SERIAL.test(term)) return navigate('/purchases', { q: term });
    setFinding(true);
    try {
      const form = await api.get<Form>(`/forms/${encodeURIComponent(term.toUpperCase())}`);
      navigate(`/purchases/${encodeURIComponent(form.purchaseId)}`);
    } catch (e) {
      toast(problemText(asProblem(e)), 'error');
    } finally {
      setFinding(false);
    }
  };

  return (
    <>
      <PageHeader title={t('purchases.title')}>
        <Link className="btn btn--primary" to="/purchases/new">
          ＋ {t('purchase.new')}
        </Link>
      </PageHeader>
      <form
        className="filters card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search(typed);
        }}
      >
        <Field label={t('purchases.search')} hint={t('purchases.searchHint')} className="filters__grow">
          {(p) => <input {...p} type="search" name="q" value={typed} onChange={(e) => setTyped(e.target.value)} />}
        </Field>
        <Button type="submit" busy={finding}>
          {t('purchases.searchAction')}
        </Button>
        {searched ? (
          <Button
            kind="ghost"
            onClick={() => {
              setTyped('');
              navigate('/purchases');
            }}
          >
            {t('purchases.searchClear')}
          </Button>
        ) : null}
      </form>
      <Async loaded={loaded}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty>{searched ? t('purchases.noneFound', { q: searched }) : t('purchases.empty')}</Empty>
          ) : (
            <Table
              label={t('purchases.title')}
              columns={[t('purchases.registeredAt'), t('purchase.customerName'), t('purchase.customerPhone'), t('purchase.cards')]}
              after={<LoadMore more={loaded.more} />}
            >
              {items.map((p) => (
                <tr key={p.purchaseId} data-purchase={p.purchaseId}>
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
          )
        }
      </Async>
    </>
  );
}

/** One purchase with its cards and forms, to print again or to see forms that came late. */
export function PurchaseDetailPage({ purchaseId }: { purchaseId: string }) {
  // refreshing the forms reads this same path again, so the page follows by itself
  const loaded = useLoad<PurchaseRead>(`/purchases/${encodeURIComponent(purchaseId)}`);
  return <Async loaded={loaded}>{(p) => <PurchaseResult answer={{ ...p, forms: p.forms ?? [] }} registered={false} />}</Async>;
}
