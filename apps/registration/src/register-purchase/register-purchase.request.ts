import { z } from 'zod';
import { repeatedMerchantError, repeatedMerchantLines } from '@fd/registration-domain';
import { phoneNumber, plannedService, text } from '../shared/fields';

const item = z.object({
  description: text(200),
  quantity: z.number({ error: 'a number' }).int('a whole number').min(1, 'at least 1'),
  /** The amount of this item line in cents (not a unit price). */
  amountCents: z.number({ error: 'a number of cents' }).int('whole cents').min(0, 'not negative'),
});

const line = z
  .object({
    merchantId: text(100),
    items: z.array(item).max(100).default([]),
    services: z.array(plannedService).max(10).default([]),
  })
  .superRefine((l, ctx) => {
    if (l.items.length === 0 && l.services.length === 0)
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'a line needs goods or follow-up services' });
    // Forms are numbered per (merchant, service type, visit): more visits of one type go in `visits`.
    l.services.forEach((s, i) => {
      if (l.services.findIndex((o) => o.type === s.type) < i)
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'type'],
          message: `${s.type} is already planned in this line; use visits for more visits`,
        });
    });
  });

export const registerPurchaseRequest = z
  .object({
    customer: z.object({ name: text(100), phone: phoneNumber, address: text(300) }, { error: 'required' }),
    lines: z.array(line, { error: 'required' }).min(1, 'a purchase needs at least one line').max(20, 'at most 20 merchants'),
  })
  .superRefine((p, ctx) => {
    for (const i of repeatedMerchantLines(p.lines))
      ctx.addIssue({ code: 'custom', path: ['lines', i, 'merchantId'], message: repeatedMerchantError(i).message });
  });

export type RegisterPurchaseRequest = z.infer<typeof registerPurchaseRequest>;
