import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { selfConfirmationCodeRequest, selfConfirmRequest } from '@fd/api';
import { correlation, parseInput, Public } from '@fd/platform';
import { SelfConfirmations } from './self-confirm.command';
import { TooManyTries } from './attempt-buckets';

/** The entry point names the client's address in this header; a direct call (tests) is the caller's own. */
export const CLIENT_ADDRESS_HEADER = 'x-fd-client-address';
const clientOf = (req: Request) => {
  const named = req.headers[CLIENT_ADDRESS_HEADER];
  return (typeof named === 'string' && named) || req.ip || req.socket.remoteAddress || 'unknown';
};

/** The customer is not signed in: the actor of the form's event is the customer, through the public page. */
const CUSTOMER = { id: 'customer', role: 'system' as const };

/**
 * The public page of a form's self-confirmation link (no token): docs/api.md, "Self-confirmation".
 * A refused try answers 429 with Retry-After when the form's or the address's bucket is full.
 */
@Controller('api/v1/public/self-confirmations')
export class SelfConfirmationController {
  constructor(private readonly confirmations: SelfConfirmations) {}

  @Public()
  @Get(':token')
  page(@Param('token') token: string) {
    return this.confirmations.page(token);
  }

  @Public()
  @Post(':token/code')
  @HttpCode(200)
  async code(@Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { phoneLast4 } = parseInput(selfConfirmationCodeRequest, body);
    return this.retryAfter(res, () => this.confirmations.sendCode(token, phoneLast4, clientOf(req)));
  }

  @Public()
  @Post(':token/confirm')
  @HttpCode(200)
  async confirm(@Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const input = parseInput(selfConfirmRequest, body);
    const meta = { actor: CUSTOMER, correlationId: correlation.getStore()?.correlationId ?? randomUUID(), causationId: null };
    return this.retryAfter(res, () => this.confirmations.confirm(token, input, clientOf(req), meta));
  }

  private async retryAfter<T>(res: Response, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof TooManyTries) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }
}
