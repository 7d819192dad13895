import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isIanaTimeZone } from '@fd/kernel';

/**
 * The knobs of the rule book the administration may turn, with their ranges (docs/rules.md#policy).
 * One schema for the scoring service's `PUT /policy`, for `PolicyChanged` (so a consumer refuses
 * what the owner would never publish) and for the copy each consumer keeps (libs/platform, policy).
 */
export const policyValuesSchema = z.object({
  /** Days after the planned service date a form is due back. */
  returnDays: z.number().int().min(0).max(365),
  /** Share of the remaining filed forms the desk calls back (0..1). */
  callbackSampleRate: z.number().min(0).max(1),
  /** Days after a penalty case opens during which the merchant may appeal. */
  appealDays: z.number().int().min(0).max(365),
  /** The mall's time zone (IANA name): it decides what "today" and "this month" are. */
  timeZone: z.string().refine(isIanaTimeZone, 'not a time zone name (IANA), e.g. Asia/Shanghai'),
});
export type PolicyValues = z.infer<typeof policyValuesSchema>;

/** A version of the policy, as `PolicyChanged` announces it. */
export const policyVersionSchema = z.object({ version: z.number().int().min(1), ...policyValuesSchema.shape });
export type PolicyVersion = z.infer<typeof policyVersionSchema>;

/** The rule book's defaults: version 1, in force until the administration sets another. */
export const DEFAULT_POLICY_VALUES: PolicyValues = { returnDays: 7, callbackSampleRate: 0.2, appealDays: 7, timeZone: DEFAULT_TIME_ZONE };
export const DEFAULT_POLICY_VERSION: PolicyVersion = { version: 1, ...DEFAULT_POLICY_VALUES };
