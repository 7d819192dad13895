import { signToken, verifyToken } from './tokens';

describe('sign-in tokens', () => {
  const secret = 'a-test-secret-of-at-least-thirty-two-bytes!';

  it('aMerchantsToken_namesItsMerchant_andIsAccepted', () => {
    const token = signToken({ sub: 'u1', username: 'm-a', role: 'merchant', merchantId: 'm1' }, 3600, secret);
    expect(verifyToken(token, secret)).toMatchObject({ role: 'merchant', merchantId: 'm1' });
  });

  it('aMerchantTokenWithoutAMerchant_isRefused', () => {
    const token = signToken({ sub: 'u1', username: 'm-a', role: 'merchant' }, 3600, secret);
    expect(() => verifyToken(token, secret)).toThrow(expect.objectContaining({ status: 401, code: 'BAD_TOKEN' }));
  });

  it('aClerksToken_needsNoMerchant', () => {
    const token = signToken({ sub: 'u2', username: 'desk', role: 'clerk' }, 3600, secret);
    expect(verifyToken(token, secret)).toMatchObject({ role: 'clerk' });
  });

  it('aSessionToken_isRefusedByAService_andAServiceToken_byTheEntryPoint', () => {
    const p = { sub: 'u2', username: 'desk', role: 'clerk' as const };
    const session = signToken({ ...p, sid: 's1' }, 3600, secret, 'session');
    const service = signToken(p, 60, secret);
    expect(() => verifyToken(session, secret)).toThrow(expect.objectContaining({ status: 401, code: 'BAD_TOKEN' }));
    expect(() => verifyToken(service, secret, 'session')).toThrow(expect.objectContaining({ status: 401, code: 'BAD_TOKEN' }));
    expect(verifyToken(session, secret, 'session')).toMatchObject({ username: 'desk', sid: 's1' });
  });
});
