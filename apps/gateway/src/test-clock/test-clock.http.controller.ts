import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { moveTestClockRequest } from '@fd/api';
import { DataSource } from 'typeorm';
import { CurrentUser, parseInput, Principal, RuleProblem, RUNTIME, Roles, ServiceRuntime, SharedTestClock } from '@fd/platform';
import { idempotencyKeyOf, IdempotencyKeys } from '../proxy/idempotency';
import { sendAnswer } from '../proxy/proxy.http.controller';
import { AccountAudit, TEST_CLOCK_STREAM } from '../auth/account-audit';

/** Test mode only (TEST_CLOCK=1): the module is not even loaded otherwise, so these paths are 404. */
@Controller('api/v1/_test/clock')
export class TestClockController {
  private readonly clock: SharedTestClock;
  private readonly audit: AccountAudit;
  constructor(
    @Inject(RUNTIME) rt: ServiceRuntime, // for the shared test clock, which only the runtime has
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(IdempotencyKeys) private readonly keys: IdempotencyKeys,
  ) {
    this.clock = rt.testClock!;
    this.audit = new AccountAudit(rt.schema);
  }

  @Roles('admin', 'clerk', 'merchant')
  @Get()
  async now() {
    return { now: (await this.clock.now()).toISOString() };
  }

  /** Like every POST, a repeat with the same Idempotency-Key moves nothing again (docs/api.md#retries). */
  @Roles('admin')
  @Post()
  async move(@Body() body: unknown, @CurrentUser() p: Principal, @Req() req: Request, @Res() res: Response) {
    const answer = await this.keys.run(
      idempotencyKeyOf(req, p),
      IdempotencyKeys.hash('POST', req.originalUrl, JSON.stringify(body ?? {})),
      async () => ({ status: 200, contentType: 'application/json', body: JSON.stringify(await this.moveTo(body, p)) }),
    );
    sendAnswer(res, answer);
  }

  /**
   * Every move is recorded in the audit log with who made it. The record is written first and
   * committed after the move, so a move that fails leaves no record; the clock's table is
   * shared by every service and is not in the gateway's schema.
   */
  private async moveTo(body: unknown, p: Principal) {
    const input = parseInput(moveTestClockRequest, body);
    const current = await this.clock.now();
    const target = input.now !== undefined ? new Date(input.now) : new Date(current.getTime() + input.advanceDays! * 86400000);
    if (target.getTime() < current.getTime() - 1000)
      throw new RuleProblem('CLOCK_BACKWARDS', `The test clock only moves forward; it is already ${current.toISOString()}.`);
    return this.ds.transaction(async (m) => {
      const data = { from: current.toISOString(), to: target.toISOString() };
      await this.audit.record(m, TEST_CLOCK_STREAM, { type: 'TestClockMoved', data }, p);
      return { now: (await this.clock.moveTo(target)).toISOString() };
    });
  }
}
