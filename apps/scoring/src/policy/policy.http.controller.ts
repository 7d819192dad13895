import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { PolicyChanged } from '@fd/contracts';
import { CurrentUser, integrationEvent, parseInput, Principal, requestMeta, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { Policy, policyDecider } from '@fd/scoring-domain';
import { writeToLog } from '../projection/write-to-log';
import { currentPolicy, POLICY_STREAM } from './current-policy';
import { changePolicyRequest } from './change-policy.request';

@Controller('api/v1/policy')
export class PolicyController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('admin', 'clerk', 'merchant')
  @Get()
  async get(): Promise<Policy> {
    return currentPolicy(this.rt.store, this.rt.ds.manager);
  }

  /** A new version from now on (announced to the forms and callbacks services); the same values make none. */
  @Roles('admin')
  @Put()
  async change(@Body() body: unknown, @CurrentUser() user: Principal): Promise<Policy> {
    const values = parseInput(changePolicyRequest, body);
    const meta = await requestMeta(this.rt, user);
    const { state } = await this.rt.ds.transaction((m) =>
      writeToLog(this.rt, m, {
        streamId: POLICY_STREAM,
        streamType: 'policy',
        decider: policyDecider,
        command: { type: 'ChangePolicy', values, now: meta.now },
        meta,
        publish: (events) =>
          events.map((e) => {
            const { changedAt: _at, ...policy } = e.data;
            return integrationEvent(PolicyChanged, policy, meta);
          }),
      }),
    );
    return state.policy;
  }
}
