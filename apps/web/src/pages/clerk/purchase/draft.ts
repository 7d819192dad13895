/**
 * The purchase being registered, as the clerk types it: its rows, what is wrong with them, the
 * request it becomes, and which errors the form shows. Pure: no React, no DOM.
 */
import { registerPurchaseRequest } from '@fd/api';
import { SERVICE_TYPES, ServiceType } from '../../../api/types';
import { yuanToCents } from '../../../format';
import type { MessageKey } from '../../../i18n/messages';

export interface ItemRow {
  key: number;
  description: string;
  quantity: string;
  amount: string;
}
export interface ServiceRow {
  key: number;
  type: ServiceType;
  plannedDate: string;
  visits: string;
}
export interface LineRow {
  key: number;
  merchantId: string;
  items: ItemRow[];
  services: ServiceRow[];
}
export interface Customer {
  name: string;
  phone: string;
  address: string;
}
export interface Draft {
  customer: Customer;
  lines: LineRow[];
}

// each row keeps its key while rows before it come and go, so its inputs keep their focus
let nextKey = 1;
export const newItem = (): ItemRow => ({ key: nextKey++, description: '', quantity: '1', amount: '' });
export const newService = (plannedDate: string, type: ServiceType = 'deliver'): ServiceRow => ({
  key: nextKey++,
  type,
  plannedDate,
  visits: '1',
});
/** A merchant's line starts with one row of goods and a delivery on the given day. */
export const newLine = (plannedDate: string): LineRow => ({
  key: nextKey++,
  merchantId: '',
  items: [newItem()],
  services: [newService(plannedDate)],
});
export const newDraft = (plannedDate: string): Draft => ({ customer: { name: '', phone: '', address: '' }, lines: [newLine(plannedDate)] });

// ---------------------------------------------------------------- changes

export const withCustomer =
  (change: Partial<Customer>) =>
  (d: Draft): Draft => ({ ...d, customer: { ...d.customer, ...change } });
export const withLine =
  (i: number, change: (l: LineRow) => LineRow) =>
  (d: Draft): Draft => ({ ...d, lines: d.lines.map((l, x) => (x === i ? change(l) : l)) });
export const addLine =
  (plannedDate: string) =>
  (d: Draft): Draft => ({ ...d, lines: [...d.lines, newLine(plannedDate)] });
export const removeLine =
  (i: number) =>
  (d: Draft): Draft => ({ ...d, lines: d.lines.filter((_, x) => x !== i) });

export const withMerchant =
  (merchantId: string) =>
  (l: LineRow): LineRow => ({ ...l, merchantId });
export const withItem =
  (j: number, change: Partial<Omit<ItemRow, 'key'>>) =>
  (l: LineRow): LineRow => ({ ...l, items: l.items.map((x, y) => (y === j ? { ...x, ...change } : x)) });
export const addItem = (l: LineRow): LineRow => ({ ...l, items: [...l.items, newItem()] });
export const removeItem =
  (j: number) =>
  (l: LineRow): LineRow => ({ ...l, items: l.items.filter((_, y) => y !== j) });
export const withService =
  (k: number, change: Partial<Omit<ServiceRow, 'key'>>) =>
  (l: LineRow): LineRow => ({ ...l, services: l.services.map((x, y) => (y === k ? { ...x, ...change } : x)) });
/** Another service of a type the line does not have yet, on the day of its first service (else the given day). */
export const addService =
  (plannedDate: string) =>
  (l: LineRow): LineRow => {
    const free = SERVICE_TYPES.find((type) => !l.services.some((s) => s.type === type)) ?? 'install';
    return { ...l, services: [...l.services, newService(l.services[0]?.plannedDate ?? plannedDate, free)] };
  };
export const removeService =
  (k: number) =>
  (l: LineRow): LineRow => ({ ...l, services: l.services.filter((_, y) => y !== k) });
/** Each service type once per line: a line with every type has no room for another. */
export const canAddService = (l: LineRow) => l.services.length < SERVICE_TYPES.length;

// ---------------------------------------------------------------- what the line adds up to

const blankItem = (i: ItemRow) => !i.description.trim() && !i.amount.trim();
const digitsOf = (phone: string) => phone.replace(/[\s-]/g, '');
const wholeNumber = (s: string, min: number, max: number) => /^\d+$/.test(s.trim()) && Number(s) >= min && Number(s) <= max;

/** The goods' total in cents, counting only the amounts typed so far that read as money. */
export const lineTotalCents = (l: LineRow) => l.items.reduce((sum, it) => sum + (yuanToCents(it.amount) ?? 0), 0);
/** How many forms the line's services will issue: one per visit, counting only valid visit numbers. */
export const formsOfLine = (l: LineRow) => l.services.reduce((sum, s) => sum + (wholeNumber(s.visits, 1, 20) ? Number(s.visits) : 0), 0);

// ---------------------------------------------------------------- validation and the request

/**
 * Field errors keyed by the request's field paths, so the server's errors land in the same places:
 * the contract's rules (libs/api, the schema the registration service parses with) on the request
 * the draft becomes, and what only a form has: rows of goods typed as text, amounts in yuan.
 */
