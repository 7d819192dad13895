import { conflict, type Decider, DomainError, localDate, notFound, ruleRefuses } from '@fd/kernel';

export type MerchantCommand =
  /** `number`: the next of the mall's merchant numbers (M-0001), taken by the caller; unused when the merchant is already registered. */
  | { type: 'RegisterMerchant'; merchantId: string; name: string; stall: string; category: string; number: string; now: Date }
  /** An upheld penalty case suspended the merchant (scoring's PenaltyCaseDecided with suspendedUntil). */
  | { type: 'SuspendMerchant'; merchantId: string; caseId: string; until: string; now: Date };

export type MerchantEvent =
  | {
      type: 'MerchantRegistered';
      /** `number` since merchants have one; those registered before got theirs in a MerchantNumbered of their stream. */
      data: { merchantId: string; name: string; stall: string; category: string; registeredAt: string; number?: string };
    }
  | { type: 'MerchantSuspended'; data: { merchantId: string; caseId: string; until: string } }
  /** A number given to a merchant registered before merchants had one (the registry's migration MerchantNumbers). */
  | { type: 'MerchantNumbered'; data: { merchantId: string; number: string } };

export type MerchantState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      merchantId: string;
      name: string;
      stall: string;
      category: string;
      registeredAt: string;
      /** The mall's short number of the merchant (M-0001), printed on the card and the form instead of any internal id. */
      number?: string;
      /** The last day of the longest suspension decided so far (inclusive), or null. */
      suspendedUntil: string | null;
      suspensionCases: string[];
    };

export const merchantDecider: Decider<MerchantState, MerchantCommand, MerchantEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterMerchant': {
        const { merchantId, name, stall, category, number, now } = command;
        if (state.status === 'registered') {
          if (state.name === name && state.stall === stall && state.category === category) return [];
          throw conflict('MERCHANT_ALREADY_REGISTERED', `Merchant ${merchantId} is already registered.`);
        }
        return [{ type: 'MerchantRegistered', data: { merchantId, name, stall, category, registeredAt: now.toISOString(), number } }];
      }
      case 'SuspendMerchant': {
        if (state.status !== 'registered') throw merchantNotFound(command.merchantId);
        if (state.suspensionCases.includes(command.caseId)) return [];
        return [{ type: 'MerchantSuspended', data: { merchantId: command.merchantId, caseId: command.caseId, until: command.until } }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${(unknown as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MerchantRegistered':
        return { status: 'registered', ...event.data, suspendedUntil: null, suspensionCases: [] };
      case 'MerchantSuspended':
        if (state.status !== 'registered') return state;
        return {
          ...state,
          // A shorter suspension decided later does not cut a longer one short.
          suspendedUntil: state.suspendedUntil && state.suspendedUntil > event.data.until ? state.suspendedUntil : event.data.until,
          suspensionCases: [...state.suspensionCases, event.data.caseId],
        };
      case 'MerchantNumbered':
        return state.status === 'registered' ? { ...state, number: state.number ?? event.data.number } : state;
    }
  },
};

export function merchantNotFound(merchantId: string): DomainError {
  return notFound('MERCHANT_NOT_FOUND', `There is no merchant ${merchantId} in the registry.`);
}

/** The mall's number of its `n`th merchant: M-0001, M-0002, … (more digits past M-9999). */
export const merchantNumber = (n: number): string => `M-${String(n).padStart(4, '0')}`;

/** A suspension holds through its last day, in the mall's time zone (the policy's `timeZone`). */
export function isSuspended(suspendedUntil: string | null, now: Date, timeZone: string): boolean {
  return suspendedUntil !== null && localDate(now, timeZone) <= suspendedUntil;
}

/** docs/rules.md#7-violations-and-penalty-cases: no new purchase lines (nor after-sales requests) for a suspended merchant. */
export function assertNotSuspended(
  merchant: { id: string; name: string; suspendedUntil: string | null },
  now: Date,
  timeZone: string,
): void {
  if (isSuspended(merchant.suspendedUntil, now, timeZone))
    throw ruleRefuses(
      'MERCHANT_SUSPENDED',
      `${merchant.name} (${merchant.id}) is suspended until ${merchant.suspendedUntil} inclusive; nothing new can be registered for it before ${merchant.suspendedUntil} has ended.`,
    );
}
