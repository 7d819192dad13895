import { addDays, type Decider } from '@fd/kernel';
import type { ServiceType } from '@fd/contracts';
import type { IssuedForm } from './form.decider';

/**
 * Issuance answers one upstream fact (a registered purchase, or an after-sales request)
 * exactly once: its stream records which forms it issued, so the same fact arriving again,
 * even re-published under another message id, issues nothing more.
 */
export type IssuanceSource = { kind: 'purchase'; purchaseId: string } | { kind: 'after_sales'; purchaseId: string; requestId: string };

export const issuanceStreamId = (s: IssuanceSource) =>
  s.kind === 'purchase' ? `issuance-purchase-${s.purchaseId}` : `issuance-request-${s.requestId}`;

export interface CardServices {
  cardNo: string;
  merchantId: string;
  services: Array<{ type: ServiceType; plannedDate: string; visits: number }>;
}

/** A form to issue, before it has a serial. */
export type PlannedForm = Omit<IssuedForm, 'serial' | 'issuedAt'>;

/**
 * One form per (card/merchant, service type, visit 1..visits). Every visit of a service
 * starts with the service's planned date (a callback can move a visit that did not happen).
 * A form is due `returnDays` after its planned date, or after `registeredOn` (the day the
 * purchase or request was registered, in the mall's time zone) when that is later: a late
 * registration never makes a form overdue at once (docs/rules.md#1-purchase-registration).
 */
export function planForms(source: IssuanceSource, cards: CardServices[], returnDays: number, registeredOn: string): PlannedForm[] {
  return cards.flatMap((card) =>
    card.services.flatMap((service) =>
      Array.from({ length: service.visits }, (_, i) => ({
        purchaseId: source.purchaseId,
        cardNo: card.cardNo,
        merchantId: card.merchantId,
        serviceType: service.type,
        visit: i + 1,
        plannedDate: service.plannedDate,
        dueDate: addDays(service.plannedDate > registeredOn ? service.plannedDate : registeredOn, returnDays),
        returnDays,
        ...(source.kind === 'after_sales' ? { requestId: source.requestId } : {}),
      })),
    ),
  );
}

export type IssuanceEvent = { type: 'FormsIssued'; data: { source: IssuanceSource; serials: string[] } };
export type IssuanceCommand = { type: 'IssueForms'; source: IssuanceSource; forms: IssuedForm[] };
export type IssuanceState = { status: 'pending' } | { status: 'issued'; serials: string[] };

export const issuanceDecider: Decider<IssuanceState, IssuanceCommand, IssuanceEvent> = {
  decide(command: IssuanceCommand, state: IssuanceState): IssuanceEvent[] {
    switch (command.type) {
      case 'IssueForms':
        if (state.status === 'issued') return [];
        return [{ type: 'FormsIssued', data: { source: command.source, serials: command.forms.map((f) => f.serial) } }];
      default: {
        const unknown: never = command.type;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  evolve(_state: IssuanceState, event: IssuanceEvent): IssuanceState {
    return { status: 'issued', serials: event.data.serials };
  },
  initialState(): IssuanceState {
    return { status: 'pending' };
  },
};
