import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentUser, parseInput, Principal, Problem, Public, Roles, RuleProblem, signToken } from '@fd/platform';
import { newUserSchema, Users } from './users';
import { idempotencyKeyOf, IdempotencyKeys } from '../proxy/idempotency';
import { sendAnswer } from '../proxy/proxy.http.controller';
import { Upstreams } from '../proxy/upstreams';

// no account has a longer username or password (newUserSchema): longer ones are refused before any lookup or hashing
const loginSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });

@Controller('api/v1')
export class AuthController {
  constructor(
    @Inject(Users) private readonly users: Users,
    @Inject(IdempotencyKeys) private readonly keys: IdempotencyKeys,
    @Inject(Upstreams) private readonly up: Upstreams,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown) {
    const { username, password } = parseInput(loginSchema, body);
    const principal = await this.users.login(username, password);
    return {
      accessToken: signToken(principal),
      tokenType: 'Bearer',
      role: principal.role,
      username: principal.username,
      ...(principal.merchantId ? { merchantId: principal.merchantId } : {}),
    };
  }

  @Get('auth/me')
  me(@CurrentUser() p: Principal) {
    return p;
  }

  @Roles('admin')
  @Post('users')
  async create(@Body() body: unknown, @CurrentUser() p: Principal, @Req() req: Request, @Res() res: Response) {
    const answer = await this.keys.run(
      idempotencyKeyOf(req, p),
      IdempotencyKeys.hash('POST', req.originalUrl, JSON.stringify(body ?? {})),
      async () => {
        const user = parseInput(newUserSchema, body);
        if (user.merchantId) await this.assertMerchantExists(user.merchantId, req);
        return { status: 201, contentType: 'application/json', body: JSON.stringify(await this.users.create(user, p.username)) };
      },
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

  @Roles('admin')
  @Get('users')
  async list() {
    return { items: await this.users.list() };
  }
}
