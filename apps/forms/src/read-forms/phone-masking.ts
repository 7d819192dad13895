import { maskFreeTextFor as mask, Principal } from '@fd/platform';

/** The free text the desk writes on a form and in its events: the customer's comment, a void reason. */
const FREE_TEXT = ['comment', 'reason', 'voidReason', 'note'];

/** `record` as `viewer` may see it: for a merchant, phone numbers in its free-text fields are masked (docs/rules.md#actors). */
export function maskFreeTextFor<T>(viewer: Principal, record: T): T {
  return mask(viewer, record, FREE_TEXT);
}
