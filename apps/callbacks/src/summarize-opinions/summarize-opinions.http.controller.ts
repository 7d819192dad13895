import { Controller, Get, Query } from '@nestjs/common';
import { parseInput, Roles } from '@fd/platform';
import { summarizeOpinionsRequest } from './summarize-opinions.request';
import { OpinionSummary } from './summarize-opinions.query';

@Controller('api/v1/opinions')
export class SummarizeOpinionsController {
  constructor(private readonly summary: OpinionSummary) {}

  @Roles('admin', 'clerk')
  @Get('summary')
  summarize(@Query() query: unknown) {
    const { period } = parseInput(summarizeOpinionsRequest, query);
    return this.summary.of(period);
  }
}
