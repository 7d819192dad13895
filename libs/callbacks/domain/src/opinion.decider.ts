import { localDate } from '@fd/kernel';
import type { Decider } from '@fd/kernel';

/** A customer opinion or complaint on the register (顧客意見登記表); its text is kept exactly as given. */
export { opinionChannels, type OpinionChannel } from '@fd/api';
import type { OpinionChannel } from '@fd/api';

export type OpinionCommand = {
  type: 'RegisterOpinion';
  opinionId: string;
  channel: OpinionChannel;
  category: string;
  merchantId?: string;
  text: string;
  now: Date;
  timeZone: string;
};

export type OpinionEvent = {
  type: 'OpinionRegistered';
  data: {
    opinionId: string;
    channel: OpinionChannel;
    category: string;
    merchantId?: string;
    text: string;
    registeredOn: string;
    registeredAt: string;
  };
};

export type OpinionState = { status: 'none' } | { status: 'registered'; opinionId: string };

export const opinionDecider: Decider<OpinionState, OpinionCommand, OpinionEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterOpinion': {
        if (state.status === 'registered') return [];
        const { opinionId, channel, category, merchantId, text, now } = command;
        return [
          {
            type: 'OpinionRegistered',
            data: {
              opinionId,
              channel,
              category,
              ...(merchantId ? { merchantId } : {}),
              text,
              registeredOn: localDate(now, command.timeZone),
              registeredAt: now.toISOString(),
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
      case 'OpinionRegistered':
        return { status: 'registered', opinionId: event.data.opinionId };
    }
  },
};

export const opinionStreamId = (opinionId: string) => `opinion-${opinionId}`;
