import { assertTestClockAllowed } from './clock';

describe('the test clock in production', () => {
  it('isRefusedAtStart_withNodeEnvProduction', () => {
    expect(() => assertTestClockAllowed({ TEST_CLOCK: '1', NODE_ENV: 'production' })).toThrow(
      /TEST_CLOCK=1 is refused with NODE_ENV=production/,
    );
  });

  it('isAllowedOutsideProduction_andProductionRunsWithoutIt', () => {
    expect(() => assertTestClockAllowed({ TEST_CLOCK: '1', NODE_ENV: 'development' })).not.toThrow();
    expect(() => assertTestClockAllowed({ NODE_ENV: 'production' })).not.toThrow();
  });
});
