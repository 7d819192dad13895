import { z } from 'zod';

export const appealRequest = z.object({
  statement: z.string().trim().min(1, 'say why the case should be dismissed').max(4000),
});
