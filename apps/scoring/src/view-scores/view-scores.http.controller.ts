import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { exportLanguage, exportScoresQuery } from '@fd/api';
import { assertMerchantScope, CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { Scorecard } from '@fd/scoring-domain';
import { listScoresQuery, scoresQuery, trendQuery } from './view-scores.request';
import { MerchantScoreRow, Scores } from './view-scores.query';
import { ScoresExport } from './export-scores.query';

@Controller('api/v1')
export class ViewScoresController {
  constructor(
    private readonly scores: Scores,
    private readonly exports: ScoresExport,
  ) {}

  @Roles('merchant', 'admin', 'clerk')
  @Get('merchants/:merchantId/scores')
  scorecard(@Param('merchantId') merchantId: string, @Query() query: unknown, @CurrentUser() user: Principal): Promise<Scorecard> {
    assertMerchantScope(user, merchantId);
    return this.scores.scorecard(merchantId, parseInput(scoresQuery, query));
  }

  @Roles('merchant', 'admin', 'clerk')
  @Get('merchants/:merchantId/scores/trend')
  trend(@Param('merchantId') merchantId: string, @Query() query: unknown, @CurrentUser() user: Principal) {
    assertMerchantScope(user, merchantId);
    return this.scores.trend(merchantId, parseInput(trendQuery, query));
  }

  @Roles('admin')
  @Get('scores')
  all(@Query() query: unknown): Promise<{ period: string; items: MerchantScoreRow[] }> {
    return this.scores.all(parseInput(listScoresQuery, query));
  }

  /** The same rows as CSV, streamed (docs/api.md#csv-exports). */
  @Roles('admin')
  @Get('scores/export.csv')
  async exportCsv(@Query() query: unknown, @Req() req: Request, @Res() res: Response) {
    const q = parseInput(exportScoresQuery, query);
    await this.exports.send(q.period ?? (await this.scores.thisMonth()), exportLanguage(q.lang, req.headers['accept-language']), res);
  }
}
