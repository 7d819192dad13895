import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  answerActionRequest,
  checkActionRequest,
  CorrectiveActionView,
  listActionsQuery,
  managerDecisionRequest,
  openActionRequest,
} from '@fd/api';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { CorrectiveActionsHandler } from './corrective-actions.command';
import { CorrectiveActions } from './corrective-actions.query';

/** Corrective and preventive actions (docs/api.md#corrective-actions); the manager reads them as the administration does. */
@Controller('api/v1/corrective-actions')
export class CorrectiveActionsController {
  constructor(
    private readonly handler: CorrectiveActionsHandler,
    private readonly actions: CorrectiveActions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('admin')
  @Post()
  async open(@Body() body: unknown, @CurrentUser() user: Principal): Promise<CorrectiveActionView> {
    return this.handler.open(parseInput(openActionRequest, body), await requestMeta(this.clock, user));
  }

  @Roles('admin', 'merchant')
  @Get()
  list(@Query() query: unknown, @CurrentUser() user: Principal): Promise<{ items: CorrectiveActionView[] }> {
    return this.actions.list(parseInput(listActionsQuery, query), user);
  }

  @Roles('admin', 'merchant')
  @Get(':actionId')
  one(@Param('actionId') actionId: string, @CurrentUser() user: Principal): Promise<CorrectiveActionView> {
    return this.actions.one(actionId, user);
  }

  @Roles('merchant', 'admin')
  @Post(':actionId/answer')
  @HttpCode(200)
  async answer(@Param('actionId') actionId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<CorrectiveActionView> {
    const input = parseInput(answerActionRequest, body);
    // a merchant is told an action not addressed to it does not exist, as when reading it
    if (user.role === 'merchant') await this.actions.one(actionId, user);
    return this.handler.answer(actionId, input, user, await requestMeta(this.clock, user));
  }

  @Roles('admin')
  @Post(':actionId/check')
  @HttpCode(200)
  async check(@Param('actionId') actionId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<CorrectiveActionView> {
    return this.handler.check(actionId, parseInput(checkActionRequest, body), await requestMeta(this.clock, user));
  }

  @Roles('manager')
  @Post(':actionId/decision')
  @HttpCode(200)
  async decide(@Param('actionId') actionId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<CorrectiveActionView> {
    return this.handler.decide(actionId, parseInput(managerDecisionRequest, body), await requestMeta(this.clock, user));
  }
}
