import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { FormStreams } from '../form/form-streams';
import { FormViews } from '../read-forms/form.view';
import { cjkFontPath, findCjkFont, fontUnavailable } from './cjk-font';
import type { FormsConfig } from '../forms.config';
import { renderFormPdf } from './form-pdf';

/** The form to hand to the customer, with its verification code and the merchant's name and stall. */
@Injectable()
export class FormPrints {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly views: FormViews,
    private readonly streams: FormStreams,
    @Inject(CONFIG) private readonly config: FormsConfig,
  ) {}

  async pdf(serial: string, viewer: Principal): Promise<{ serial: string; pdf: Buffer }> {
    const form = await this.views.row(serial, viewer);
    const font = findCjkFont(this.config);
    if (!font) throw fontUnavailable(`no Chinese font at ${cjkFontPath(this.config)}`);
    const merchants: Array<{ name: string; stall: string; number: string | null }> = await this.ds.query(
      `SELECT name, stall, number FROM "${this.schema}".merchants WHERE merchant_id = $1`,
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
        merchantNumber: merchants[0]?.number ?? undefined,
        cardNo: form.card_no,
        plannedDate: form.planned_date,
        dueDate: form.due_date,
        confirmationLink: `${this.config.SELF_CONFIRMATION_BASE_URL.replace(/\/+$/, '')}/c/${this.streams.tokenOf(form.serial)}`,
      },
      font,
    );
    return { serial: form.serial, pdf };
  }
}
