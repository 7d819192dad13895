import type { Principal } from '@fd/platform';

/**
 * Merchants see customers' phone numbers masked, in free text too (RULES.md, "Actors"): a run
 * of 7+ digits, or `138 1234 5678` / `021-12345678`, keeps its first 3 and last 4 digits when it
 * has 11 or more, else its first and last 2. The same rule as the callbacks service's notes
 * (docs/callbacks.md); written here again because a service never imports another's code.
 */
const PHONE_IN_TEXT = /(?<!\d)(?:\d{3}[ -]\d{4}[ -]\d{4}|0\d{2,3}-\d{7,8}|\d{7,})(?!\d)/g;

export function maskPhoneNumbersInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (found) => {
    const digits = found.replace(/\D/g, '');
    const head = digits.length >= 11 ? 3 : 2;
    const tail = digits.length >= 11 ? 4 : 2;
    return `${digits.slice(0, head)}${'*'.repeat(digits.length - head - tail)}${digits.slice(-tail)}`;
  });
}

/** The free text the desk writes on a form and in its events: the customer's comment, a void reason. */
const FREE_TEXT = ['comment', 'reason', 'voidReason', 'note'];

/** `record` as `viewer` may see it: for a merchant, phone numbers in its free-text fields are masked. */
export function maskFreeTextFor<T>(viewer: Principal, record: T): T {
  if (viewer.role !== 'merchant' || !record || typeof record !== 'object') return record;
  const masked: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const k of FREE_TEXT) if (typeof masked[k] === 'string') masked[k] = maskPhoneNumbersInText(masked[k] as string);
  return masked as T;
}
