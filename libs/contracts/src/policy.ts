import { z } from 'zod';
import { policyValuesSchema } from '@fd/api';
import { DEFAULT_TIME_ZONE } from '@fd/kernel';

/**
 * The knobs of the rule book the administration may turn, with their ranges (docs/rules.md#policy):
 * one schema, the HTTP contract's (libs/api), for the scoring service's `PUT /policy`, for
 * `PolicyChanged` (so a consumer refuses what the owner would never publish) and for the copy each
 * consumer keeps (libs/platform, policy).
 */
export { policyValuesSchema };
export type PolicyValues = z.infer<typeof policyValuesSchema>;

/** A version of the policy, as `PolicyChanged` announces it. */
export const policyVersionSchema = z.object({ version: z.number().int().min(1), ...policyValuesSchema.shape });
export type PolicyVersion = z.infer<typeof policyVersionSchema>;

/** The rule book's defaults: version 1, in force until the administration sets another. */
export const DEFAULT_POLICY_VALUES: PolicyValues = {
  returnDays: 7,
  callbackSampleRate: 0.2,
  appealDays: 7,
  timeZone: DEFAULT_TIME_ZONE,
  minFormsToCompare: 5,
};
export const DEFAULT_POLICY_VERSION: PolicyVersion = { version: 1, ...DEFAULT_POLICY_VALUES };
