import { maskPhoneNumbersInText } from '@fd/kernel';
import type { Principal } from './tokens';

/** `record` as `viewer` may see it: for a merchant, phone numbers in the named free-text fields are masked. */
export function maskFreeTextFor<T>(viewer: Principal, record: T, fields: readonly string[]): T {
  if (viewer.role !== 'merchant' || !record || typeof record !== 'object') return record;
  const masked: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const k of fields) if (typeof masked[k] === 'string') masked[k] = maskPhoneNumbersInText(masked[k] as string);
  return masked as T;
}
