import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/**
 * The entry point forwards a request's `Idempotency-Key` (scoped to the user, hashed) in this
 * header, so that a service can make the ids it creates follow from it: a repeat of the same
 * request then meets the stream it created the first time, whose decider says "nothing new".
 * That keeps a repeat harmless even when the entry point no longer has the first answer (it was
 * killed before it could store it, and a retry took the key over).
 */
export const REQUEST_KEY_HEADER = 'x-request-key';

/** The request's key as the entry point forwarded it, or undefined. */
export const RequestKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const v = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[REQUEST_KEY_HEADER];
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? v : undefined;
});

/** The header value for a user-scoped key (what the entry point sends). */
export function requestKeyHeader(scopedKey: string): string {
  return createHash('sha256').update(scopedKey).digest('hex');
}

/**
 * The id of a new thing of `kind`: random without a key; with one, the same name-based UUID
 * (version 5 layout, SHA-256) every time the same request comes again.
 */
export function idFor(kind: string, requestKey?: string): string {
  if (!requestKey) return randomUUID();
  const h = createHash('sha256').update(`${kind}\n${requestKey}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
