import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { listCallbacksRequest } from './list-callbacks.request';
import { CallbackTasks } from './list-callbacks.query';

@Controller('api/v1/callbacks')
export class ListCallbacksController {
  constructor(private readonly tasks: CallbackTasks) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  list(@Query() query: unknown, @CurrentUser() user: Principal) {
    return this.tasks.list(parseInput(listCallbacksRequest, query), user);
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':callbackId')
  one(@Param('callbackId') callbackId: string, @CurrentUser() user: Principal) {
    return this.tasks.one(callbackId, user);
  }
}
