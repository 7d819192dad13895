import type { Principal } from '@fd/platform';
import { Customer, maskPhone } from '@fd/registration-domain';

/** Merchants see customers' phone numbers masked (RULES.md, Actors); the desk sees them whole. */
export function phoneFor(p: Principal, phone: string): string {
  return p.role === 'merchant' ? maskPhone(phone) : phone;
}

/**
 * A phone number written into free text (an address "…，電話 13812345678", a revocation's
 * reason): a run of 7+ digits, or `138 1234 5678` / `021-12345678`, masked as maskPhone does.
 * The same rule as the callbacks service's notes (docs/callbacks.md); written here again
 * because a service never imports another's code.
 */
const PHONE_IN_TEXT = /(?<!\d)(?:\d{3}[ -]\d{4}[ -]\d{4}|0\d{2,3}-\d{7,8}|\d{7,})(?!\d)/g;

export function textFor(p: Principal, text: string): string {
  return p.role === 'merchant' ? text.replace(PHONE_IN_TEXT, (found) => maskPhone(found.replace(/\D/g, ''))) : text;
}

export function customerFor(p: Principal, customer: Customer): Customer {
  return { ...customer, phone: phoneFor(p, customer.phone), address: textFor(p, customer.address) };
}
