import type { Decider } from '@fd/kernel';
import { DEFAULT_POLICY_VALUES, PolicyValues } from '@fd/contracts';

/** The knobs of the rule book the administration may turn (docs/rules.md#policy; their ranges in libs/contracts). */
export type { PolicyValues };
export interface Policy extends PolicyValues {
  version: number;
  /** When this version was set; absent for the defaults (version 1). */
  changedAt?: string;
}

export const DEFAULT_POLICY: PolicyValues = DEFAULT_POLICY_VALUES;

/** The least count of a satisfaction rate to compare it (docs/rules.md#figures): 5 for a version set before the knob existed. */
export const minFormsToCompare = (p: Pick<PolicyValues, 'minFormsToCompare'>): number => p.minFormsToCompare ?? 5;

export type PolicyEvent = { type: 'PolicyChanged'; data: Policy & { changedAt: string } };
export type PolicyCommand = { type: 'ChangePolicy'; values: PolicyValues; now: Date };
/** Version 1 is the rule book's defaults, in force until the administration sets another. */
export type PolicyState = { status: 'default'; policy: Policy } | { status: 'changed'; policy: Policy };

/** The canonical spelling of a known zone (asia/shanghai → Asia/Shanghai). */
export function canonicalTimeZone(name: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

const same = (a: PolicyValues, b: PolicyValues) =>
  minFormsToCompare(a) === minFormsToCompare(b) &&
  a.returnDays === b.returnDays &&
  a.callbackSampleRate === b.callbackSampleRate &&
  a.appealDays === b.appealDays &&
  a.timeZone === b.timeZone;

export const policyDecider: Decider<PolicyState, PolicyCommand, PolicyEvent> = {
  initialState: () => ({ status: 'default', policy: { version: 1, ...DEFAULT_POLICY } }),
  decide(command, state) {
    switch (command.type) {
      case 'ChangePolicy': {
        const values: PolicyValues = {
          returnDays: command.values.returnDays,
          callbackSampleRate: command.values.callbackSampleRate,
          appealDays: command.values.appealDays,
          timeZone: canonicalTimeZone(command.values.timeZone),
          // a change that does not name it keeps the one in force
          minFormsToCompare: command.values.minFormsToCompare ?? minFormsToCompare(state.policy),
        };
        // setting what is already in force is not a new version
        if (same(values, state.policy)) return [];
        return [{ type: 'PolicyChanged', data: { version: state.policy.version + 1, ...values, changedAt: command.now.toISOString() } }];
      }
      default: {
        const unknown: never = command.type;
        throw new Error(`unknown command ${String(unknown)}`);
      }
    }
  },
  // a version set before minFormsToCompare existed has its default
  evolve: (_state, event) => ({
    status: 'changed',
    policy: { ...event.data, minFormsToCompare: minFormsToCompare(event.data) },
  }),
};
