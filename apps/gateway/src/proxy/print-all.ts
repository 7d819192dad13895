import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PDFDocument } from 'pdf-lib';
import { Problem, Roles } from '@fd/platform';
import { Upstreams } from './upstreams';
import { PurchaseComposition } from './purchase-composition';
import type { StoredAnswer } from './idempotency';
import { sendAnswer } from './proxy.http.controller';

type Headers = Record<string, string | string[] | undefined>;

interface PrintedForm {
  serial: string;
  cardNo: string;
  status: string;
}

/**
 * One PDF with everything of a purchase the desk hands over (docs/api.md#get-purchasespurchaseidprintpdf):
 * each insurance card followed by its feedback forms. Each page is the service's own, printed by
 * its usual route (so a print is what it always was, and recorded wherever that route records it);
 * the entry point only puts the documents one after the other, with pdf-lib, rather than drawing
 * cards or forms itself.
 */
export class PurchasePrints {
  constructor(
    private readonly up: Upstreams,
    private readonly purchases: PurchaseComposition,
  ) {}

  async printAll(headers: Headers, purchaseId: string): Promise<StoredAnswer> {
    const read = await this.purchases.purchase(headers, purchaseId);
    if (read.status !== 200) return problemAnswer(read.status, read.data);
    const purchase = read.data as { cards: Array<{ cardNo: string }>; forms: PrintedForm[]; formsPending: boolean };
    if (purchase.formsPending)
      throw new Problem(
        409,
        'FORMS_PENDING',
        `The feedback forms of purchase ${purchaseId} are not all issued yet; print again in a moment.`,
      );
    // voided forms no longer count: they are not handed to the customer
    const forms = purchase.forms.filter((f) => f.status !== 'voided');
    const parts: Array<{ service: 'registration' | 'forms'; path: string }> = [];
    for (const { cardNo } of purchase.cards) {
      parts.push({ service: 'registration', path: `/api/v1/cards/${encodeURIComponent(cardNo)}/print.pdf` });
      for (const f of forms.filter((x) => x.cardNo === cardNo).sort((a, b) => a.serial.localeCompare(b.serial)))
        parts.push({ service: 'forms', path: `/api/v1/forms/${encodeURIComponent(f.serial)}/print.pdf` });
    }
    const printed = await Promise.all(parts.map((p) => this.up.call(p.service, 'GET', p.path, headers)));
    const refused = printed.find((a) => a.status !== 200);
    if (refused) return { status: refused.status, contentType: 'application/problem+json', body: refused.body.toString() };

    const all = await PDFDocument.create();
    all.setTitle(`Purchase ${purchaseId}`);
    for (const a of printed) {
      const doc = await PDFDocument.load(a.body);
      for (const page of await all.copyPages(doc, doc.getPageIndices())) all.addPage(page);
    }
    const pdf = Buffer.from(await all.save());
    return {
      status: 200,
      contentType: 'application/pdf',
      body: pdf.toString('base64'),
      encoding: 'base64',
      headers: { 'content-disposition': `inline; filename="purchase-${purchaseId.replace(/[^\w.-]/g, '_')}.pdf"` },
    };
  }
}

const problemAnswer = (status: number, data: unknown): StoredAnswer => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify(data),
});

/** GET /api/v1/purchases/{purchaseId}/print.pdf: the entry point's own route, ahead of the proxy. */
@Controller('api/v1/purchases/:purchaseId/print.pdf')
export class PrintAllController {
  private readonly prints: PurchasePrints;
  constructor(@Inject(Upstreams) up: Upstreams, @Inject(PurchaseComposition) purchases: PurchaseComposition) {
    this.prints = new PurchasePrints(up, purchases);
  }

  /** Printing is the desk's and the administration's, as each card's and form's print route. */
  @Roles('clerk', 'admin')
  @Get()
  async print(@Param('purchaseId') purchaseId: string, @Res() res: Response) {
    sendAnswer(res, await this.prints.printAll(res.req.headers, purchaseId));
  }
}
