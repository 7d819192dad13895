import { policyValuesSchema } from '@fd/contracts';

/** The rule book's ranges, the same that every service keeping a copy checks (libs/contracts/src/policy.ts). */
export const changePolicyRequest = policyValuesSchema;
