import { z } from 'zod';
import type { CasePosition } from '../penalty-cases/penalty-case.read-model';

/** The cursor of a page is the position of its last case, opaque to clients. */
export const encodeCursor = (p: CasePosition) =>
  Buffer.from(JSON.stringify([new Date(p.openedAt).toISOString(), p.caseId])).toString('base64url');

const cursor = z.string().transform((raw, ctx): CasePosition => {
  try {
    const [openedAt, caseId] = JSON.parse(Buffer.from(raw, 'base64url').toString());
    // exactly as encodeCursor wrote it: a time PostgreSQL cannot read, or a NUL in the id, is refused here and not by the database
    const canonicalTime = typeof openedAt === 'string' && new Date(openedAt).toISOString() === openedAt && openedAt >= '0001';
    if (canonicalTime && typeof caseId === 'string' && !caseId.includes('\u0000')) return { openedAt, caseId };
  } catch {
    // not ours; reported below
  }
  ctx.addIssue({ code: 'custom', message: 'not a cursor this list gave out' });
  return z.NEVER;
});

export const listPenaltyCasesQuery = z.object({
  status: z.enum(['open', 'decided']).optional(),
  merchantId: z.string().min(1).optional(),
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
