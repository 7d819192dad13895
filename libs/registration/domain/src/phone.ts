/**
 * How a merchant sees a customer's phone number: the first and last digits only
 * (an 11-digit mobile number reads `138****5678`), so the merchant can recognise the
 * customer without being able to call around the desk.
 */
export function maskPhone(phone: string): string {
  const keepHead = phone.length >= 11 ? 3 : 2;
  const keepTail = phone.length >= 11 ? 4 : 2;
  if (phone.length <= keepHead + keepTail) return '*'.repeat(phone.length);
  return `${phone.slice(0, keepHead)}${'*'.repeat(phone.length - keepHead - keepTail)}${phone.slice(-keepTail)}`;
}
