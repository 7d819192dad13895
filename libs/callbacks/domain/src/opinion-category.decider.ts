import { conflict, notFound, ruleRefuses } from '@fd/kernel';
import type { Decider } from '@fd/kernel';
import { OTHER_CATEGORY, type OpinionCategoryLabels } from '@fd/api';

/**
 * A category of the managed list of opinion categories (docs/rules.md#customer-opinions): added
 * by the administration with a code and a label in each language, retired (never deleted) when
 * no new opinion should take it. The built-in categories exist from the start without an event.
 */
export type OpinionCategoryCommand =
  | { type: 'AddOpinionCategory'; code: string; labels: OpinionCategoryLabels; builtIn: boolean; now: Date }
  | { type: 'RetireOpinionCategory'; code: string; builtIn: boolean; now: Date };

export type OpinionCategoryEvent =
  | { type: 'OpinionCategoryAdded'; data: { code: string; labels: OpinionCategoryLabels; addedAt: string } }
  | { type: 'OpinionCategoryRetired'; data: { code: string; retiredAt: string } };

export type OpinionCategoryState = { status: 'none' } | { status: 'active' | 'retired'; code: string };

export const opinionCategoryStreamId = (code: string) => `opinion-category-${code}`;

export const opinionCategoryDecider: Decider<OpinionCategoryState, OpinionCategoryCommand, OpinionCategoryEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    // a built-in category is active until its first event says otherwise
    const status = state.status === 'none' && command.builtIn ? 'active' : state.status;
    switch (command.type) {
      case 'AddOpinionCategory': {
        if (status !== 'none')
          throw conflict(
            'CATEGORY_EXISTS',
            `There is already a category with the code ${command.code}${status === 'retired' ? ' (retired; codes are never reused)' : ''}.`,
          );
        return [{ type: 'OpinionCategoryAdded', data: { code: command.code, labels: command.labels, addedAt: command.now.toISOString() } }];
      }
      case 'RetireOpinionCategory': {
        if (command.code === OTHER_CATEGORY)
          throw ruleRefuses('CATEGORY_REQUIRED', `The category ${OTHER_CATEGORY} takes every opinion no other fits; it cannot be retired.`);
        if (status === 'retired') return [];
        if (status === 'none') throw notFound('CATEGORY_NOT_FOUND', `There is no category with the code ${command.code}.`);
        return [{ type: 'OpinionCategoryRetired', data: { code: command.code, retiredAt: command.now.toISOString() } }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${String((unknown as { type: string }).type)}`);
      }
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'OpinionCategoryAdded':
        return { status: 'active', code: event.data.code };
      case 'OpinionCategoryRetired':
        return { status: 'retired', code: event.data.code };
    }
  },
};
