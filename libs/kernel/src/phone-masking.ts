/**
 * How a merchant sees a customer's phone number (docs/rules.md#actors): the first and last
 * digits only (an 11-digit mobile number reads `138****5678`), so it can recognise the
 * customer without being able to call around the desk. One rule for every service.
 */
export function maskPhone(phone: string): string {
  const keepHead = phone.length >= 11 ? 3 : 2;
  const keepTail = phone.length >= 11 ? 4 : 2;
  if (phone.length <= keepHead + keepTail) return '*'.repeat(phone.length);
  return `${phone.slice(0, keepHead)}${'*'.repeat(phone.length - keepHead - keepTail)}${phone.slice(-keepTail)}`;
}

/**
 * Free text written at the desk (an address, a note, a comment, an appeal) may carry a phone
 * number. Dates and amounts are left alone: only a run of 7 or more digits, or a number in
 * the usual phone shapes (138 1234 5678, 021-12345678), counts as one.
 */
const PHONE_IN_TEXT = /(?<!\d)(?:\d{3}[ -]\d{4}[ -]\d{4}|0\d{2,3}-\d{7,8}|\d{7,})(?!\d)/g;

export function maskPhoneNumbersInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (found) => maskPhone(found.replace(/\D/g, '')));
}
