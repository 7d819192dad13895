import { Controller, Get, Query } from '@nestjs/common';
import type { GroupTotals } from '@fd/api';
import { parseInput, Roles } from '@fd/platform';
import { GroupTotalsQuery } from './group-totals.query';
import { groupTotalsQuery } from './group-totals.request';

/** The mall group's totals: every mall's month side by side, for the group administration only. */
@Controller('api/v1')
export class GroupTotalsController {
  constructor(private readonly totals: GroupTotalsQuery) {}

  @Roles('group_admin')
  @Get('group/totals')
  of(@Query() query: unknown): Promise<GroupTotals> {
    return this.totals.of(parseInput(groupTotalsQuery, query));
  }
}
