import { FormEvent, useMemo, useState } from 'react';
import { ApiError, call } from '../../api/client';
import { useInvalidate, useRead } from '../../api/queries';
import { Purchase, PurchaseAnswer, SERVICE_TYPES, ServiceType } from '../../api/types';
import { centsToYuan, isDate, yuanToCents } from '../../format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useSession } from '../../session';
import { PrintButton } from '../../ui/files';
import { FormActions } from '../../ui/form';
import { Badge, Button, Field, MerchantSelect, PageHeader, ProblemBox, Table, useToast } from '../../ui/kit';
import { Link } from '../../ui/route';

interface ItemRow {
  key: number;
  description: string;
  quantity: string;
  amount: string;
}
interface ServiceRow {
  key: number;
  type: ServiceType;
  plannedDate: string;
  visits: string;
}
interface LineRow {
  key: number;
  merchantId: string;
  items: ItemRow[];
  services: ServiceRow[];
}
interface Draft {
  customer: { name: string; phone: string; address: string };
  lines: LineRow[];
}

let nextKey = 1;
const newItem = (): ItemRow => ({ key: nextKey++, description: '', quantity: '1', amount: '' });
const newService = (plannedDate: string, type: ServiceType = 'deliver'): ServiceRow => ({ key: nextKey++, type, plannedDate, visits: '1' });
const newLine = (plannedDate: string): LineRow => ({
  key: nextKey++,
  merchantId: '',
  items: [newItem()],
  services: [newService(plannedDate)],
});

const blankItem = (i: ItemRow) => !i.description.trim() && !i.amount.trim();
const digitsOf = (phone: string) => phone.replace(/[\s-]/g, '');
const wholeNumber = (s: string, min: number, max: number) => /^\d+$/.test(s.trim()) && Number(s) >= min && Number(s) <= max;

/** Field errors keyed by the request's field paths, so the server's errors land in the same places. */
function validate(d: Draft): Record<string, MessageKey> {
  const e: Record<string, MessageKey> = {};
  if (!d.customer.name.trim()) e['customer.name'] = 'validation.required';
  if (!d.customer.address.trim()) e['customer.address'] = 'validation.required';
  const phone = digitsOf(d.customer.phone);
  if (!phone) e['customer.phone'] = 'validation.required';
  else if (!/^\d{7,15}$/.test(phone)) e['customer.phone'] = 'validation.phone';
  const seen = new Set<string>();
  d.lines.forEach((l, i) => {
    if (!l.merchantId) e[`lines.${i}.merchantId`] = 'validation.required';
    else if (seen.has(l.merchantId)) e[`lines.${i}.merchantId`] = 'validation.duplicateMerchant';
    seen.add(l.merchantId);
    const items = l.items.filter((it) => !blankItem(it));
    if (items.length === 0 && l.services.length === 0) e[`lines.${i}.items`] = 'validation.lineEmpty';
    l.items.forEach((it, j) => {
      if (blankItem(it)) return;
      if (!it.description.trim()) e[`lines.${i}.items.${j}.description`] = 'validation.required';
      if (!wholeNumber(it.quantity, 1, 1e6)) e[`lines.${i}.items.${j}.quantity`] = 'validation.positiveWhole';
      if (!it.amount.trim()) e[`lines.${i}.items.${j}.amountCents`] = 'validation.required';
      else if (yuanToCents(it.amount) === null) e[`lines.${i}.items.${j}.amountCents`] = 'validation.amount';
    });
    const types = new Set<string>();
    l.services.forEach((s, k) => {
      if (types.has(s.type)) e[`lines.${i}.services.${k}.type`] = 'validation.duplicateService';
      types.add(s.type);
      if (!isDate(s.plannedDate)) e[`lines.${i}.services.${k}.plannedDate`] = 'validation.date';
      if (!wholeNumber(s.visits, 1, 20)) e[`lines.${i}.services.${k}.visits`] = 'validation.visits';
    });
  });
  return e;
}

