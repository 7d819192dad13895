import { z } from 'zod';

/** A fine or a suspension goes only with uphold (the decider refuses them with dismiss, naming the field). */
export const decisionRequest = z.object({
  decision: z.enum(['uphold', 'dismiss']),
  reason: z.string().trim().min(1, 'give the reason of the decision').max(4000),
  fineCents: z.number().int().min(0).optional(),
  suspendDays: z.number().int().min(0).max(3650).optional(),
});
