import { loadConfig } from '@fd/platform';
import { gatewayConfig } from '../gateway.config';
import { loadLimits, routeClassOf } from './load-shedding';

describe('the route classes of the entry point', () => {
  it('eachRequest_fallsInTheClassOfWhatItCosts', () => {
    expect(routeClassOf('POST', '/api/v1/purchases')).toBe('registrations');
    expect(routeClassOf('POST', '/api/v1/cards/C-1/services')).toBe('registrations');
    expect(routeClassOf('POST', '/api/v1/forms/FD00000001/return')).toBe('writes');
    expect(routeClassOf('PUT', '/api/v1/policy')).toBe('writes');
    expect(routeClassOf('GET', '/api/v1/purchases/p-1')).toBe('reads');
    expect(routeClassOf('GET', '/api/v1/forms/FD00000001/print.pdf')).toBe('exports');
    expect(routeClassOf('GET', '/api/v1/cards/C-1/print.pdf')).toBe('exports');
    expect(routeClassOf('GET', '/api/v1/forms/export.csv')).toBe('exports');
    expect(routeClassOf('POST', '/api/v1/auth/login')).toBe('sign-ins');
    expect(routeClassOf('POST', '/api/v1/auth/password')).toBe('sign-ins');
    expect(routeClassOf('POST', '/api/v1/users/desk/password')).toBe('sign-ins');
    expect(routeClassOf('POST', '/api/v1/users/desk/disable')).toBe('writes');
  });

  it('healthMetricsTheWebUiAndTheApiDocument_areNeverShed', () => {
    for (const path of ['/health', '/health/ready', '/metrics', '/', '/assets/index.js', '/forms/FD00000001', '/api/v1/openapi.json'])
      expect(routeClassOf('GET', path)).toBeNull();
  });

  it('theLimits_comeFromTheConfiguration_andANonsenseValueStopsTheStart', () => {
    const env = { JWT_SECRET: 'k'.repeat(32), GATEWAY_MAX_READS: '7' };
    expect(loadLimits(loadConfig(gatewayConfig, env))).toEqual({
      inFlight: { registrations: 16, writes: 32, reads: 7, exports: 4, 'sign-ins': 2 },
      queueMs: 500,
      retryAfterS: 2,
    });
    expect(() => loadConfig(gatewayConfig, { ...env, GATEWAY_MAX_READS: '0' })).toThrow(
      'GATEWAY_MAX_READS must be an integer of at least 1',
    );
  });
});
