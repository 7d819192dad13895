import type { Principal } from '@fd/platform';
import { maskPhone, maskPhoneNumbersInText } from '@fd/kernel';
import { Customer } from '@fd/registration-domain';

/** Merchants see customers' phone numbers masked (docs/rules.md#actors); the desk sees them whole. */
export function phoneFor(p: Principal, phone: string): string {
  return p.role === 'merchant' ? maskPhone(phone) : phone;
}

/** A phone number written into free text (an address "…，電話 13812345678", a revocation's reason). */
export function textFor(p: Principal, text: string): string {
  return p.role === 'merchant' ? maskPhoneNumbersInText(text) : text;
}

export function customerFor(p: Principal, customer: Customer): Customer {
  return { ...customer, phone: phoneFor(p, customer.phone), address: textFor(p, customer.address) };
}
