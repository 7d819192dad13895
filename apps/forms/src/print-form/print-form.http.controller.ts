import { Controller, Get, Inject, Param, StreamableFile } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, CLOCK, CurrentUser, Principal, requestMeta, Roles } from '@fd/platform';
import { FormStreams } from '../form/form-streams';
import { normaliseSerial } from '../form/serial';
import { FormPrints } from './print-form.query';

@Controller('api/v1/forms')
export class PrintFormController {
  constructor(
    private readonly prints: FormPrints,
    private readonly streams: FormStreams,
    private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The form to hand to the customer, with its verification code: for the desk only. Each time it
   * is served, FormPrinted records who printed it in the form's trail (print-all of a purchase
   * fetches each form here, so it is recorded too).
   */
  @Roles('clerk', 'admin')
  @Get(':serial/print.pdf')
  async print(@Param('serial') raw: string, @CurrentUser() user: Principal) {
    const { serial, pdf } = await this.prints.pdf(normaliseSerial(raw), user);
    const meta = await requestMeta(this.clock, user);
    await this.streams.handle(
      this.ds,
      serial,
      { type: 'RecordPrint', serial, username: user.username, role: user.role, now: meta.now },
      meta,
    );
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${serial}.pdf"`, length: pdf.length });
  }
}
