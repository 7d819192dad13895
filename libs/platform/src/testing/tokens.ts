import { createHmac } from 'node:crypto';
import type { Principal, TokenAudience } from '../auth/tokens';

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/**
 * A token for a test's requests, made at once: a test builds its clients before any await. The
 * same HS256 JWT as the entry point signs with jose (tokens.spec.ts proves the services take it);
 * by default a service token of 12 hours under the run's JWT_SECRET.
 */
export function testToken(
  p: Principal,
  {
    ttlSeconds = 12 * 3600,
    audience = 'service',
    secret = process.env.JWT_SECRET,
  }: { ttlSeconds?: number; audience?: TokenAudience; secret?: string } = {},
): string {
  if (!secret) throw new Error('testToken needs JWT_SECRET (the tests set one at random)');
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ ...p, aud: audience, iat: now, exp: now + ttlSeconds }));
  return `${head}.${body}.${b64url(createHmac('sha256', secret).update(`${head}.${body}`).digest())}`;
}