function requestOf(d: Draft) {
  return {
    customer: { name: d.customer.name.trim(), phone: digitsOf(d.customer.phone), address: d.customer.address.trim() },
    lines: d.lines.map((l) => ({
      merchantId: l.merchantId,
      items: l.items
        .filter((it) => !blankItem(it))
        .map((it) => ({ description: it.description.trim(), quantity: Number(it.quantity), amountCents: yuanToCents(it.amount) ?? 0 })),
      services: l.services.map((s) => ({ type: s.type, plannedDate: s.plannedDate, visits: Number(s.visits) })),
    })),
  };
}

export function RegisterPurchasePage() {
  const { t } = useI18n();
  const { today, merchants } = useSession();
  const toast = useToast();
  const invalidate = useInvalidate();
  const [draft, setDraft] = useState<Draft>(() => ({ customer: { name: '', phone: '', address: '' }, lines: [newLine(today())] }));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PurchaseAnswer | null>(null);

  const errors = useMemo(() => validate(draft), [draft]);
  const errorOf = (path: string): string | undefined => {
    if (serverErrors[path]) return serverErrors[path];
    const key = errors[path];
    return key && (submitted || touched.has(path)) ? t(key) : undefined;
  };
  const touch = (path: string) => {
    setTouched((s) => (s.has(path) ? s : new Set(s).add(path)));
    if (serverErrors[path]) setServerErrors(({ [path]: _gone, ...rest }) => rest);
  };
  const update = (path: string, change: (d: Draft) => Draft) => {
    touch(path);
    setDraft(change);
  };
  const setLine = (i: number, change: (l: LineRow) => LineRow) => (d: Draft) => ({
    ...d,
    lines: d.lines.map((l, x) => (x === i ? change(l) : l)),
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setError(null);
    if (Object.keys(errors).length > 0) {
      toast(t('validation.fixFields'), 'error');
      return;
    }
    setBusy(true);
    try {
      const answer = await call<PurchaseAnswer>('POST', '/purchases', requestOf(draft));
      // the purchases, and the forms issued for it
      invalidate('/purchases', '/forms');
      setResult(answer.body);
      toast(
        answer.body.formsPending
          ? t('purchase.registeredPending', { cards: answer.body.cards.length })
          : t('purchase.registered', { cards: answer.body.cards.length, forms: answer.body.forms.length }),
        answer.body.formsPending ? 'info' : 'success',
      );
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setServerErrors(err.fieldErrors());
    } finally {
      setBusy(false);
    }
  };

  const startOver = () => {
    setDraft({ customer: { name: '', phone: '', address: '' }, lines: [newLine(today())] });
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors({});
    setResult(null);
    setError(null);
  };

  if (result) return <PurchaseResult answer={result} onChange={setResult} onNew={startOver} />;

  const lineTotal = (l: LineRow) => l.items.reduce((sum, it) => sum + (yuanToCents(it.amount) ?? 0), 0);

  return (
    <>
      <PageHeader title={t('purchase.title')} />
      <form className="stack" onSubmit={submit} noValidate aria-label={t('purchase.title')}>
        <fieldset className="card">
          <legend>{t('purchase.customer')}</legend>
          <div className="grid grid--3">
            <Field label={t('purchase.customerName')} required error={errorOf('customer.name')}>
              {(p) => (
                <input
                  {...p}
                  autoComplete="off"
                  value={draft.customer.name}
                  onChange={(e) => update('customer.name', (d) => ({ ...d, customer: { ...d.customer, name: e.target.value } }))}
                  onBlur={() => touch('customer.name')}
                />
              )}
            </Field>
            <Field label={t('purchase.customerPhone')} required error={errorOf('customer.phone')} hint={t('purchase.phoneHint')}>
              {(p) => (
                <input
                  {...p}
                  inputMode="tel"
                  autoComplete="off"
                  value={draft.customer.phone}
                  onChange={(e) => update('customer.phone', (d) => ({ ...d, customer: { ...d.customer, phone: e.target.value } }))}
                  onBlur={() => touch('customer.phone')}
                />
              )}
            </Field>
            <Field label={t('purchase.customerAddress')} required error={errorOf('customer.address')} className="grid__wide">
              {(p) => (
                <input
                  {...p}
                  autoComplete="off"
                  value={draft.customer.address}
                  onChange={(e) => update('customer.address', (d) => ({ ...d, customer: { ...d.customer, address: e.target.value } }))}
                  onBlur={() => touch('customer.address')}
                />
              )}
            </Field>
          </div>
        </fieldset>

        {draft.lines.map((line, i) => {
          const merchant = merchants.find((m) => m.id === line.merchantId);
          return (
            <fieldset className="card line" key={line.key}>
              <legend>
                {t('purchase.line', { n: i + 1 })}
                {merchant ? ` · ${merchant.name}` : ''}
              </legend>
              <div className="line__head">
                <MerchantSelect
                  label={t('purchase.merchant', { n: i + 1 })}
                  required
                  value={line.merchantId}
                  error={errorOf(`lines.${i}.merchantId`)}
                  onChange={(id) =>
                    update(
                      `lines.${i}.merchantId`,
                      setLine(i, (l) => ({ ...l, merchantId: id })),
                    )
                  }
                />
                {merchant?.suspendedUntil ? (
                  <div className="notice notice--warn">{t('purchase.merchantSuspended', { date: merchant.suspendedUntil })}</div>
                ) : null}
                {draft.lines.length > 1 ? (
                  <Button kind="ghost" onClick={() => setDraft((d) => ({ ...d, lines: d.lines.filter((_, x) => x !== i) }))}>
                    {t('purchase.removeLine', { n: i + 1 })}
                  </Button>
                ) : null}
              </div>
              {errorOf(`lines.${i}.items`) ? (
                <div className="field__error" role="alert">
                  {errorOf(`lines.${i}.items`)}
                </div>
              ) : null}

              <h3 className="subhead">{t('purchase.goods')}</h3>
              {line.items.map((it, j) => {
                const at = `lines.${i}.items.${j}`;
                const n = `${i + 1}-${j + 1}`;
                return (
                  <div className="row row--item" key={it.key}>
                    <Field label={t('purchase.description', { n })} error={errorOf(`${at}.description`)} className="row__grow">
                      {(p) => (
                        <input
                          {...p}
                          value={it.description}
                          onChange={(e) =>
                            update(
                              `${at}.description`,
                              setLine(i, (l) => ({
                                ...l,
                                items: l.items.map((x, y) => (y === j ? { ...x, description: e.target.value } : x)),
                              })),
                            )
                          }
                          onBlur={() => touch(`${at}.description`)}
                        />
                      )}
                    </Field>
                    <Field label={t('purchase.quantity', { n })} error={errorOf(`${at}.quantity`)} className="row__narrow">
                      {(p) => (
                        <input
                          {...p}
                          inputMode="numeric"
                          value={it.quantity}
                          onChange={(e) =>
                            update(
                              `${at}.quantity`,
                              setLine(i, (l) => ({
                                ...l,
                                items: l.items.map((x, y) => (y === j ? { ...x, quantity: e.target.value } : x)),
                              })),
                            )
                          }
                        />
                      )}
                    </Field>
                    <Field label={t('purchase.amount', { n })} error={errorOf(`${at}.amountCents`)} className="row__mid">
                      {(p) => (
                        <input
                          {...p}
                          inputMode="decimal"
                          placeholder="0.00"
                          value={it.amount}
                          onChange={(e) =>
                            update(
                              `${at}.amountCents`,
                              setLine(i, (l) => ({ ...l, items: l.items.map((x, y) => (y === j ? { ...x, amount: e.target.value } : x)) })),
                            )
                          }
                          onBlur={() => touch(`${at}.amountCents`)}
                        />
                      )}
                    </Field>
                    <Button
                      kind="ghost"
                      className="row__remove"
                      aria-label={t('purchase.removeItem', { n })}
                      onClick={() => setDraft(setLine(i, (l) => ({ ...l, items: l.items.filter((_, y) => y !== j) })))}
                    >
                      ✕
                    </Button>
                  </div>
                );
              })}
              <div className="row row--actions">
                <Button kind="ghost" onClick={() => setDraft(setLine(i, (l) => ({ ...l, items: [...l.items, newItem()] })))}>
                  ＋ {t('purchase.addItem')}
                </Button>
                <span className="muted">{t('purchase.lineTotal', { amount: centsToYuan(lineTotal(line)) })}</span>
              </div>

              <h3 className="subhead">{t('purchase.services')}</h3>
              {line.services.length === 0 ? <p className="muted">{t('purchase.noServices')}</p> : null}
              {line.services.map((s, k) => {
                const at = `lines.${i}.services.${k}`;
                const n = `${i + 1}-${k + 1}`;
                return (
                  <div className="row row--service" key={s.key}>
                    <Field label={t('purchase.serviceType', { n })} error={errorOf(`${at}.type`)} className="row__mid">
                      {(p) => (
                        <select
                          {...p}
                          value={s.type}
                          onChange={(e) =>
                            update(
                              `${at}.type`,
                              setLine(i, (l) => ({
                                ...l,
                                services: l.services.map((x, y) => (y === k ? { ...x, type: e.target.value as ServiceType } : x)),
                              })),
                            )
                          }
                        >
                          {SERVICE_TYPES.map((type) => (
                            <option key={type} value={type}>
                              {t(`service.${type}`)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field label={t('purchase.plannedDate', { n })} error={errorOf(`${at}.plannedDate`)} className="row__mid">
                      {(p) => (
                        <input
                          {...p}
                          type="date"
                          value={s.plannedDate}
                          onChange={(e) =>
                            update(
                              `${at}.plannedDate`,
                              setLine(i, (l) => ({
                                ...l,
                                services: l.services.map((x, y) => (y === k ? { ...x, plannedDate: e.target.value } : x)),
                              })),
                            )
                          }
                        />
                      )}
                    </Field>
                    <Field label={t('purchase.visits', { n })} error={errorOf(`${at}.visits`)} className="row__narrow">
                      {(p) => (
                        <input
                          {...p}
                          inputMode="numeric"
                          value={s.visits}
                          onChange={(e) =>
                            update(
                              `${at}.visits`,
                              setLine(i, (l) => ({
                                ...l,
                                services: l.services.map((x, y) => (y === k ? { ...x, visits: e.target.value } : x)),
                              })),
                            )
                          }
                        />
                      )}
                    </Field>
                    <Button
                      kind="ghost"
                      className="row__remove"
                      aria-label={t('purchase.removeService', { n })}
                      onClick={() => setDraft(setLine(i, (l) => ({ ...l, services: l.services.filter((_, y) => y !== k) })))}
                    >
                      ✕
                    </Button>
                  </div>
                );
              })}
              <div className="row row--actions">
                <Button
                  kind="ghost"
                  disabled={line.services.length >= SERVICE_TYPES.length}
                  onClick={() =>
                    setDraft(
                      setLine(i, (l) => {
                        const free = SERVICE_TYPES.find((type) => !l.services.some((s) => s.type === type)) ?? 'install';
                        return { ...l, services: [...l.services, newService(l.services[0]?.plannedDate ?? today(), free)] };
                      }),
                    )
                  }
                >
                  ＋ {t('purchase.addService')}
                </Button>
                <span className="muted">
                  {t('purchase.formsOfLine', {
                    n: line.services.reduce((sum, s) => sum + (wholeNumber(s.visits, 1, 20) ? Number(s.visits) : 0), 0),
                  })}
                </span>
              </div>
            </fieldset>
          );
        })}

        <div className="row row--actions">
          <Button kind="secondary" onClick={() => setDraft((d) => ({ ...d, lines: [...d.lines, newLine(today())] }))}>
            ＋ {t('purchase.addLine')}
          </Button>
        </div>
        <FormActions error={error} busy={busy} label={t('purchase.submit')} />
      </form>
    </>
  );
}

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
  const { merchantName } = useSession();
  const toast = useToast();
  const read = useRead();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const refresh = async () => {
    setBusy(true);
    setError(null);
    try {
      const p = await read<Purchase>(`/purchases/${encodeURIComponent(answer.purchaseId)}`);
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
        <table className="table">
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
