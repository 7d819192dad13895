import { randomBytes, scrypt as scryptCb, timingSafeEqual, webcrypto } from 'node:crypto';
import { promisify } from 'node:util';
import { errors, jwtVerify, JWTPayload, SignJWT } from 'jose';
import { z } from 'zod';
import { roles } from '@fd/api';
import { UnauthorizedProblem } from '../http/problem';
import { mallIdSchema } from '../tenancy/mall';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

// the roles of the HTTP contract (libs/api)
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export interface Principal {
  sub: string;
  username: string;
  role: Role;
  merchantId?: string;
  /** The mall the account belongs to; a token without one is the default mall's (tokens from before there were several). */
  mallId?: string;
  /** The server-side session a browser's token belongs to (session tokens only). */
  sid?: string;
}

/**
 * Two kinds of token, told apart by `aud`. A `session` token is what a user holds after signing
 * in: only the entry point takes it, and checks its session on every request. A `service` token
 * is what the entry point makes for each request it forwards (a minute long): only the services
 * take it. So a user's token is no use against a service directly, and ending a session ends
 * access everywhere on the next request.
 */
export type TokenAudience = 'session' | 'service';
/** How long a token the entry point makes for one forwarded request lasts. */
export const SERVICE_TOKEN_SECONDS = 60;

// scrypt is memory-hard: N=2^15, r=8 needs 32 MiB per hash.
const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, N, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt') return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(expected, actual);
}

/** The gateway's clock and a service's may be this far apart: a token expires this late at most. */
export const CLOCK_TOLERANCE_SECONDS = 5;

// the secret as a key of WebCrypto, imported once (every request verifies, the gateway signs too)
const keys = new Map<string, Promise<webcrypto.CryptoKey>>();
function keyOf(secret: string): Promise<webcrypto.CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

/**
 * An HS256 JWT (jose), shared by the entry point (which signs) and every service (which verifies),
 * with the principal's claims, its audience and an expiry. The secret is JWT_SECRET (the service's configuration).
 */
export async function signToken(
  p: Principal,
  secret: string,
  { ttlSeconds = 12 * 3600, audience = 'service' }: { ttlSeconds?: number; audience?: TokenAudience } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...p })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(await keyOf(secret));
}

const claims = z.object({
  sub: z.string(),
  username: z.string(),
  role: roleSchema,
  merchantId: z.string().optional(),
  mallId: mallIdSchema.optional(),
  sid: z.string().optional(),
});

const invalid = () => new UnauthorizedProblem('The sign-in token is not valid.', 'BAD_TOKEN');

/**
 * The principal of a token signed with `secret` for `audience`, HS256 only. A token that is not
 * one, is signed otherwise, names no known role, or is a merchant's without its merchant is
 * 401 BAD_TOKEN, as is one of the other audience; an expired one is 401 TOKEN_EXPIRED.
 */
export async function verifyToken(token: string, secret: string, audience: TokenAudience = 'service'): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await keyOf(secret), {
      algorithms: ['HS256'],
      audience,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (e) {
    if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'aud')
      throw new UnauthorizedProblem('The sign-in token is not valid here.', 'BAD_TOKEN');
    if (e instanceof errors.JWTExpired) throw new UnauthorizedProblem('Your session has expired; sign in again.', 'TOKEN_EXPIRED');
    throw invalid(); // malformed, another algorithm, a wrong signature: whatever jose says, never a 500
  }
  const parsed = claims.safeParse(payload);
  if (!parsed.success) throw invalid();
  // a merchant's token names its merchant: without one, lists filtered by it would fail open
  if (parsed.data.role === 'merchant' && !parsed.data.merchantId) throw invalid();
  return parsed.data;
}
