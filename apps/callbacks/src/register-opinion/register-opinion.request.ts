import { z } from 'zod';
import { opinionChannels } from '@fd/callbacks-domain';
import { nonBlankText } from '../shared/fields';

export const registerOpinionRequest = z.object({
  channel: z.enum(opinionChannels),
  /** Counted as written (trimmed): the summary groups opinions by it. */
  category: z.string().trim().min(1).max(100),
  merchantId: z.string().trim().min(1).optional(),
  /** The customer's words, kept exactly as given. */
  text: nonBlankText(20000),
});
