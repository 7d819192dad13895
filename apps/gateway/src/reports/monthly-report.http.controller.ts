import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { exportLanguage, MonthlyFigures, MonthlyReport, monthlyReportQuery } from '@fd/api';
import { csvLine, parseInput, Problem, Roles } from '@fd/platform';
import { Upstreams } from '../proxy/upstreams';
import { composeReport, OpinionSummary, renderReportPdf, reportCsv } from './monthly-report';

type Headers = Record<string, string | string[] | undefined>;

/**
 * GET /api/v1/reports/monthly (JSON), /reports/monthly.pdf and /reports/monthly.csv: the entry
 * point's own routes, ahead of the proxy (docs/api.md#get-reportsmonthly).
 */
@Controller('api/v1/reports')
export class MonthlyReportController {
  constructor(@Inject(Upstreams) private readonly up: Upstreams) {}

  private async report(headers: Headers, query: unknown): Promise<{ report: MonthlyReport; lang: ReturnType<typeof exportLanguage> }> {
    const q = parseInput(monthlyReportQuery, query);
    const lang = exportLanguage(q.lang, typeof headers['accept-language'] === 'string' ? headers['accept-language'] : undefined);
    const figures = await this.up.json<MonthlyFigures>('scoring', 'GET', `/api/v1/reports/monthly/figures?period=${q.period}`, headers);
    if (figures.status !== 200) throw passOn(figures);
    const opinions = await Promise.all(
      figures.data.trend.map(async (t) => {
        const o = await this.up.json<OpinionSummary>(
          'callbacks',
          'GET',
          `/api/v1/opinions/summary?period=${t.period}&lang=${lang}`,
          headers,
        );
        if (o.status !== 200) throw passOn(o);
        return o.data;
      }),
    );
    return { report: composeReport(figures.data, opinions), lang };
  }

  @Roles('admin')
  @Get('monthly')
  async json(@Query() query: unknown, @Res() res: Response) {
    res.json((await this.report(res.req.headers, query)).report);
  }

  @Roles('admin')
  @Get('monthly.pdf')
  async pdf(@Query() query: unknown, @Res() res: Response) {
    const { report, lang } = await this.report(res.req.headers, query);
    const pdf = await renderReportPdf(report, lang);
    res.setHeader('Content-Disposition', `inline; filename="monthly-report-${report.period}.pdf"`);
    res.type('application/pdf').send(pdf);
  }

  /** As the CSV exports: UTF-8 with a BOM, CRLF, no formula cells (docs/api.md#csv-exports). */
  @Roles('admin')
  @Get('monthly.csv')
  async csv(@Query() query: unknown, @Res() res: Response) {
    const { report, lang } = await this.report(res.req.headers, query);
    const { header, rows } = reportCsv(report, lang);
    res.setHeader('Content-Disposition', `attachment; filename="monthly-report-${report.period}.csv"`);
    res.type('text/csv; charset=utf-8').send('\uFEFF' + csvLine(header) + rows.map(csvLine).join(''));
  }
}

/** A service's refusal, passed on as it said it. */
function passOn(a: { status: number; data: unknown }): Problem {
  const d = (a.data ?? {}) as { code?: string; detail?: string; message?: string };
  return new Problem(a.status, d.code ?? 'UPSTREAM_ERROR', d.detail ?? d.message ?? `The report could not be made (${a.status}).`);
}
