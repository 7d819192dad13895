import { equalInConstantTime } from './constant-time';

describe('comparing secrets', () => {
  it('equalStrings_areEqual_andAnyDifferenceAnywhere_isNot', () => {
    expect(equalInConstantTime('K7PQ2MZX', 'K7PQ2MZX')).toBe(true);
    expect(equalInConstantTime('K7PQ2MZX', 'X7PQ2MZX')).toBe(false);
    expect(equalInConstantTime('K7PQ2MZX', 'K7PQ2MZY')).toBe(false);
    expect(equalInConstantTime('K7PQ2MZX', 'K7PQ2MZ')).toBe(false);
    expect(equalInConstantTime('', '')).toBe(true);
  });
});
