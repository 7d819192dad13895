import { conflict, invalidInput, isValidDate, localDate, notFound } from '@fd/kernel';
import type { Decider } from '@fd/kernel';

export type FindingKind = 'service_without_form' | 'purchase_not_registered';

/**
 * What each kind of finding may say (docs/rules.md#purchase-kept-from-the-desk-未登記購買): a sale
 * kept from the desk names no purchase, card or form (the desk has none) and is dated by the day
 * of the sale; a service without form is dated by the day of the service. Pure, so the service
 * can check it before it looks the references up.
 */
export function assertFindingShape(f: {
  kind: FindingKind;
  servicedOn?: string;
  purchasedOn?: string;
  purchaseId?: string;
  cardNo?: string;
  serial?: string;
}) {
  const errors: { field: string; message: string }[] = [];
  if (f.kind === 'purchase_not_registered') {
    for (const field of ['purchaseId', 'cardNo', 'serial'] as const)
      if (f[field] !== undefined)
        errors.push({
          field,
          message: 'A sale kept from the desk has no purchase, card or form at the desk: leave it out, and describe the sale in the note.',
        });
    if (f.servicedOn !== undefined)
      errors.push({ field: 'servicedOn', message: 'A sale kept from the desk is dated by purchasedOn, the day of the sale.' });
  } else if (f.purchasedOn !== undefined) {
    errors.push({
      field: 'purchasedOn',
      message: 'Only a sale kept from the desk (purchase_not_registered) is dated by purchasedOn; a service by servicedOn.',
    });
  }
  if (errors.length) throw invalidInput(errors);
}

/**
 * A finding (docs/rules.md#6-callback): a service performed with no form issued at all, learned from
 * a complaint or an inspection. It makes the merchant's form "missing" (scoring opens the case).
 */
export type FindingCommand =
  | {
      type: 'RecordFinding';
      findingId: string;
      merchantId: string;
      kind: FindingKind;
      servicedOn?: string;
      purchasedOn?: string;
      purchaseId?: string;
      cardNo?: string;
      serial?: string;
      note: string;
      now: Date;
      timeZone: string;
    }
  | {
      /** An administrator withdraws a finding recorded by mistake (docs/rules.md#7-violations-and-penalty-cases). */
      type: 'WithdrawFinding';
      findingId: string;
      reason: string;
      now: Date;
      timeZone: string;
    };

export type FindingEvent =
  | {
      type: 'FindingWithdrawn';
      data: { findingId: string; merchantId: string; reason: string; withdrawnOn: string; withdrawnAt: string };
    }
  | {
      type: 'FindingRecorded';
      data: {
        findingId: string;
        merchantId: string;
        kind: FindingKind;
        servicedOn?: string;
        purchasedOn?: string;
        purchaseId?: string;
        cardNo?: string;
        serial?: string;
        note: string;
        recordedOn: string;
        recordedAt: string;
      };
    };

export type FindingState = { status: 'none' } | { status: 'recorded'; findingId: string; merchantId: string; withdrawn: boolean };

export const findingDecider: Decider<FindingState, FindingCommand, FindingEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordFinding': {
        if (state.status === 'recorded') return [];
        const recordedOn = localDate(command.now, command.timeZone);
        const { findingId, merchantId, kind, servicedOn, purchasedOn, purchaseId, cardNo, serial, note } = command;
        assertFindingShape(command);
        if (servicedOn !== undefined && !isValidDate(servicedOn))
          throw invalidInput([{ field: 'servicedOn', message: `${servicedOn} is not a date.` }]);
        if (servicedOn !== undefined && servicedOn > recordedOn)
          throw invalidInput([{ field: 'servicedOn', message: `A service cannot have been performed after today (${recordedOn}).` }]);
        if (purchasedOn !== undefined && !isValidDate(purchasedOn))
          throw invalidInput([{ field: 'purchasedOn', message: `${purchasedOn} is not a date.` }]);
        if (purchasedOn !== undefined && purchasedOn > recordedOn)
          throw invalidInput([{ field: 'purchasedOn', message: `A sale cannot have been made after today (${recordedOn}).` }]);
        return [
          {
            type: 'FindingRecorded',
            data: {
              findingId,
              merchantId,
              kind,
              ...(servicedOn ? { servicedOn } : {}),
              ...(purchasedOn ? { purchasedOn } : {}),
              ...(purchaseId ? { purchaseId } : {}),
              ...(cardNo ? { cardNo } : {}),
              ...(serial ? { serial } : {}),
              note,
              recordedOn,
              recordedAt: command.now.toISOString(),
            },
          },
        ];
      }
      case 'WithdrawFinding': {
        if (state.status === 'none') throw notFound('FINDING_NOT_FOUND', `There is no finding ${command.findingId}.`);
        if (state.withdrawn) throw conflict('FINDING_ALREADY_WITHDRAWN', `Finding ${command.findingId} was already withdrawn.`);
        return [
          {
            type: 'FindingWithdrawn',
            data: {
              findingId: state.findingId,
              merchantId: state.merchantId,
              reason: command.reason,
              withdrawnOn: localDate(command.now, command.timeZone),
              withdrawnAt: command.now.toISOString(),
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
      case 'FindingRecorded':
        return { status: 'recorded', findingId: event.data.findingId, merchantId: event.data.merchantId, withdrawn: false };
      case 'FindingWithdrawn':
        return state.status === 'recorded' ? { ...state, withdrawn: true } : state;
    }
  },
};

export const findingStreamId = (findingId: string) => `finding-${findingId}`;
