import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, idFor, parseInput, Principal, RequestKey, requestMeta, Roles } from '@fd/platform';
import { recordFindingRequest } from './record-finding.request';
import { Consequence, FindingRecordedAnswer, RecordFindingHandler } from './record-finding.command';

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

  /** The same checks as recording it, and what it would do (the month that becomes 0), with nothing written. */
  @Roles('clerk')
  @Post('preview')
  @HttpCode(200)
  async preview(@Body() body: unknown, @CurrentUser() user: Principal): Promise<Consequence> {
    const input = parseInput(recordFindingRequest, body);
    return this.recordFinding.preview({ ...input, findingId: 'preview' }, await requestMeta(this.clock, user));
  }
}
