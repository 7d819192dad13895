/**
 * Free text written at the desk (an opinion, a finding's note, a callback note) may carry a
 * customer's phone number. A merchant sees such numbers masked as everywhere else: the first
 * and last digits only (`138****5678`), so it can recognise a customer without calling around
 * the desk. Dates and amounts are left alone: only a run of 7 or more digits, or a number
 * written in the usual phone shapes (138 1234 5678, 021-12345678), counts as a phone number.
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
