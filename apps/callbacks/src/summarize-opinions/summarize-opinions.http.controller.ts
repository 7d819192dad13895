import { Controller, Get, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { exportLanguage } from '@fd/api';
import { parseInput, Roles } from '@fd/platform';
import { summarizeOpinionsRequest } from './summarize-opinions.request';
import { OpinionSummary } from './summarize-opinions.query';

@Controller('api/v1/opinions')
export class SummarizeOpinionsController {
  constructor(private readonly summary: OpinionSummary) {}

  @Roles('admin', 'clerk')
  @Get('summary')
  summarize(@Query() query: unknown, @Req() req: Request) {
    const { period, lang } = parseInput(summarizeOpinionsRequest, query);
    return this.summary.of(period, exportLanguage(lang, req.headers['accept-language']));
  }
}
