import { z } from 'zod';
import { isoDate, isoDateTime, ratingSchema, serviceTypeSchema } from './fields';

/**
 * The customer's own confirmation of a form, on the public page its QR code opens (docs/api.md,
 * "Self-confirmation"; docs/rules.md, "The customer's own confirmation"). No token: the customer
 * proves the purchase's phone instead.
 */

/** POST /public/self-confirmations/{token}/code: the last 4 digits of the purchase's phone. */
export const selfConfirmationCodeRequest = z.object({
  phoneLast4: z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'expected the last 4 digits of the phone'),
});

/** POST /public/self-confirmations/{token}/confirm: the code sent by SMS, the customer's rating and an optional comment. */
export const selfConfirmRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'expected the 6 digits sent by SMS'),
  rating: ratingSchema,
  comment: z.string().trim().max(500).optional(),
});

/**
 * What the page shows: the service, never the customer (no name, no address; the phone masked).
 * `state`: `open` (it may be confirmed), `confirmed` (it was, with the customer's rating),
 * `closed` (voided, settled by a callback, or past its days), `unavailable` (no phone known).
 */
export const selfConfirmationPage = z.object({
  serial: z.string(),
  serviceType: serviceTypeSchema,
  visit: z.number().int(),
  plannedDate: isoDate,
  dueDate: isoDate,
  merchantName: z.string().optional(),
  merchantNumber: z.string().optional(),
  phone: z.string().optional().meta({ description: 'masked: 138****5678' }),
  state: z.enum(['open', 'confirmed', 'closed', 'unavailable']),
  confirmedAt: isoDateTime.optional(),
  rating: ratingSchema.optional(),
});
export type SelfConfirmationPage = z.infer<typeof selfConfirmationPage>;

/** POST …/code answers where the code went (masked) and until when it works. */
export const selfConfirmationCodeSent = z.object({ sentTo: z.string(), expiresAt: isoDateTime });

/** GET /_test/sms-inbox (test mode): the messages the SMS adapter without a provider sent, newest first. */
export const smsInboxAnswer = z.object({
  items: z.array(z.object({ id: z.string(), phone: z.string(), text: z.string(), sentAt: isoDateTime })),
});
