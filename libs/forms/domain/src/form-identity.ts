import type { ServiceType } from '@fd/contracts';

/** What a form's verification code vouches for, so a code cannot be moved to another form. */
export interface FormIdentity {
  serial: string;
  merchantId: string;
  purchaseId: string;
  serviceType: ServiceType;
  visit: number;
}

/** A code as a clerk may type it: surrounding spaces and lower case do not make it wrong. */
export function normaliseCode(typed: string): string {
  return typed.trim().toUpperCase();
}
