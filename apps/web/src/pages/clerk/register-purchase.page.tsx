import { useMutation } from '@tanstack/react-query';
import { FormEvent, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useInvalidate } from '../../api/queries';
import type { PurchaseAnswer } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { enterMovesOn } from '../../ui/enter';
import { FormActions } from '../../ui/form';
import { Button, Field, PageHeader, useToast } from '../../ui/kit';
import {
  addLine,
  Customer,
  newPurchaseForm,
  purchaseForm,
  removeLine,
  requestOf,
  shownError,
  validate,
  withCustomer,
  withLine,
} from './purchase/draft';
import { LineEditor } from './purchase/line-editor';
import { PurchaseResult } from './purchase/result';

const CUSTOMER_FIELDS: Array<{
  field: keyof Customer;
  label: 'purchase.customerName' | 'purchase.customerPhone' | 'purchase.customerAddress';
}> = [
  { field: 'name', label: 'purchase.customerName' },
  { field: 'phone', label: 'purchase.customerPhone' },
  { field: 'address', label: 'purchase.customerAddress' },
];

/** Registering a purchase (登記備案): the customer, then one line per merchant; the answer is the cards and forms to hand over. */
export function RegisterPurchasePage() {
  const { t } = useI18n();
  const { today } = useSession();
  // an administrator registers a purchase late (a service planned before today); a clerk may not
  const lateAllowed = useUser().role === 'admin';
  const toast = useToast();
  const invalidate = useInvalidate();
  const [form, dispatch] = useReducer(purchaseForm, today(), newPurchaseForm);
  const [result, setResult] = useState<PurchaseAnswer | null>(null);
  // the system's clock (a test clock) becomes known after the first render: untouched default dates follow it
  const day = today();
  const shownDay = useRef(day);
  useEffect(() => {
    if (shownDay.current === day) return;
    dispatch({ type: 'todayChanged', from: shownDay.current, to: day });
    shownDay.current = day;
  }, [day]);
  const register = useMutation({
    mutationFn: (body: ReturnType<typeof requestOf>) => api.post<PurchaseAnswer>('/purchases', body),
    // the purchases, and the forms issued for it
    onSuccess: () => invalidate('/purchases', '/forms'),
  });

  const { draft } = form;
  const errors = useMemo(
    () =>
      Object.fromEntries(Object.entries(validate(draft, { today: today(), allowed: lateAllowed })).map(([path, key]) => [path, t(key)])),
    [draft, t, today, lateAllowed],
  );
  const errorOf = (path: string) => shownError(form, errors, path);
  const touch = (path: string) => dispatch({ type: 'touch', path });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    dispatch({ type: 'submit' });
    register.reset();
    if (Object.keys(errors).length > 0) {
      toast(t('validation.fixFields'), 'error');
      return;
    }
    try {
      const answer = await register.mutateAsync(requestOf(draft));
      setResult(answer);
      toast(
        answer.formsPending
          ? t('purchase.registeredPending', { cards: answer.cards.length })
          : t('purchase.registered', { cards: answer.cards.length, forms: answer.forms.length }),
        answer.formsPending ? 'info' : 'success',
      );
    } catch (err) {
      if (err instanceof ApiError) dispatch({ type: 'refused', serverErrors: err.fieldErrors() });
    }
  };

  const startOver = () => {
    dispatch({ type: 'reset', plannedDate: today() });
    register.reset();
    setResult(null);
  };

  if (result) return <PurchaseResult answer={result} onChange={setResult} onNew={startOver} />;

  return (
    <>
      <PageHeader title={lateAllowed ? t('purchase.titleLate') : t('purchase.title')} />
      {lateAllowed ? <p className="muted">{t('purchase.lateHint')}</p> : null}
      <form
        className="stack"
        onSubmit={submit}
        // Enter in a field (the address, say) moves on; it registers only a complete purchase
        onKeyDown={enterMovesOn(() => Object.keys(errors).length === 0)}
        noValidate
        aria-label={t('purchase.title')}
      >
        <fieldset className="card">
          <legend>{t('purchase.customer')}</legend>
          <div className="grid grid--3">
            {CUSTOMER_FIELDS.map(({ field, label }) => (
              <Field
                key={field}
                label={t(label)}
                required
                error={errorOf(`customer.${field}`)}
                hint={field === 'phone' ? t('purchase.phoneHint') : undefined}
                className={field === 'address' ? 'grid__wide' : undefined}
              >
                {(p) => (
                  <input
                    {...p}
                    inputMode={field === 'phone' ? 'tel' : undefined}
                    autoComplete="off"
                    value={draft.customer[field]}
                    onChange={(e) =>
                      dispatch({ type: 'edit', path: `customer.${field}`, change: withCustomer({ [field]: e.target.value }) })
                    }
                    onBlur={() => touch(`customer.${field}`)}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>

        {draft.lines.map((line, i) => (
          <LineEditor
            key={line.key}
            line={line}
            index={i}
            errorOf={errorOf}
            edit={(path, change) => dispatch({ type: 'edit', path, change: withLine(i, change) })}
            touch={touch}
            remove={draft.lines.length > 1 ? () => dispatch({ type: 'edit', change: removeLine(i) }) : undefined}
          />
        ))}

        <div className="row row--actions">
          <Button kind="secondary" onClick={() => dispatch({ type: 'edit', change: addLine(today()) })}>
            ＋ {t('purchase.addLine')}
          </Button>
        </div>
        <FormActions error={register.error} busy={register.isPending} label={t('purchase.submit')} />
      </form>
    </>
  );
}
