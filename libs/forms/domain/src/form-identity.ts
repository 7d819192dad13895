import { createHmac } from 'node:crypto';
import type { ServiceType } from '@fd/contracts';

/** What a verification code vouches for: the form's identity, so a code cannot be moved to another form. */
export interface FormIdentity {
  serial: string;
  merchantId: string;
  purchaseId: string;
  serviceType: ServiceType;
  visit: number;
}

/** 32 symbols without 0/O and 1/I, so a code read off paper is not mistyped; 8 symbols carry 40 bits. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

/**
 * The form's verification code: an HMAC-SHA256 under the desk's key over the form's identity,
 * rendered as 8 symbols. Only the desk can produce it, and it is recomputed to check a
 * filing instead of being kept in a lookup table.
 */
export function verificationCode(form: FormIdentity, key: string): string {
  const identity = JSON.stringify(['fd-form-v1', form.serial, form.merchantId, form.purchaseId, form.serviceType, form.visit]);
  const mac = createHmac('sha256', key).update(identity).digest();
  // the first 40 bits, 5 bits per symbol
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(mac[i]);
  let code = '';
  for (let i = CODE_LENGTH - 1; i >= 0; i--) code += CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/** A code as a clerk may type it: surrounding spaces and lower case do not make it wrong. */
export function normaliseCode(typed: string): string {
  return typed.trim().toUpperCase();
}
