import { repeatedMerchantError, repeatedMerchantLines } from '@fd/api';
import { DomainError, invalidInput, notFound } from '@fd/kernel';
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
      /** The mall's time zone (the policy's): "today" for a suspension's last day. */
      timeZone: string;
    }
  | {
      type: 'RequestAfterSalesService';
      cardNo: string;
      requestId: string;
      services: PlannedService[];
      merchant: MerchantFacts;
      now: Date;
      timeZone: string;
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
        const cards = lines.map(({ merchantId, cardNo, items, services }) => ({ cardNo, merchantId, items, services }));
        return [{ type: 'PurchaseRegistered', data: { purchaseId, registeredAt: now.toISOString(), customer, cards } }];
      }
      case 'RequestAfterSalesService': {
        const card = state.status === 'registered' ? state.cards.find((c) => c.cardNo === command.cardNo) : undefined;
        if (state.status !== 'registered' || !card) throw cardNotFound(command.cardNo);
        if (card.services.some((s) => s.requestId === command.requestId)) return [];
        if (command.services.length === 0)
          throw invalidInput([{ field: 'services', message: 'an after-sales request needs at least one service' }]);
        assertNotSuspended(command.merchant, command.now, command.timeZone);
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

export function cardNotFound(cardNo: string): DomainError {
  return notFound('CARD_NOT_FOUND', `There is no insurance card ${cardNo}.`);
}

// one card per (purchase, merchant): the contract's rule (libs/api), which the request's schema checks too
export { repeatedMerchantError, repeatedMerchantLines };

/** The number of feedback forms the forms service issues for these services: one per visit. */
export function formsFor(services: Array<{ visits: number }>): number {
  return services.reduce((n, s) => n + s.visits, 0);
}
