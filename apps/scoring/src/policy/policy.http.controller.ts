import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { Policy } from '@fd/scoring-domain';
import { changePolicyRequest } from './change-policy.request';
import { ChangePolicyHandler } from './change-policy.command';
import { PolicyInForce } from './policy.query';

@Controller('api/v1/policy')
export class PolicyController {
  constructor(
    private readonly policy: PolicyInForce,
    private readonly changePolicy: ChangePolicyHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('admin', 'clerk', 'merchant')
  @Get()
  get(): Promise<Policy> {
    return this.policy.now();
  }

  @Roles('admin')
  @Put()
  async change(@Body() body: unknown, @CurrentUser() user: Principal): Promise<Policy> {
    const values = parseInput(changePolicyRequest, body);
    return this.changePolicy.handle(values, await requestMeta(this.clock, user));
  }
}
