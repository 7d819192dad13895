import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { CurrentUser, Principal, Roles } from '@fd/platform';
import { normaliseSerial } from '../form/serial';
import { FormPrints } from './print-form.query';

@Controller('api/v1/forms')
export class PrintFormController {
  constructor(private readonly prints: FormPrints) {}

  /** The form to hand to the customer, with its verification code: for the desk only. */
  @Roles('clerk', 'admin')
  @Get(':serial/print.pdf')
  async print(@Param('serial') raw: string, @CurrentUser() user: Principal) {
    const { serial, pdf } = await this.prints.pdf(normaliseSerial(raw), user);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${serial}.pdf"`, length: pdf.length });
  }
}
