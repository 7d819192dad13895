import { maskFreeTextFor as mask, Principal } from '@fd/platform';

/** Free text in a case and in its evidence: a finding's note, a void reason, a decision's reason, an appeal. */
const FREE_TEXT = ['comment', 'reason', 'note', 'statement'];

/** `record` as `viewer` may see it: for a merchant, phone numbers in its free-text fields are masked (docs/rules.md#actors). */
export function maskFreeTextFor<T>(viewer: Principal, record: T): T {
  return mask(viewer, record, FREE_TEXT);
}
