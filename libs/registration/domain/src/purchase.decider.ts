import { repeatedMerchantError, repeatedMerchantLines } from '@fd/api';
import { DomainError, invalidInput, localDate, notFound, ruleRefuses } from '@fd/kernel';
import type { Decider } from '@fd/kernel';
import type { ServiceType } from '@fd/contracts';
import { assertNotSuspended, merchantNotFound } from './merchant.decider';

export interface Customer {
  name: string;
  phone: string;
  address: string;
}
export interface Item {
  description: string;
  quantity: number;
  /** The amount of this item line in cents. */
  amountCents: number;
}
export interface PlannedService {
  type: ServiceType;
  plannedDate: string;
  visits: number;
}
/** A service on a card: planned at registration, or requested later as after-sales service. */
export interface CardService extends PlannedService {
  requestId?: string;
  requestedAt?: string;
}
/** The insurance card (《服務保險卡》): one per (purchase, merchant). */
export interface Card {
  cardNo: string;
  merchantId: string;
  items: Item[];
  services: CardService[];
}
/** What the registry knows of a merchant when a command is decided (looked up by the caller). */
export interface MerchantFacts {
  id: string;
  name: string;
  suspendedUntil: string | null;
}

export type PurchaseCommand =
  | {
      type: 'RegisterPurchase';
      purchaseId: string;
      customer: Customer;
      /** Each line already carries the card number the desk allocated for it. */
      lines: Array<{ merchantId: string; cardNo: string; items: Item[]; services: PlannedService[] }>;
      /** The registered merchants among the lines' merchants; a merchant missing here is unknown. */
      merchants: MerchantFacts[];
      now: Date;
      /** The mall's time zone (the policy's): "today" for a suspension's last day and for a late registration. */
      timeZone: string;
      /** An administrator may register services planned before today (a late registration). */
      lateAllowed: boolean;
    }
  | {
      type: 'RequestAfterSalesService';
      cardNo: string;
      requestId: string;
      services: PlannedService[];
      now: Date;
      timeZone: string;
      lateAllowed: boolean;
    };

export type PurchaseEvent =
  | { type: 'PurchaseRegistered'; data: { purchaseId: string; registeredAt: string; customer: Customer; cards: Card[] } }
  | {
      type: 'AfterSalesServiceRequested';
      data: { purchaseId: string; cardNo: string; merchantId: string; requestId: string; requestedAt: string; services: PlannedService[] };
    };

export type PurchaseState =
  | { status: 'unregistered' }
  | { status: 'registered'; purchaseId: string; registeredAt: string; customer: Customer; cards: Card[] };

export const purchaseDecider: Decider<PurchaseState, PurchaseCommand, PurchaseEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterPurchase': {
        if (state.status === 'registered') return [];
        const { purchaseId, customer, lines, merchants, now, timeZone } = command;
        if (lines.length === 0) throw invalidInput([{ field: 'lines', message: 'a purchase needs at least one line' }]);
        const repeated = repeatedMerchantLines(lines);
        if (repeated.length) throw invalidInput(repeated.map(repeatedMerchantError));
        for (const line of lines) {
          const merchant = merchants.find((m) => m.id === line.merchantId);
          if (!merchant) throw merchantNotFound(line.merchantId);
          assertNotSuspended(merchant, now, timeZone);
        }
        assertNotLate(
          lines.map((l) => l.services),
          command,
        );
        const cards = lines.map(({ merchantId, cardNo, items, services }) => ({ cardNo, merchantId, items, services }));
        return [{ type: 'PurchaseRegistered', data: { purchaseId, registeredAt: now.toISOString(), customer, cards } }];
      }
      case 'RequestAfterSalesService': {
        const card = state.status === 'registered' ? state.cards.find((c) => c.cardNo === command.cardNo) : undefined;
        if (state.status !== 'registered' || !card) throw cardNotFound(command.cardNo);
        if (card.services.some((s) => s.requestId === command.requestId)) return [];
        if (command.services.length === 0)
          throw invalidInput([{ field: 'services', message: 'an after-sales request needs at least one service' }]);
        // a suspension stops new sales, never the service a customer already bought (docs/rules.md#2-insurance-card)
        assertNotLate([command.services], command, 'plannedDate');
        return [
          {
            type: 'AfterSalesServiceRequested',
            data: {
              purchaseId: state.purchaseId,
              cardNo: card.cardNo,
              merchantId: card.merchantId,
              requestId: command.requestId,
              requestedAt: command.now.toISOString(),
              services: command.services,
            },
          },
        ];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${(unknown as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PurchaseRegistered':
        return { status: 'registered', ...event.data };
      case 'AfterSalesServiceRequested': {
        if (state.status !== 'registered') return state;
        const { cardNo, requestId, requestedAt, services } = event.data;
        return {
          ...state,
          cards: state.cards.map((c) =>
            c.cardNo === cardNo ? { ...c, services: [...c.services, ...services.map((s) => ({ ...s, requestId, requestedAt }))] } : c,
          ),
        };
      }
    }
  },
};

/**
 * A service planned before the day of registration is a late registration (docs/rules.md#1-purchase-registration):
 * only an administrator may make one; a clerk's request is refused whole.
 */
function assertNotLate(
  servicesByLine: PlannedService[][],
  { now, timeZone, lateAllowed }: { now: Date; timeZone: string; lateAllowed: boolean },
  /** The field named for an after-sales request, whose body is one service. */
  path?: 'plannedDate',
): void {
  if (lateAllowed) return;
  const today = localDate(now, timeZone);
  const late = servicesByLine.flatMap((services, i) =>
    services.flatMap((s, j) =>
      s.plannedDate < today
        ? [
            {
              field: path ?? `lines.${i}.services.${j}.plannedDate`,
              message: `planned for ${s.plannedDate}, before today (${today}): only an administrator may register a service late`,
            },
          ]
        : [],
    ),
  );
  if (late.length) throw plannedDateInPast(today, late);
}

export function plannedDateInPast(today: string, fields: Array<{ field: string; message: string }>): DomainError {
  return ruleRefuses(
    'PLANNED_DATE_IN_PAST',
    `A service planned before today (${today}) is a late registration, which only an administrator may make; nothing was registered.`,
    fields,
  );
}

export function cardNotFound(cardNo: string): DomainError {
  return notFound('CARD_NOT_FOUND', `There is no insurance card ${cardNo}.`);
}

// one card per (purchase, merchant): the contract's rule (libs/api), which the request's schema checks too
export { repeatedMerchantError, repeatedMerchantLines };

/** The number of feedback forms the forms service issues for these services: one per visit. */
export function formsFor(services: Array<{ visits: number }>): number {
  return services.reduce((n, s) => n + s.visits, 0);
}
