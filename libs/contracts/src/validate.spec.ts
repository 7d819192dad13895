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

describe('a PolicyChanged checked against the rule book', () => {
  const policyChanged = (payload: Record<string, unknown>) =>
    JSON.stringify({
      id: randomUUID(),
      type: 'PolicyChanged',
      version: 1,
      streamId: 'policy',
      occurredAt: '2026-11-30T10:00:00.000Z',
      correlationId: 'c',
      causationId: null,
      actor: { id: 'admin-1', role: 'admin' },
      payload: { version: 2, returnDays: 7, callbackSampleRate: 0.2, appealDays: 7, timeZone: 'Asia/Shanghai', ...payload },
    });

  it('aPolicyWithinTheRulesRanges_passes', () => {
    expect(validateMessage(policyChanged({ returnDays: 365, appealDays: 0, callbackSampleRate: 1 }), Topics.scoring).ok).toBe(true);
  });

  it('aZoneTheRuntimeDoesNotKnow_orAnOffset_isRefused_namingTheField', () => {
    for (const timeZone of ['Mars/Olympus_Mons', '+08:00']) {
      const checked = validateMessage(policyChanged({ timeZone }), Topics.scoring);
      expect(checked).toEqual({ ok: false, reason: expect.stringContaining('timeZone: not a time zone name (IANA)') });
    }
  });

  it('daysOrARateOutsideTheirRanges_areRefused', () => {
    for (const wrong of [{ returnDays: 366 }, { appealDays: -1 }, { returnDays: 1.5 }, { callbackSampleRate: 1.2 }])
      expect(validateMessage(policyChanged(wrong), Topics.scoring).ok).toBe(false);
  });
});
