import { z } from 'zod';
import type { PurchasePosition } from '../read-models/purchase.read-model';

/** The cursor of a page is the position of its last purchase, opaque to clients. */
export const encodeCursor = (p: PurchasePosition) => Buffer.from(JSON.stringify([p.registeredAt, p.purchaseId])).toString('base64url');

const cursor = z.string().transform((raw, ctx): PurchasePosition => {
  try {
    const [registeredAt, purchaseId] = JSON.parse(Buffer.from(raw, 'base64url').toString());
    // exactly as encodeCursor wrote it: a time PostgreSQL cannot read, or a NUL in the id, is refused here and not by the database
    const canonicalTime =
      typeof registeredAt === 'string' && new Date(registeredAt).toISOString() === registeredAt && registeredAt >= '0001';
    if (canonicalTime && typeof purchaseId === 'string' && !purchaseId.includes('\u0000')) return { registeredAt, purchaseId };
  } catch {
    // not ours; reported below
  }
  ctx.addIssue({ code: 'custom', message: 'not a cursor this list gave out' });
  return z.NEVER;
});

export const listPurchasesQuery = z.object({
  merchantId: z.string().min(1).optional(),
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
