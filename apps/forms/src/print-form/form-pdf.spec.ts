import { overlappingRuns, readPdfText } from '@fd/platform/testing';
import { DEFAULT_CJK_FONT } from './cjk-font';
import { PrintableForm, renderFormPdf } from './form-pdf';

const form: PrintableForm = {
  serial: 'FD00001234',
  verificationCode: 'K7PX3QWM',
  merchantId: 'm-1',
  merchantName: '永安木門',
  merchantStall: 'A-12',
  cardNo: 'SC00000042',
  serviceType: 'install',
  visit: 1,
  plannedDate: '2026-10-05',
  dueDate: '2026-10-12',
};

describe('the printed feedback form', () => {
  it('aFileThatIsNoFont_isRefused503_ratherThanPrintingEmptyBoxes', async () => {
    await expect(renderFormPdf(form, { path: __filename })).rejects.toMatchObject({ status: 503, code: 'PDF_FONT_UNAVAILABLE' });
  });
  it('aCollectionWithoutTheFaceNamed_isRefused503', async () => {
    await expect(renderFormPdf(form, { path: DEFAULT_CJK_FONT, family: 'NoSuchFace' })).rejects.toMatchObject({
      code: 'PDF_FONT_UNAVAILABLE',
    });
  });
});

describe('the printed feedback form with the longest values the API takes', () => {
  // a merchant's name at most 100 characters, its stall at most 40 (libs/api: merchant requests)
  const longest: PrintableForm = {
    ...form,
    merchantId: '0f8c2a4e-6b1d-4c3e-9a57-2d8e1f0b3c4d',
    merchantName: '龍'.repeat(100),
    merchantStall: '攤'.repeat(40),
    merchantNumber: 'M-0001',
  };

  it('staysOnePage_withNoTwoTextsOverlapping_allInsideThePage', async () => {
    const text = await readPdfText(await renderFormPdf(longest, { path: DEFAULT_CJK_FONT, family: 'WenQuanYiMicroHei' }));
    expect(text.pages).toBe(1);
    expect(overlappingRuns(text.runs).map(([a, b]) => `${a.text} × ${b.text}`)).toEqual([]);
    for (const r of text.runs) {
      expect(r.left).toBeGreaterThanOrEqual(0);
      expect(r.right).toBeLessThanOrEqual(text.pageWidth);
      expect(r.bottom).toBeLessThanOrEqual(text.pageHeight);
    }
    // the merchant's line and the card's line below it are both there, and apart
    const merchant = text.runs.filter((r) => r.text.includes('龍'));
    const card = text.runs.find((r) => r.text.includes(longest.cardNo))!;
    expect(merchant.length).toBeGreaterThan(0);
    expect(Math.max(...merchant.map((r) => r.bottom))).toBeLessThanOrEqual(card.top);
  });

  it('printsTheMerchantsNumber_neverItsInternalId', async () => {
    const text = await readPdfText(await renderFormPdf(longest, { path: DEFAULT_CJK_FONT, family: 'WenQuanYiMicroHei' }));
    expect(text.all).toContain('M-0001');
    expect(text.all).not.toContain(longest.merchantId);
    expect(text.all).not.toContain('0f8c2a4e');
  });
});
