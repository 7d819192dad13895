import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { exportFormsQuery, exportLanguage } from '@fd/api';
import { CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { FormsExport } from './export-forms.query';
import { normaliseSerial } from '../form/serial';
import { FormViews } from './form.view';
import { listFormsRequest } from './list-forms.request';
import { cardKey, FormsArrival, purchaseKey } from './forms-arrival';

@Controller('api/v1/forms')
export class FormsController {
  constructor(
    private readonly views: FormViews,
    private readonly arrival: FormsArrival,
    private readonly exports: FormsExport,
  ) {}

  /**
   * Clerks and admins see every merchant's forms; a merchant only its own, without verification codes.
   * With waitFor, the answer waits (up to waitMs) until that many forms match: woken when forms
   * of the purchase or card are issued, never by asking the table again and again.
   */
  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@Query() query: unknown, @CurrentUser() user: Principal) {
    const { cursor, waitFor, waitMs, ...q } = parseInput(listFormsRequest, query);
    if (waitFor !== undefined) {
      const key = q.purchaseId !== undefined ? purchaseKey(q.purchaseId) : cardKey(q.cardNo!);
      await this.arrival.until(key, async () => (await this.views.count(q, user)) >= waitFor, waitMs);
    }
    return this.views.list({ ...q, after: cursor }, user);
  }

  /** Every form of the list's filters as CSV, streamed (declared before :serial, which would take its path). */
  @Roles('clerk', 'admin', 'merchant')
  @Get('export.csv')
  async exportCsv(@Query() query: unknown, @CurrentUser() user: Principal, @Req() req: Request, @Res() res: Response) {
    const q = parseInput(exportFormsQuery, query);
    await this.exports.send(q, user, exportLanguage(q.lang, req.headers['accept-language']), res);
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':serial')
  async detail(@Param('serial') serial: string, @CurrentUser() user: Principal) {
    return this.views.detail(normaliseSerial(serial), user);
  }
}