export function validate(d: Draft, late?: { today: string; allowed: boolean }): Record<string, MessageKey> {
  const e: Record<string, MessageKey> = {};
  // a service planned before today is a late registration, which only an administrator makes (docs/rules.md#1-purchase-registration)
  if (late && !late.allowed)
    d.lines.forEach((l, i) =>
      l.services.forEach((s, k) => {
        if (s.plannedDate && s.plannedDate < late.today) e[`lines.${i}.services.${k}.plannedDate`] = 'validation.plannedDateInPast';
      }),
    );
  d.lines.forEach((l, i) =>
    l.items.forEach((it, j) => {
      if (blankItem(it)) return;
      if (!it.description.trim()) e[`lines.${i}.items.${j}.description`] = 'validation.required';
      if (!wholeNumber(it.quantity, 1, 1e6)) e[`lines.${i}.items.${j}.quantity`] = 'validation.positiveWhole';
      if (!it.amount.trim()) e[`lines.${i}.items.${j}.amountCents`] = 'validation.required';
      else if (yuanToCents(it.amount) === null) e[`lines.${i}.items.${j}.amountCents`] = 'validation.amount';
    }),
  );
  for (const issue of registerPurchaseRequest.safeParse(requestOf(d)).error?.issues ?? []) {
    const field = issue.path.join('.');
    // the request leaves blank rows of goods out, so its item numbers are not the rows': those are checked above
    if (/^lines\.\d+\.items\.\d+/.test(field)) continue;
    const key = messageOf(field, issue.code, d);
    if (key) e[field] ??= key;
  }
  return e;
}

/** What the form says of the contract's issue at a field (the server's own words come with its answer). */
function messageOf(field: string, code: string, d: Draft): MessageKey | undefined {
  const last = field.split('.').at(-1);
  if (field === 'customer.phone') return digitsOf(d.customer.phone) ? 'validation.phone' : 'validation.required';
  if (last === 'plannedDate') return 'validation.date';
  if (last === 'visits') return 'validation.visits';
  if (code === 'custom' && last === 'merchantId') return 'validation.duplicateMerchant';
  if (code === 'custom' && last === 'type') return 'validation.duplicateService';
  if (code === 'custom' && last === 'items') return 'validation.lineEmpty';
  if (code === 'too_small' || code === 'invalid_type') return 'validation.required';
  return undefined;
}

/** The POST /purchases body: trimmed, the phone as digits, amounts in cents, blank rows of goods left out. */
export function requestOf(d: Draft) {
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

// ---------------------------------------------------------------- the form around the draft

export interface PurchaseForm {
  draft: Draft;
  /** Fields the clerk has changed or left: their errors show before any attempt to register. */
  touched: ReadonlySet<string>;
  /** The clerk has tried to register: every error shows. */
  submitted: boolean;
  /** The server's word on the fields it refused, until the field is changed. */
  serverErrors: Record<string, string>;
}

export type PurchaseFormAction =
  /** A change to the draft; `path` is the field it changes, if one (it counts as touched). */
  | { type: 'edit'; path?: string; change: (d: Draft) => Draft }
  | { type: 'touch'; path: string }
  | { type: 'submit' }
  | { type: 'refused'; serverErrors: Record<string, string> }
  | { type: 'reset'; plannedDate: string }
  /**
   * "Today" changed under the form (the system's clock became known, or moved): the planned dates
   * still at the old default and not touched follow it, so a default never turns into a late date.
   */
  | { type: 'todayChanged'; from: string; to: string };

export const newPurchaseForm = (plannedDate: string): PurchaseForm => ({
  draft: newDraft(plannedDate),
  touched: new Set(),
  submitted: false,
  serverErrors: {},
});

function touched(form: PurchaseForm, path: string): PurchaseForm {
  const { [path]: _gone, ...serverErrors } = form.serverErrors;
  return {
    ...form,
    touched: form.touched.has(path) ? form.touched : new Set(form.touched).add(path),
    serverErrors: path in form.serverErrors ? serverErrors : form.serverErrors,
  };
}

export function purchaseForm(form: PurchaseForm, action: PurchaseFormAction): PurchaseForm {
  switch (action.type) {
    case 'edit': {
      const next = action.path ? touched(form, action.path) : form;
      return { ...next, draft: action.change(next.draft) };
    }
    case 'touch':
      return touched(form, action.path);
    case 'submit':
      return { ...form, submitted: true };
    case 'refused':
      return { ...form, serverErrors: action.serverErrors };
    case 'reset':
      return newPurchaseForm(action.plannedDate);
    case 'todayChanged': {
      const lines = form.draft.lines.map((l, i) => ({
        ...l,
        services: l.services.map((s, k) =>
          s.plannedDate === action.from && !form.touched.has(`lines.${i}.services.${k}.plannedDate`) ? { ...s, plannedDate: action.to } : s,
        ),
      }));
      return { ...form, draft: { ...form.draft, lines } };
    }
  }
}

/** The error a field shows: the server's, else ours once the field was touched or registering was tried. */
export function shownError(form: PurchaseForm, errors: Record<string, string>, path: string): string | undefined {
  if (form.serverErrors[path]) return form.serverErrors[path];
  return form.submitted || form.touched.has(path) ? errors[path] : undefined;
}
