import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { correctionRequest } from '@fd/api';
import { notFound } from '@fd/kernel';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { CallbackView, callbackView } from '../callback-tasks/callback.view';
import { Findings, FindingView } from '../list-findings/list-findings.query';
import { CorrectRecordsHandler } from './correct-records.commands';

/** Only an administrator corrects a record made by mistake, and says why (docs/rules.md#7-violations-and-penalty-cases). */
@Controller('api/v1')
export class CorrectRecordsController {
  constructor(
    private readonly corrections: CorrectRecordsHandler,
    private readonly findings: Findings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('admin')
  @Post('callbacks/:callbackId/correction')
  async correctCallback(
    @Param('callbackId') callbackId: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
  ): Promise<CallbackView> {
    const { reason } = parseInput(correctionRequest, body);
    return callbackView(await this.corrections.correctCallback(callbackId, reason, await requestMeta(this.clock, user)), user);
  }

  @Roles('admin')
  @Post('findings/:findingId/withdrawal')
  async withdrawFinding(
    @Param('findingId') findingId: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
  ): Promise<FindingView> {
    const { reason } = parseInput(correctionRequest, body);
    await this.corrections.withdrawFinding(findingId, reason, await requestMeta(this.clock, user));
    const finding = await this.findings.one(findingId, user);
    if (!finding) throw notFound('FINDING_NOT_FOUND', `There is no finding ${findingId}.`);
    return finding;
  }
}
