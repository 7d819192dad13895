import { randomUUID } from 'node:crypto';
import { validateMessage } from './validate';
import { Topics } from './catalog';

const formVoided = JSON.stringify({
  id: randomUUID(),
  type: 'FormVoided',
  version: 1,
  streamId: 'FD00000001',
  occurredAt: '2026-11-30T10:00:00.000Z',
  correlationId: 'c',
  causationId: null,
  actor: { id: 'clerk-1', role: 'clerk' },
  payload: { serial: 'FD00000001', merchantId: 'm1', plannedDate: '2026-12-01', reason: 'cancelled' },
});

describe('a message checked against the topic it came from', () => {
  it('anEventOnItsOwnTopic_passes_withOrWithoutAPrefix', () => {
    expect(validateMessage(formVoided, Topics.forms).ok).toBe(true);
    expect(validateMessage(formVoided, `run_1.${Topics.forms}`).ok).toBe(true);
  });

  it('anEventOnAnotherServicesTopic_isRefused_withTheReason', () => {
    expect(validateMessage(formVoided, `run_1.${Topics.scoring}`)).toEqual({
      ok: false,
      reason: `FormVoided does not belong on run_1.${Topics.scoring} (its topic is ${Topics.forms})`,
    });
    expect(validateMessage(formVoided, `not${Topics.forms}`).ok).toBe(false);
  });
});
