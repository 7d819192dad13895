import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { policyWhatIfRequest } from '@fd/api';
import { parseInput, Roles } from '@fd/platform';
import { PolicyWhatIf, PolicyWhatIfAnswer } from './what-if-policy.query';

/** A preview of a policy change (docs/rules.md#what-if-policy-replay): reads the log, writes nothing. */
@Controller('api/v1/policy/what-if')
export class PolicyWhatIfController {
  constructor(private readonly whatIf: PolicyWhatIf) {}

  @Roles('admin')
  @Post()
  @HttpCode(200)
  preview(@Body() body: unknown): Promise<PolicyWhatIfAnswer> {
    return this.whatIf.preview(parseInput(policyWhatIfRequest, body ?? {}));
  }
}
