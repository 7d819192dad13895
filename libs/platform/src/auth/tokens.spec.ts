import { testToken } from '../testing/tokens';
import { signToken, verifyToken } from './tokens';

describe('sign-in tokens', () => {
  const secret = 'a-test-secret-of-at-least-thirty-two-bytes!';
  const refused = (code: string) => expect.objectContaining({ status: 401, code });

  it('aMerchantsToken_namesItsMerchant_andIsAccepted', async () => {
    const token = await signToken({ sub: 'u1', username: 'm-a', role: 'merchant', merchantId: 'm1' }, secret);
    expect(await verifyToken(token, secret)).toEqual({ sub: 'u1', username: 'm-a', role: 'merchant', merchantId: 'm1' });
  });

  it('aMerchantTokenWithoutAMerchant_isRefused', async () => {
    const token = await signToken({ sub: 'u1', username: 'm-a', role: 'merchant' }, secret);
    await expect(verifyToken(token, secret)).rejects.toEqual(refused('BAD_TOKEN'));
  });

  it('aClerksToken_needsNoMerchant', async () => {
    const token = await signToken({ sub: 'u2', username: 'desk', role: 'clerk' }, secret);
    expect(await verifyToken(token, secret)).toMatchObject({ role: 'clerk' });
  });

  it('aSessionToken_isRefusedByAService_andAServiceToken_byTheEntryPoint', async () => {
    const p = { sub: 'u2', username: 'desk', role: 'clerk' as const };
    const session = await signToken({ ...p, sid: 's1' }, secret, { audience: 'session' });
    const service = await signToken(p, secret, { ttlSeconds: 60 });
    await expect(verifyToken(session, secret)).rejects.toEqual(refused('BAD_TOKEN'));
    await expect(verifyToken(service, secret, 'session')).rejects.toEqual(refused('BAD_TOKEN'));
    expect(await verifyToken(session, secret, 'session')).toMatchObject({ username: 'desk', sid: 's1' });
  });

  it('anExpiredToken_isRefusedAsExpired', async () => {
    const token = await signToken({ sub: 'u2', username: 'desk', role: 'clerk' }, secret, { ttlSeconds: -60 });
    await expect(verifyToken(token, secret)).rejects.toEqual(refused('TOKEN_EXPIRED'));
  });

  it('aTokenSignedWithAnotherSecret_orAlteredOrUnsigned_orNoTokenAtAll_isRefused', async () => {
    const token = await signToken({ sub: 'u2', username: 'desk', role: 'clerk' }, secret);
    const [head, body] = token.split('.');
    const asAdmin = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'admin' })).toString(
      'base64url',
    );
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${body}.`;
    for (const bad of [
      await signToken({ sub: 'u2', username: 'desk', role: 'clerk' }, `${secret}-other`),
      `${head}.${asAdmin}.${token.split('.')[2]}`,
      unsigned,
      'not-a-token',
      `${head}.e30.x`,
    ])
      await expect(verifyToken(bad, secret)).rejects.toEqual(refused('BAD_TOKEN'));
  });

  it('theTestsTokens_areTakenByTheServices', async () => {
    const p = { sub: 'u3', username: 'm-b', role: 'merchant' as const, merchantId: 'm2' };
    expect(await verifyToken(testToken(p, { secret }), secret)).toEqual(p);
    expect(await verifyToken(testToken(p, { secret, audience: 'session' }), secret, 'session')).toEqual(p);
  });
});
