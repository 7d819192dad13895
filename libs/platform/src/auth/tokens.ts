import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { UnauthorizedProblem } from '../http/problem';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

export const roleSchema = z.enum(['clerk', 'merchant', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export interface Principal {
  sub: string;
  username: string;
  role: Role;
  merchantId?: string;
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

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * An HS256 JWT, shared by the entry point (which signs) and every service (which verifies); the
 * secret is JWT_SECRET, from the service's configuration.
 */
export function signToken(p: Principal, ttlSeconds: number, secret: string, aud: TokenAudience = 'service'): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ ...p, aud, iat: now, exp: now + ttlSeconds }));
  const sig = b64url(createHmac('sha256', secret).update(`${head}.${body}`).digest());
  return `${head}.${body}.${sig}`;
}

const claims = z.object({
  sub: z.string(),
  username: z.string(),
  role: roleSchema,
  merchantId: z.string().optional(),
  sid: z.string().optional(),
  aud: z.enum(['session', 'service']),
  exp: z.number(),
});

export function verifyToken(token: string, secret: string, audience: TokenAudience = 'service'): Principal {
  const [head, body, sig] = token.split('.');
  if (!head || !body || !sig) throw new UnauthorizedProblem('The sign-in token is malformed.', 'BAD_TOKEN');
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new UnauthorizedProblem('The sign-in token is not valid.', 'BAD_TOKEN');
  const parsed = claims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString()));
  if (!parsed.success) throw new UnauthorizedProblem('The sign-in token is not valid.', 'BAD_TOKEN');
  // a merchant's token names its merchant: without one, lists filtered by it would fail open
  if (parsed.data.role === 'merchant' && !parsed.data.merchantId)
    throw new UnauthorizedProblem('The sign-in token is not valid.', 'BAD_TOKEN');
  if (parsed.data.aud !== audience) throw new UnauthorizedProblem('The sign-in token is not valid here.', 'BAD_TOKEN');
  if (parsed.data.exp * 1000 < Date.now()) throw new UnauthorizedProblem('Your session has expired; sign in again.', 'TOKEN_EXPIRED');
  const { exp: _exp, aud: _aud, ...principal } = parsed.data;
  return principal;
}
