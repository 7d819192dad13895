import { createHmac } from 'node:crypto';

/**
 * The token of a form's self-confirmation link (docs/rules.md, "The customer's own confirmation"):
 * an HMAC-SHA256 under the desk's key of the serial, 96 bits written in base64url (16 characters).
 * Only the desk can make it and it does not tell the serial, so a link cannot be guessed from
 * another; changing the key invalidates the printed links, as it does the verification codes.
 */
export function confirmationToken(serial: string, key: string): string {
  return createHmac('sha256', key)
    .update(JSON.stringify(['fd-self-confirmation-v1', serial]))
    .digest()
    .subarray(0, 12)
    .toString('base64url');
}

/** A token as the link carries it: 16 base64url characters. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16}$/;
