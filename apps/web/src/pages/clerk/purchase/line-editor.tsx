import { SERVICE_TYPES, ServiceType } from '../../../api/types';
import { centsToYuan } from '../../../format';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../session';
import { DateInput } from '../../../ui/date-input';
import { Button, Field, MerchantSelect } from '../../../ui/kit';
import {
  addItem,
  addService,
  canAddService,
  formsOfLine,
  LineRow,
  lineTotalCents,
  removeItem,
  removeService,
  withItem,
  withMerchant,
  withService,
} from './draft';

/**
 * One merchant's part of a purchase: the merchant, the goods bought and the services booked.
 * Its fields are named by the request's paths (`lines.0.items.1.amountCents`), like their errors.
 */
export function LineEditor({
  line,
  index: i,
  errorOf,
  edit,
  touch,
  remove,
}: {
  line: LineRow;
  index: number;
  errorOf: (path: string) => string | undefined;
  /** Changes the line; `path` is the field changed, if one. */
  edit: (path: string | undefined, change: (l: LineRow) => LineRow) => void;
  touch: (path: string) => void;
  /** Removes the line; absent when it is the only one. */
  remove?: () => void;
}) {
  const { t } = useI18n();
  const { today, merchants } = useSession();
  const merchant = merchants.find((m) => m.id === line.merchantId);
  return (
    <fieldset className="card line">
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
          onChange={(id) => edit(`lines.${i}.merchantId`, withMerchant(id))}
        />
        {merchant?.suspendedUntil ? (
          <div className="notice notice--warn">{t('purchase.merchantSuspended', { date: merchant.suspendedUntil })}</div>
        ) : null}
        {remove ? (
          <Button kind="ghost" onClick={remove}>
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
                  onChange={(e) => edit(`${at}.description`, withItem(j, { description: e.target.value }))}
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
                  onChange={(e) => edit(`${at}.quantity`, withItem(j, { quantity: e.target.value }))}
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
                  onChange={(e) => edit(`${at}.amountCents`, withItem(j, { amount: e.target.value }))}
                  onBlur={() => touch(`${at}.amountCents`)}
                />
              )}
            </Field>
            <Button
              kind="ghost"
              className="row__remove"
              aria-label={t('purchase.removeItem', { n })}
              onClick={() => edit(undefined, removeItem(j))}
            >
              ✕
            </Button>
          </div>
        );
      })}
      <div className="row row--actions">
        <Button kind="ghost" onClick={() => edit(undefined, addItem)}>
          ＋ {t('purchase.addItem')}
        </Button>
        <span className="muted">{t('purchase.lineTotal', { amount: centsToYuan(lineTotalCents(line)) })}</span>
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
                <select {...p} value={s.type} onChange={(e) => edit(`${at}.type`, withService(k, { type: e.target.value as ServiceType }))}>
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
                <DateInput
                  {...p}
                  value={s.plannedDate}
                  onChange={(plannedDate) => edit(`${at}.plannedDate`, withService(k, { plannedDate }))}
                />
              )}
            </Field>
            <Field label={t('purchase.visits', { n })} error={errorOf(`${at}.visits`)} className="row__narrow">
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={s.visits}
                  onChange={(e) => edit(`${at}.visits`, withService(k, { visits: e.target.value }))}
                />
              )}
            </Field>
            <Button
              kind="ghost"
              className="row__remove"
              aria-label={t('purchase.removeService', { n })}
              onClick={() => edit(undefined, removeService(k))}
            >
              ✕
            </Button>
          </div>
        );
      })}
      <div className="row row--actions">
        <Button kind="ghost" disabled={!canAddService(line)} onClick={() => edit(undefined, addService(today()))}>
          ＋ {t('purchase.addService')}
        </Button>
        <span className="muted">{t('purchase.formsOfLine', { n: formsOfLine(line) })}</span>
      </div>
    </fieldset>
  );
}
