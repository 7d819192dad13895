import { parseMetric } from './monitor';
import { parseOptions } from './options';
import { registrationsOkSince } from './faults';

describe('the load harness options', () => {
  it('filingsAndScoreReads_followTheRegistrationRate_byTheMix', () => {
    expect(parseOptions(['--rate', '20'])).toMatchObject({ mode: 'run', rate: 20, fileRate: 20, scoreRate: 10, broker: 'shared' });
    expect(parseOptions(['--rate=10', '--mix', 'r=1,f=2,s=0'])).toMatchObject({ fileRate: 20, scoreRate: 0 });
    expect(parseOptions(['--rate', '10', '--file-rate', '3'])).toMatchObject({ fileRate: 3 });
  });

  it('theDrill_runsOnABrokerOfItsOwn_unlessToldOtherwise', () => {
    expect(parseOptions(['--faults', '--short'])).toMatchObject({ mode: 'faults', short: true, broker: 'own', rate: 5, kafkaDownS: 6 });
    expect(parseOptions(['--faults', '--broker', 'shared'])).toMatchObject({ broker: 'shared' });
  });

  it('malls_areOneUnlessAsked_andAWholeNumberOfAtLeastOne', () => {
    expect(parseOptions([])).toMatchObject({ malls: 1, groupUser: 'group' });
    expect(parseOptions(['--malls', '3', '--rate', '40'])).toMatchObject({ malls: 3, rate: 40, fileRate: 40 });
    expect(parseOptions(['--faults', '--short', '--malls=2'])).toMatchObject({ mode: 'faults', malls: 2, rate: 5 });
    expect(parseOptions(['--malls', '2', '--group-user', 'hq', '--group-password', 'pw'])).toMatchObject({
      groupUser: 'hq',
      groupPassword: 'pw',
    });
    expect(() => parseOptions(['--malls', '0'])).toThrow('--malls wants a whole number of at least 1');
    expect(() => parseOptions(['--malls', '1.5'])).toThrow('--malls wants a whole number');
    expect(() => parseOptions(['--malls', 'two'])).toThrow('--malls wants a number');
  });

  it('aNumberThatIsNot_isRefused', () => {
    expect(() => parseOptions(['--rate', 'fast'])).toThrow('--rate wants a number');
    expect(() => parseOptions(['stray'])).toThrow('unexpected argument');
  });
});

describe('what the harness reads', () => {
  it('consumerLag_isSummedOverTopics_andOtherMetricsIgnored', () => {
    const text = [
      '# TYPE consumer_lag gauge',
      'consumer_lag{topic="a"} 3',
      'consumer_lag{topic="b"} 4',
      'consumer_lag_seconds 99',
      'outbox_backlog 2',
    ].join('\n');
    expect(parseMetric(text, 'consumer_lag')).toBe(7);
    expect(parseMetric(text, 'outbox_backlog')).toBe(2);
    expect(parseMetric(text, 'missing')).toBeNull();
  });

  it('registrationsAreOkAgain_fromTheFirstAfterTheLastFailure', () => {
    const reg = (at: number, outcome: string) => ({ op: 'register' as const, at, done: at + 1, outcome });
    const answers = [reg(100, '201'), reg(200, '503'), reg(300, 'connection'), reg(400, '201'), reg(500, '201')];
    expect(registrationsOkSince(answers, 150, 1000)).toBe(400);
    expect(registrationsOkSince(answers, 350, 1000)).toBe(350); // none failed after the fault: not affected
    expect(registrationsOkSince([reg(200, '503')], 150, 1000)).toBeNull();
  });
});
