import { loadLimitsFromEnv, routeClassOf } from './load-shedding';

describe('the route classes of the entry point', () => {
  it('eachRequest_fallsInTheClassOfWhatItCosts', () => {
    expect(routeClassOf('POST', '/api/v1/purchases')).toBe('registrations');
    expect(routeClassOf('POST', '/api/v1/cards/C-1/services')).toBe('registrations');
    expect(routeClassOf('POST', '/api/v1/forms/FD00000001/return')).toBe('writes');
    expect(routeClassOf('PUT', '/api/v1/policy')).toBe('writes');
    expect(routeClassOf('GET', '/api/v1/purchases/p-1')).toBe('reads');
    expect(routeClassOf('GET', '/api/v1/forms/FD00000001/print.pdf')).toBe('exports');
    expect(routeClassOf('GET', '/api/v1/cards/C-1/print.pdf')).toBe('exports');
    expect(routeClassOf('POST', '/api/v1/auth/login')).toBe('sign-ins');
    expect(routeClassOf('POST', '/api/v1/auth/password')).toBe('sign-ins');
    expect(routeClassOf('POST', '/api/v1/users/desk/password')).toBe('sign-ins');
    expect(routeClassOf('POST', '/api/v1/users/desk/disable')).toBe('writes');
  });

  it('healthMetricsTheWebUiAndTheApiDocument_areNeverShed', () => {
    for (const path of ['/health', '/health/ready', '/metrics', '/', '/assets/index.js', '/forms/FD00000001', '/api/v1/openapi.json'])
      expect(routeClassOf('GET', path)).toBeNull();
  });

  it('theLimits_comeFromTheEnvironment_andANonsenseValueStopsTheStart', () => {
    process.env.GATEWAY_MAX_READS = '7';
    try {
      expect(loadLimitsFromEnv()).toEqual({
        inFlight: { registrations: 16, writes: 32, reads: 7, exports: 4, 'sign-ins': 2 },
        queueMs: 500,
        retryAfterS: 2,
      });
      process.env.GATEWAY_MAX_READS = '0';
      expect(() => loadLimitsFromEnv()).toThrow('GATEWAY_MAX_READS must be an integer of at least 1');
    } finally {
      delete process.env.GATEWAY_MAX_READS;
    }
  });
});
