/**
 * Insurance card numbers are `SC` (service card, 服務保險卡) followed by an 8-digit
 * sequence number from the registration database: unique, increasing, easy to read out
 * over the phone. A refused registration may use up numbers, so gaps are possible.
 */
export function cardNumber(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 99_999_999)
    throw new RangeError(`card sequence ${sequence} out of range`);
  return `SC${String(sequence).padStart(8, '0')}`;
}

export const CARD_NUMBER_PATTERN = /^SC\d{8}$/;
