import { Controller, Get, Query } from '@nestjs/common';
import { MonthlyFigures, monthlyFiguresQuery } from '@fd/api';
import { parseInput, Roles } from '@fd/platform';
import { MonthlyFiguresQuery } from './monthly-figures.query';

/** The scoring service's figures of the monthly report; the entry point adds the opinions (GET /reports/monthly). */
@Controller('api/v1')
export class MonthlyFiguresController {
  constructor(private readonly figures: MonthlyFiguresQuery) {}

  @Roles('admin')
  @Get('reports/monthly/figures')
  of(@Query() query: unknown): Promise<MonthlyFigures> {
    return this.figures.of(parseInput(monthlyFiguresQuery, query).period);
  }
}
