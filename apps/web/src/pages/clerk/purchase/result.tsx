import { useState } from 'react';
import { useRead } from '../../../api/queries';
import type { PurchaseAnswer, PurchaseRead } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../session';
import { PrintButton } from '../../../ui/files';
import { Badge, Button, PageHeader, ProblemBox, Table, useCardCells, useToast } from '../../../ui/kit';
import { Link } from '../../../ui/route';

/** After registration: the cards and forms to print and hand over, or a wait for the forms. */
export function PurchaseResult({
  answer,
  onChange,
  onNew,
  registered = true,
}: {
  answer: PurchaseAnswer;
  /** The answer with the forms read again; a page showing the purchase's own cached answer is brought up to date without it. */
  onChange?: (a: PurchaseAnswer) => void;
  onNew?: () => void;
  registered?: boolean;
}) {
  const { t } = useI18n();
  const cards = useCardCells();
  const { merchantName } = useSession();
  const toast = useToast();
  const read = useRead();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const refresh = async () => {
    setBusy(true);
    setError(null);
    try {
      const p = await read<PurchaseRead>(`/purchases/${encodeURIComponent(answer.purchaseId)}`);
      onChange?.({ ...answer, cards: p.cards ?? answer.cards, forms: p.forms ?? [], formsPending: p.formsPending });
      toast(
        p.formsPending ? t('purchase.stillPending') : t('purchase.formsArrived', { forms: (p.forms ?? []).length }),
        p.formsPending ? 'info' : 'success',
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title={registered ? t('purchase.doneTitle') : t('purchase.detailTitle')}>
        {!answer.formsPending && answer.cards.length > 0 ? (
          // one PDF with every card and form of the purchase, instead of a click per document
          <PrintButton
            path={`/purchases/${encodeURIComponent(answer.purchaseId)}/print.pdf`}
            label={t('purchase.printAll')}
            name={`purchase-${answer.purchaseId}`}
          />
        ) : null}
        {onNew ? (
          <Button kind="primary" onClick={onNew}>
            ＋ {t('purchase.new')}
          </Button>
        ) : null}
      </PageHeader>
      <div className={`notice ${registered ? 'notice--success' : 'notice--info'}`} data-purchase={answer.purchaseId}>
        {registered ? (
          <strong>
            {answer.formsPending
              ? t('purchase.registeredPending', { cards: answer.cards.length })
              : t('purchase.registered', { cards: answer.cards.length, forms: answer.forms.length })}
          </strong>
        ) : null}
        <div className="muted">
          {t('purchase.id')}: <code>{answer.purchaseId}</code>
        </div>
      </div>
      {answer.formsPending ? (
        <div className="notice notice--warn" role="status">
          <strong>{t('purchase.pending')}</strong>
          <p>{t('purchase.pendingHelp')}</p>
          <Button kind="secondary" busy={busy} onClick={refresh}>
            {t('purchase.refreshForms')}
          </Button>
        </div>
      ) : null}
      <ProblemBox error={error} />
      <section className="card">
        <h2>{t('purchase.cards')}</h2>
        <table className="table" ref={cards}>
          <thead>
            <tr>
              <th>{t('purchase.cardNo')}</th>
              <th>{t('common.merchant')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.cards.map((c) => (
              <tr key={c.cardNo}>
                <td>
                  <code>{c.cardNo}</code>
                </td>
                <td>{merchantName(c.merchantId)}</td>
                <td>
                  <PrintButton path={`/cards/${encodeURIComponent(c.cardNo)}/print.pdf`} label={t('purchase.printCard')} name={c.cardNo} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{t('purchase.forms')}</h2>
        <Table
          label={t('purchase.forms')}
          className="table-wrap"
          columns={[
            t('form.serial'),
            t('form.verificationCode'),
            t('common.merchant'),
            t('form.service'),
            t('form.plannedDate'),
            t('form.dueDate'),
            t('common.actions'),
          ]}
        >
          {answer.forms.map((f) => (
            <tr key={f.serial} data-serial={f.serial}>
              <td>
                <Link to={`/forms/${f.serial}`}>
                  <code>{f.serial}</code>
                </Link>
              </td>
              <td>
                <code className="code" data-code={f.verificationCode}>
                  {f.verificationCode}
                </code>
              </td>
              <td>{merchantName(f.merchantId)}</td>
              <td>
                {t(`service.${f.serviceType}`)} <Badge>{t('form.visitN', { n: f.visit })}</Badge>
              </td>
              <td>{f.plannedDate}</td>
              <td>{f.dueDate}</td>
              <td>
                <PrintButton path={`/forms/${encodeURIComponent(f.serial)}/print.pdf`} label={t('purchase.printForm')} name={f.serial} />
              </td>
            </tr>
          ))}
        </Table>
      </section>
    </>
  );
}
