import { z } from 'zod';
import { isIanaTimeZone } from '@fd/scoring-domain';

export const changePolicyRequest = z.object({
  returnDays: z.number().int().min(0).max(365),
  callbackSampleRate: z.number().min(0).max(1),
  appealDays: z.number().int().min(0).max(365),
  timeZone: z.string().refine(isIanaTimeZone, 'not a time zone name (IANA), e.g. Asia/Shanghai'),
});
