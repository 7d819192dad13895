import { createHmac } from 'node:crypto';
import type { FormIdentity } from '@fd/forms-domain';

/** 32 symbols without 0/O and 1/I, so a code read off paper is not mistyped; 8 symbols carry 40 bits. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;

/**
 * The form's verification code: an HMAC-SHA256 under the desk's key over the form's identity,
 * rendered as 8 symbols. Only the desk can produce it; a filing is checked by recomputing
 * it, so no table of codes exists to leak or to tamper with.
 */
export function verificationCode(form: FormIdentity, key: string): string {
  const identity = JSON.stringify(['fd-form-v1', form.serial, form.merchantId, form.purchaseId, form.serviceType, form.visit]);
  const mac = createHmac('sha256', key).update(identity).digest();
  let bits = 0n; // the first 40 bits of the MAC, 5 bits per symbol
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(mac[i]);
  let code = '';
  for (let i = CODE_LENGTH - 1; i >= 0; i--) code += CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}
