import { z } from 'zod';
import type { CasePosition } from '../penalty-cases/penalty-case.read-model';

/** The cursor of a page is the position of its last case, opaque to clients. */
export const encodeCursor = (p: CasePosition) => Buffer.from(JSON.stringify([p.openedAt, p.caseId])).toString('base64url');

const cursor = z.string().transform((raw, ctx): CasePosition => {
  try {
    const [openedAt, caseId] = JSON.parse(Buffer.from(raw, 'base64url').toString());
    if (typeof caseId === 'string' && typeof openedAt === 'string' && !Number.isNaN(Date.parse(openedAt))) return { openedAt, caseId };
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
