import { numberSetting, secretSetting } from './settings';

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

describe('a key from the environment', () => {
  const set = (v: string | undefined) => (v === undefined ? delete process.env.FD_TEST_KEY : (process.env.FD_TEST_KEY = v));
  afterEach(() => set(undefined));

  it('aMissingKey_stopsTheService_thereIsNoDefault', () => {
    set(undefined);
    expect(() => secretSetting('FD_TEST_KEY')).toThrow(/FD_TEST_KEY must be set/);
    set('');
    expect(() => secretSetting('FD_TEST_KEY')).toThrow(/FD_TEST_KEY must be set/);
  });

  it('aKeyShorterThan32Bytes_stopsTheService', () => {
    set('x'.repeat(31));
    expect(() => secretSetting('FD_TEST_KEY')).toThrow(/FD_TEST_KEY is too short/);
    set('x'.repeat(32));
    expect(secretSetting('FD_TEST_KEY')).toBe('x'.repeat(32));
  });

  it('aValueOncePublishedInTheRepository_isRefused', () => {
    // these three were the development defaults: anyone who read the code could sign an admin token with them
    for (const old of [
      'feedback-desk-development-secret',
      'feedback-desk-development-form-code-key',
      'feedback-desk-development-sample-key',
    ]) {
      set(old);
      expect(() => secretSetting('FD_TEST_KEY')).toThrow(/FD_TEST_KEY (is too short|is a value published in the repository)/);
    }
    set('feedback-desk-development-form-code-key'); // long enough, but public
    expect(() => secretSetting('FD_TEST_KEY')).toThrow(/published in the repository/);
  });
});
