import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  acrossMalls,
  CONFIG,
  CurrentUser,
  mallOf,
  parseInput,
  Principal,
  Problem,
  Public,
  Roles,
  RuleProblem,
  signToken,
} from '@fd/platform';
import type { GatewayConfig } from '../gateway.config';
import { auditQuery, changePasswordRequest, loginRequest, resetPasswordRequest } from '@fd/api';
import { newUserSchema, usernameSchema, Users } from './users';
import { TooManyAttempts } from './sign-in-throttle';
import { idempotencyKeyOf, IdempotencyKeys, StoredAnswer } from '../proxy/idempotency';
import { sendAnswer } from '../proxy/proxy.http.controller';
import { Upstreams } from '../proxy/upstreams';

/** The client's address as the entry point sees it (behind a proxy, see TRUST_PROXY in docs/operations.md). */
const clientOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

const json = (status: number, body: unknown): StoredAnswer => ({ status, contentType: 'application/json', body: JSON.stringify(body) });

@Controller('api/v1')
export class AuthController {
  constructor(
    @Inject(Users) private readonly users: Users,
    @Inject(IdempotencyKeys) private readonly keys: IdempotencyKeys,
    @Inject(Upstreams) private readonly up: Upstreams,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { username, password } = parseInput(loginRequest, body);
    try {
      const { principal, expiresInSeconds } = await this.users.login(username, password, clientOf(req));
      return {
        accessToken: await signToken(principal, this.config.JWT_SECRET, { ttlSeconds: expiresInSeconds, audience: 'session' }),
        tokenType: 'Bearer',
        expiresIn: expiresInSeconds,
        role: principal.role,
        username: principal.username,
        ...(principal.merchantId ? { merchantId: principal.merchantId } : {}),
        mallId: mallOf(principal),
      };
    } catch (e) {
      if (e instanceof TooManyAttempts) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Get('auth/me')
  me(@CurrentUser() p: Principal) {
    const { sid: _sid, ...me } = p;
    return { ...me, mallId: mallOf(p) };
  }

  /** Ends this session on the server: the token is refused from the next request on. */
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@CurrentUser() p: Principal) {
    await this.users.signOut(p);
  }

  /** Changes one's own password; the user's other sessions end, this one goes on. */
  @Post('auth/password')
  @HttpCode(204)
  async changePassword(@Body() body: unknown, @CurrentUser() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { currentPassword, newPassword } = parseInput(changePasswordRequest, body);
    try {
      await this.users.changeOwnPassword(p, currentPassword, newPassword, clientOf(req));
    } catch (e) {
      if (e instanceof TooManyAttempts) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Roles('admin', 'group_admin')
  @Post('users')
  async create(@Body() body: unknown, @CurrentUser() p: Principal, @Req() req: Request, @Res() res: Response) {
    await this.once(req, p, body, res, async () => {
      const user = parseInput(newUserSchema, body);
      if (user.merchantId) await this.assertMerchantExists(user.merchantId, req);
      return json(201, await this.users.create(user, p));
    });
  }

  @Roles('admin', 'group_admin')
  @Post('users/:username/disable')
  async disable(@Param('username') username: string, @CurrentUser() p: Principal, @Req() req: Request, @Res() res: Response) {
    await this.once(req, p, {}, res, async () => json(200, await this.users.disable(parseUsername(username), p)));
  }

  @Roles('admin', 'group_admin')
  @Post('users/:username/enable')
  async enable(@Param('username') username: string, @CurrentUser() p: Principal, @Req() req: Request, @Res() res: Response) {
    await this.once(req, p, {}, res, async () => json(200, await this.users.enable(parseUsername(username), p)));
  }

  /** Sets a new password for a user who lost theirs: every session of the account ends. */
  @Roles('admin', 'group_admin')
  @Post('users/:username/password')
  async resetPassword(
    @Param('username') username: string,
    @Body() body: unknown,
    @CurrentUser() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.once(req, p, body, res, async () => {
      const { newPassword } = parseInput(resetPasswordRequest, body);
      await this.users.resetPassword(parseUsername(username), newPassword, p);
      return { status: 204, contentType: 'application/json', body: '' };
    });
  }

  /** Lifts the sign-in locks on a username (a user who mistyped their password too often). */
  @Roles('admin', 'group_admin')
  @Post('users/:username/unlock')
  async unlock(@Param('username') username: string, @CurrentUser() p: Principal, @Req() req: Request, @Res() res: Response) {
    await this.once(req, p, {}, res, async () => json(200, await this.users.unlock(parseUsername(username), p)));
  }

  @Roles('admin', 'group_admin')
  @Get('users')
  async list(@CurrentUser() p: Principal) {
    return { items: await this.users.list(p) };
  }

  /** Who changed which account, session or the test clock, newest first. */
  @Roles('admin', 'group_admin')
  @Get('audit')
  async audit(@Query() query: unknown, @CurrentUser() p: Principal) {
    const { limit, before } = parseInput(auditQuery, query);
    // an administrator's mall's records; every mall's for the group administration
    return p.role === 'group_admin' ? acrossMalls(() => this.users.auditLog(limit, before)) : this.users.auditLog(limit, before);
  }

  /** Like every POST, a repeat with the same Idempotency-Key does nothing again (docs/api.md, "Retries"). */
  private async once(req: Request, p: Principal, body: unknown, res: Response, work: () => Promise<StoredAnswer>) {
    const answer = await this.keys.run(
      idempotencyKeyOf(req, p),
      IdempotencyKeys.hash('POST', req.originalUrl, JSON.stringify(body ?? {})),
      work,
    );
    sendAnswer(res, answer);
  }

  /** A merchant account is bound to a merchant the registry knows (asked with the admin's own token). */
  private async assertMerchantExists(merchantId: string, req: Request): Promise<void> {
    const r = await this.up.call('registration', 'GET', `/api/v1/merchants/${encodeURIComponent(merchantId)}`, req.headers);
    if (r.status === 404) throw new RuleProblem('UNKNOWN_MERCHANT', `There is no merchant ${merchantId}; register the merchant first.`);
    if (r.status !== 200)
      throw new Problem(
        503,
        'SERVICE_UNAVAILABLE',
        'The merchant could not be checked right now; no account was created. Try again in a moment.',
      );
  }
}

function parseUsername(username: string): string {
  return parseInput(z.object({ username: usernameSchema }), { username }).username;
}
