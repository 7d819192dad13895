import { numberSetting } from './settings';

describe('a number setting from the environment', () => {
  const set = (v: string | undefined) => (v === undefined ? delete process.env.FD_TEST_SETTING : (process.env.FD_TEST_SETTING = v));
  afterEach(() => set(undefined));

  it('unsetOrEmpty_isTheDefault_andANumberIsTaken', () => {
    set(undefined);
    expect(numberSetting('FD_TEST_SETTING', 5)).toBe(5);
    set(' ');
    expect(numberSetting('FD_TEST_SETTING', 5)).toBe(5);
    set('250');
    expect(numberSetting('FD_TEST_SETTING', 5)).toBe(250);
  });

  it('aTypoOrAValueOutOfRange_stopsTheServiceWithTheVariablesName', () => {
    set('10s');
    expect(() => numberSetting('FD_TEST_SETTING', 5)).toThrow(/FD_TEST_SETTING must be a number/);
    set('0');
    expect(() => numberSetting('FD_TEST_SETTING', 5, { min: 1 })).toThrow(/at least 1/);
    set('2.5');
    expect(() => numberSetting('FD_TEST_SETTING', 5, { integer: true })).toThrow(/an integer/);
  });
});
