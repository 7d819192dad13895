import { existsSync } from 'node:fs';
import { cjkFont, DEFAULT_CJK_FONT, PrintableCard, renderCardPdf } from './card.pdf';

const card: PrintableCard = {
  cardNo: 'SC00000042',
  registeredAt: '2026-10-05T02:00:00.000Z',
  merchant: { name: '美家地板', stall: 'A-101' },
  customer: { name: '陳小姐', phone: '138****5678', address: '台北路 8 號 3 樓' },
  items: [{ description: '實木地板', quantity: 30, amountCents: 1_200_050 }],
  services: [
    { type: 'deliver', plannedDate: '2026-10-08', visits: 1 },
    { type: 'repair', plannedDate: '2026-11-02', visits: 1, requestId: 'r1', requestedAt: '2026-10-30T02:00:00.000Z' },
  ],
  timeZone: 'Asia/Shanghai',
};

describe('the printed insurance card', () => {
  it('cjkFont_defaultsToWenQuanYi_andNamesTheFaceOfACollection', () => {
    expect(cjkFont({})).toEqual({ path: DEFAULT_CJK_FONT, family: 'WenQuanYiMicroHei' });
    expect(cjkFont({ CJK_FONT: '/fonts/NotoSansTC.ttf' })).toEqual({ path: '/fonts/NotoSansTC.ttf' });
    expect(cjkFont({ CJK_FONT: '/fonts/noto.ttc', CJK_FONT_FAMILY: 'NotoSansCJKtc-Regular' })).toEqual({
      path: '/fonts/noto.ttc',
      family: 'NotoSansCJKtc-Regular',
    });
  });

  it('withoutTheFont_printingIsUnavailable', async () => {
    await expect(renderCardPdf(card, { path: '/nonexistent/font.ttf' })).rejects.toMatchObject({
      status: 503,
      code: 'PDF_FONT_UNAVAILABLE',
    });
  });

  it('aFontFaceMissingFromTheCollection_isUnavailableToo', async () => {
    expect(existsSync(DEFAULT_CJK_FONT)).toBe(true); // installed on our machines: apt-get install fonts-wqy-microhei
    await expect(renderCardPdf(card, { path: DEFAULT_CJK_FONT, family: 'NoSuchFace' })).rejects.toMatchObject({ status: 503 });
  });

  it('renderCardPdf_givesAPdfWithTheCardNumberInItsTitle', async () => {
    const pdf = await renderCardPdf(card, cjkFont({}));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000); // the embedded CJK glyphs and the QR image
  });
});
