import type { EntityManager } from 'typeorm';
import type { EventStore } from '@fd/platform';
import { Policy, PolicyEvent, policyDecider } from '@fd/scoring-domain';

export const POLICY_STREAM = 'policy';

/** The policy in force: the last version in the log, or the defaults (version 1). */
export async function currentPolicy(store: EventStore, m: EntityManager): Promise<Policy> {
  const events = await store.readStream<PolicyEvent>(m, POLICY_STREAM);
  return events.reduce((s, e) => policyDecider.evolve(s, { type: e.type, data: e.data } as PolicyEvent), policyDecider.initialState())
    .policy;
}
