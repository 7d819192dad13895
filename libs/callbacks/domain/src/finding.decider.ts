import { invalidInput, isValidDate, localDate } from '@fd/kernel';
import type { Decider } from '@fd/kernel';

/**
 * A finding (docs/rules.md#6-callback): a service performed with no form issued at all, learned from
 * a complaint or an inspection. It makes the merchant's form "missing" (scoring opens the case).
 */
export type FindingCommand = {
  type: 'RecordFinding';
  findingId: string;
  merchantId: string;
  kind: 'service_without_form';
  servicedOn?: string;
  purchaseId?: string;
  cardNo?: string;
  serial?: string;
  note: string;
  now: Date;
  timeZone: string;
};

export type FindingEvent = {
  type: 'FindingRecorded';
  data: {
    findingId: string;
    merchantId: string;
    kind: 'service_without_form';
    servicedOn?: string;
    purchaseId?: string;
    cardNo?: string;
    serial?: string;
    note: string;
    recordedOn: string;
    recordedAt: string;
  };
};

export type FindingState = { status: 'none' } | { status: 'recorded'; findingId: string };

export const findingDecider: Decider<FindingState, FindingCommand, FindingEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordFinding': {
        if (state.status === 'recorded') return [];
        const recordedOn = localDate(command.now, command.timeZone);
        const { findingId, merchantId, kind, servicedOn, purchaseId, cardNo, serial, note } = command;
        if (servicedOn !== undefined && !isValidDate(servicedOn))
          throw invalidInput([{ field: 'servicedOn', message: `${servicedOn} is not a date.` }]);
        if (servicedOn !== undefined && servicedOn > recordedOn)
          throw invalidInput([{ field: 'servicedOn', message: `A service cannot have been performed after today (${recordedOn}).` }]);
        return [
          {
            type: 'FindingRecorded',
            data: {
              findingId,
              merchantId,
              kind,
              ...(servicedOn ? { servicedOn } : {}),
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
      default: {
        const unknown: never = command.type;
        throw new Error(`unknown command ${String(unknown)}`);
      }
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'FindingRecorded':
        return { status: 'recorded', findingId: event.data.findingId };
    }
  },
};

export const findingStreamId = (findingId: string) => `finding-${findingId}`;
