import { Body, Controller, Inject, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, idFor, parseInput, Principal, RequestKey, requestMeta, Roles } from '@fd/platform';
import { recordFindingRequest } from './record-finding.request';
import { FindingRecordedAnswer, RecordFindingHandler } from './record-finding.command';

@Controller('api/v1/findings')
export class RecordFindingController {
  constructor(
    private readonly recordFinding: RecordFindingHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('clerk')
  @Post()
  async record(@Body() body: unknown, @CurrentUser() user: Principal, @RequestKey() requestKey?: string): Promise<FindingRecordedAnswer> {
    const input = parseInput(recordFindingRequest, body);
    return this.recordFinding.handle({ ...input, findingId: idFor('finding', requestKey) }, await requestMeta(this.clock, user));
  }
}
