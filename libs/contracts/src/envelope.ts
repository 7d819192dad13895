import { z } from 'zod';
import { DEFAULT_MALL, mallIdSchema } from '@fd/api';

export { DEFAULT_MALL, mallIdSchema } from '@fd/api';

/** Who caused an event: a signed-in user, or a service acting on its own (the deadline sweeper, a consumer). */
export const actorSchema = z.object({
  id: z.string().min(1),
  role: z.enum(['clerk', 'merchant', 'admin', 'manager', 'group_admin', 'system']),
  merchantId: z.string().optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

/**
 * What travels on Kafka. `id` is unique per message and is what consumers deduplicate on;
 * `streamId` (prefixed by the mall outside the default mall) is the Kafka key, so one
 * stream stays ordered on one partition.
 */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  streamId: z.string().min(1),
  occurredAt: z.string().datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  actor: actorSchema,
  /** The mall whose event this is; absent on messages from before there were several (the default mall's). */
  mallId: mallIdSchema.optional(),
  payload: z.unknown(),
});

/** The mall a message belongs to. */
export const mallOf = (e: { mallId?: string }): string => e.mallId ?? DEFAULT_MALL;
export type Envelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
export const isoDateTime = z.string().datetime({ offset: true });
