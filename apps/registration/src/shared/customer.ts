import type { Principal } from '@fd/platform';
import { Customer, maskPhone } from '@fd/registration-domain';

/** Merchants see customers' phone numbers masked (RULES.md, Actors); the desk sees them whole. */
export function phoneFor(p: Principal, phone: string): string {
  return p.role === 'merchant' ? maskPhone(phone) : phone;
}

export function customerFor(p: Principal, customer: Customer): Customer {
  return { ...customer, phone: phoneFor(p, customer.phone) };
}
