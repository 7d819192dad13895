import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseInput, RuleProblem, RUNTIME, Roles, ServiceRuntime, SharedTestClock } from '@fd/platform';
import { isoDateTime } from '@fd/contracts';

const moveSchema = z.union([
  z.object({ advanceDays: z.number().int().min(0).max(3650) }).strict(),
  z.object({ now: isoDateTime }).strict(),
]);

/** Test mode only (TEST_CLOCK=1): the module is not even loaded otherwise, so these paths are 404. */
@Controller('api/v1/_test/clock')
export class TestClockController {
  private readonly clock: SharedTestClock;
  constructor(@Inject(RUNTIME) rt: ServiceRuntime) {
    this.clock = rt.testClock!;
  }

  @Roles('admin', 'clerk', 'merchant')
  @Get()
  async now() {
    return { now: (await this.clock.now()).toISOString() };
  }

  @Roles('admin')
  @Post()
  @HttpCode(200)
  async move(@Body() body: unknown) {
    const input = parseInput(moveSchema, body);
    const current = await this.clock.now();
    const target = 'advanceDays' in input ? new Date(current.getTime() + input.advanceDays * 86400000) : new Date(input.now);
    if (target.getTime() < current.getTime() - 1000)
      throw new RuleProblem('CLOCK_BACKWARDS', `The test clock only moves forward; it is already ${current.toISOString()}.`);
    return { now: (await this.clock.moveTo(target)).toISOString() };
  }
}
