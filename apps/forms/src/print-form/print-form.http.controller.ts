import { Controller, Get, Inject, Param, StreamableFile } from '@nestjs/common';
import { CurrentUser, Principal, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { FormStreams } from '../form/form-streams';
import { normaliseSerial } from '../form/serial';
import { FormViews } from '../read-forms/form.view';
import { DEFAULT_CJK_FONT, findCjkFont, fontUnavailable } from './cjk-font';
import { renderFormPdf } from './form-pdf';

@Controller('api/v1/forms')
export class PrintFormController {
  constructor(
    @Inject(RUNTIME) private readonly rt: ServiceRuntime,
    private readonly views: FormViews,
    private readonly streams: FormStreams,
  ) {}

  /** The form to hand to the customer, with its verification code: for the desk only. */
  @Roles('clerk', 'admin')
  @Get(':serial/print.pdf')
  async print(@Param('serial') raw: string, @CurrentUser() user: Principal) {
    const form = await this.views.row(normaliseSerial(raw), user);
    const font = findCjkFont();
    if (!font) throw fontUnavailable(`no Chinese font at ${process.env.CJK_FONT || DEFAULT_CJK_FONT}`);
    const merchants: Array<{ name: string; stall: string }> = await this.rt.ds.query(
      `SELECT name, stall FROM "${this.rt.schema}".merchants WHERE merchant_id = $1`,
      [form.merchant_id],
    );
    const identity = {
      serial: form.serial,
      merchantId: form.merchant_id,
      purchaseId: form.purchase_id,
      serviceType: form.service_type,
      visit: form.visit,
    };
    const pdf = await renderFormPdf(
      {
        ...identity,
        verificationCode: this.streams.codeOf(identity),
        merchantName: merchants[0]?.name,
        merchantStall: merchants[0]?.stall,
        cardNo: form.card_no,
        plannedDate: form.planned_date,
        dueDate: form.due_date,
      },
      font,
    );
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${form.serial}.pdf"`, length: pdf.length });
  }
}
