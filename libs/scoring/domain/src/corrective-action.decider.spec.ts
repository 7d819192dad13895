import { spec } from '@fd/kernel/testing';
import {
  ActionOpening,
  CorrectiveActionCommand,
  correctiveActionDecider,
  CorrectiveActionEvent,
  CorrectiveAction,
  escalationOf,
} from './corrective-action.decider';

const tz = 'Asia/Shanghai';
/** 10:00 in the mall (Asia/Shanghai) on a date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const actionId = 'CA-0001';
const opening: ActionOpening = {
  actionId,
  source: { kind: 'penalty_case', ref: 'PC-1' },
  problem: 'Forms not returned',
  cause: 'No one collects the forms at closing',
  action: 'The shift lead collects the forms daily',
  owner: { merchantId: 'm1' },
  dueDate: '2026-11-15',
  openedAt: at('2026-11-01').toISOString(),
};
const opened: CorrectiveActionEvent = { type: 'ActionOpened', data: opening };
const merchant = { role: 'merchant', merchantId: 'm1' };
const answered = (done: boolean, date = '2026-11-10'): CorrectiveActionEvent => ({
  type: 'ActionAnswered',
  data: { actionId, note: 'Collected daily', done, at: at(date).toISOString(), by: 'merchant' },
});
const checked = (effective: boolean): CorrectiveActionEvent => ({
  type: 'ActionChecked',
  data: { actionId, effective, note: 'Return rate', checkedAt: at('2026-11-20').toISOString() },
});
const answer = (over: Partial<Extract<CorrectiveActionCommand, { type: 'AnswerAction' }>> = {}): CorrectiveActionCommand => ({
  type: 'AnswerAction',
  actionId,
  note: 'Collected daily',
  done: true,
  by: merchant,
  now: at('2026-11-10'),
  ...over,
});
const decide = (over: Partial<Extract<CorrectiveActionCommand, { type: 'DecideEscalatedAction' }>> = {}): CorrectiveActionCommand => ({
  type: 'DecideEscalatedAction',
  actionId,
  decision: 'reassign',
  note: 'Give it two more weeks',
  dueDate: '2026-12-01',
  now: at('2026-11-17'),
  timeZone: tz,
  ...over,
});
const stateOf = (events: CorrectiveActionEvent[]) =>
  events.reduce(correctiveActionDecider.evolve, correctiveActionDecider.initialState()) as CorrectiveAction;

describe('corrective action decider (docs/rules.md, "Corrective and preventive actions")', () => {
  it('openAction_recordsTheOpening_once', () => {
    spec(correctiveActionDecider).given([]).when({ type: 'OpenAction', opening, timeZone: tz }).then([opened]);
    spec(correctiveActionDecider).given([opened]).when({ type: 'OpenAction', opening, timeZone: tz }).thenNothingHappened();
  });

  it('openAction_dueBeforeToday_isRefused', () =>
    spec(correctiveActionDecider)
      .given([])
      .when({ type: 'OpenAction', opening: { ...opening, dueDate: '2026-10-31' }, timeZone: tz })
      .thenThrows('VALIDATION_FAILED'));

  it('answer_byTheOwningMerchant_marksItDone', () => {
    spec(correctiveActionDecider)
      .given([opened])
      .when(answer())
      .then([answered(true)]);
    expect(stateOf([opened, answered(false)]).status).toBe('open');
    expect(stateOf([opened, answered(true)]).status).toBe('done');
  });

  it('answer_byAnotherMerchantOrTheAdmin_isForbidden', () => {
    spec(correctiveActionDecider)
      .given([opened])
      .when(answer({ by: { role: 'merchant', merchantId: 'm2' } }))
      .thenThrows('OTHER_MERCHANT');
    spec(correctiveActionDecider)
      .given([opened])
      .when(answer({ by: { role: 'admin' } }))
      .thenThrows('OTHER_MERCHANT');
  });

  it('answer_ofADepartmentsAction_isTheAdministrations', () => {
    const dept: CorrectiveActionEvent = { type: 'ActionOpened', data: { ...opening, owner: { department: 'Customer service' } } };
    spec(correctiveActionDecider)
      .given([dept])
      .when(answer({ by: merchant }))
      .thenThrows('NOT_THE_OWNER');
    expect(correctiveActionDecider.decide(answer({ by: { role: 'admin' } }), stateOf([dept]))[0].data).toMatchObject({
      by: 'admin',
      done: true,
    });
  });

  it('answer_whenDone_isAConflict', () =>
    spec(correctiveActionDecider)
      .given([opened, answered(true)])
      .when(answer())
      .thenThrows('ACTION_ALREADY_DONE'));

  it('check_beforeDone_isRefused_andAfterDone_closesOrEscalates', () => {
    const check = (effective: boolean): CorrectiveActionCommand => ({
      type: 'CheckAction',
      actionId,
      effective,
      note: 'Return rate',
      now: at('2026-11-20'),
    });
    spec(correctiveActionDecider).given([opened]).when(check(true)).thenThrows('ACTION_NOT_DONE');
    spec(correctiveActionDecider)
      .given([opened, answered(true)])
      .when(check(false))
      .then([checked(false)]);
    expect(stateOf([opened, answered(true), checked(true)]).status).toBe('closed');
    const notEffective = stateOf([opened, answered(true), checked(false)]);
    expect(notEffective.status).toBe('not_effective');
    expect(escalationOf(notEffective, '2026-11-20')).toBe('not_effective');
    spec(correctiveActionDecider)
      .given([opened, answered(true), checked(true)])
      .when(check(true))
      .thenThrows('ACTION_CLOSED');
  });

  it('escalation_overdueOnlyAfterTheDueDate_andNotOnceDone', () => {
    expect(escalationOf(stateOf([opened]), '2026-11-15')).toBeNull();
    expect(escalationOf(stateOf([opened]), '2026-11-16')).toBe('overdue');
    expect(escalationOf(stateOf([opened, answered(false)]), '2026-11-16')).toBe('overdue');
    expect(escalationOf(stateOf([opened, answered(true)]), '2026-11-16')).toBeNull();
  });

  it('managerDecision_onlyOnEscalatedActions', () => {
    spec(correctiveActionDecider)
      .given([opened])
      .when(decide({ now: at('2026-11-15') }))
      .thenThrows('ACTION_NOT_ESCALATED');
    spec(correctiveActionDecider)
      .given([opened, answered(true)])
      .when(decide())
      .thenThrows('ACTION_NOT_ESCALATED');
  });

  it('managerReassigns_anOverdueAction_withANewDueDate', () => {
    const [e] = correctiveActionDecider.decide(decide({ owner: { department: 'Operations' } }), stateOf([opened]));
    expect(e).toEqual({
      type: 'ActionDecidedByManager',
      data: {
        actionId,
        decision: 'reassign',
        note: 'Give it two more weeks',
        dueDate: '2026-12-01',
        owner: { department: 'Operations' },
        escalation: 'overdue',
        decidedAt: at('2026-11-17').toISOString(),
      },
    });
    const after = stateOf([opened, e]);
    expect(after).toMatchObject({ status: 'open', dueDate: '2026-12-01', owner: { department: 'Operations' } });
    expect(escalationOf(after, '2026-11-17')).toBeNull();
  });

  it('managerReassign_needsADueDateNotInThePast', () => {
    spec(correctiveActionDecider)
      .given([opened])
      .when(decide({ dueDate: undefined }))
      .thenThrows('VALIDATION_FAILED');
    spec(correctiveActionDecider)
      .given([opened])
      .when(decide({ dueDate: '2026-11-16' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('managerCloses_aNotEffectiveAction', () => {
    const given = [opened, answered(true), checked(false)];
    const [e] = correctiveActionDecider.decide(decide({ decision: 'close', dueDate: undefined, note: 'Accepted' }), stateOf(given));
    expect(e.data).toMatchObject({ decision: 'close', escalation: 'not_effective' });
    expect(stateOf([...given, e]).status).toBe('closed');
    spec(correctiveActionDecider)
      .given([...given, e])
      .when(decide())
      .thenThrows('ACTION_CLOSED');
  });

  it('unknownAction_isNotFound', () => spec(correctiveActionDecider).given([]).when(answer()).thenThrows('ACTION_NOT_FOUND'));
});

describe('the worked examples of corrective actions (docs/rules.md, examples CA1 to CA3)', () => {
  const run = (events: CorrectiveActionEvent[], command: CorrectiveActionCommand) => [
    ...events,
    ...correctiveActionDecider.decide(command, stateOf(events)),
  ];
  const ca1Opened: CorrectiveActionEvent[] = correctiveActionDecider.decide(
    { type: 'OpenAction', timeZone: tz, opening: { ...opening, openedAt: at('2027-03-20').toISOString(), dueDate: '2027-04-03' } },
    { status: 'none' },
  );

  it('exampleCA1_answeredThenDone_checkedEffective_isClosed_andNeverEscalated', () => {
    let events = run(ca1Opened, answer({ note: 'shift lead assigned', done: false, now: at('2027-03-25') }));
    expect(stateOf(events).status).toBe('open');
    events = run(events, answer({ note: 'collected daily since 25 March', done: true, now: at('2027-04-01') }));
    expect(escalationOf(stateOf(events), '2027-04-10')).toBeNull();
    events = run(events, { type: 'CheckAction', actionId, effective: true, note: 'no missing form since', now: at('2027-04-10') });
    expect(stateOf(events).status).toBe('closed');
    expect(escalationOf(stateOf(events), '2027-05-01')).toBeNull();
  });

  it('exampleCA2_notDoneByTheDueDate_isOverdueFromTheNextDay_andReassigned', () => {
    expect(escalationOf(stateOf(ca1Opened), '2027-04-03')).toBeNull();
    expect(escalationOf(stateOf(ca1Opened), '2027-04-04')).toBe('overdue');
    const reassign = decide({ note: "talk to M's owner", dueDate: '2027-04-20', now: at('2027-04-06') });
    spec(correctiveActionDecider)
      .given(ca1Opened)
      .when({ ...reassign, dueDate: '2027-04-05' } as CorrectiveActionCommand)
      .thenThrows('VALIDATION_FAILED');
    const after = stateOf(run(ca1Opened, reassign));
    expect(after).toMatchObject({ status: 'open', dueDate: '2027-04-20' });
    expect(escalationOf(after, '2027-04-06')).toBeNull();
  });

  it('exampleCA3_aDepartmentsActionNotEffective_isEscalated_andClosedByTheManager', () => {
    const dept: CorrectiveActionEvent = { type: 'ActionOpened', data: { ...opening, owner: { department: 'customer service' } } };
    let events = run([dept], answer({ by: { role: 'admin' }, note: 'training held' }));
    events = run(events, { type: 'CheckAction', actionId, effective: false, note: 'rude service still reported', now: at('2026-11-12') });
    expect(escalationOf(stateOf(events), '2026-11-12')).toBe('not_effective');
    events = run(events, decide({ decision: 'close', dueDate: undefined, note: 'moved to the staff-training plan' }));
    expect(stateOf(events).status).toBe('closed');
    spec(correctiveActionDecider)
      .given(events)
      .when(answer({ by: { role: 'admin' } }))
      .thenThrows('ACTION_CLOSED');
    spec(correctiveActionDecider)
      .given(events)
      .when({ type: 'CheckAction', actionId, effective: true, note: 'n', now: at('2026-11-20') })
      .thenThrows('ACTION_CLOSED');
    spec(correctiveActionDecider)
      .given(events)
      .when(decide({ decision: 'close', dueDate: undefined }))
      .thenThrows('ACTION_CLOSED');
  });
});
