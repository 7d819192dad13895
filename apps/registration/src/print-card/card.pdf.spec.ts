import { existsSync } from 'node:fs';
import { overlappingRuns, readPdfText } from '@fd/platform/testing';
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

describe('the printed insurance card with the longest values the API takes', () => {
  // libs/api: a customer's name at most 100 characters, the address 300; a line's items at most 100,
  // each described in at most 200; services at most 10 (with after-sales ones); a merchant's name 100, its stall 40
  const longest: PrintableCard = {
    ...card,
    merchant: { name: '龍'.repeat(100), stall: '攤'.repeat(40), number: 'M-0001' },
    customer: { name: '顧'.repeat(100), phone: '139*******0000', address: '址'.repeat(300) },
    items: Array.from({ length: 100 }, (_, i) => ({
      description: `${i + 1}號`.padEnd(200, '貨'),
      quantity: 999_999,
      amountCents: 99_999_999_999,
    })),
    services: Array.from({ length: 10 }, (_, i) => ({
      type: (['measure', 'deliver', 'install', 'repair'] as const)[i % 4],
      plannedDate: '2026-10-08',
      visits: 20,
      requestId: `r${i}`,
      requestedAt: '2026-10-30T02:00:00.000Z',
    })),
  };

  it('staysOnePage_withNoTwoTextsOverlapping_andSaysHowManyGoodsItCouldNotList', async () => {
    const text = await readPdfText(await renderCardPdf(longest, cjkFont({}), '021-5555 0000 轉 8888'));
    expect(text.pages).toBe(1);
    expect(overlappingRuns(text.runs).map(([a, b]) => `${a.text} × ${b.text}`)).toEqual([]);
    for (const r of text.runs) {
      expect(r.left).toBeGreaterThanOrEqual(0);
      expect(r.right).toBeLessThanOrEqual(text.pageWidth);
      expect(r.bottom).toBeLessThanOrEqual(text.pageHeight);
    }
    expect(text.all).toContain('共 100 項');
    expect(text.all).toContain('M-0001');
    expect(text.all).toContain('客服電話');
    // the promise is printed whole
    expect(text.all).toContain('請持本卡致電或親臨本城客服中心');
  });

  it('aShortCard_listsEverythingAsItWas', async () => {
    const text = await readPdfText(await renderCardPdf(card, cjkFont({})));
    expect(text.pages).toBe(1);
    expect(overlappingRuns(text.runs)).toEqual([]);
    for (const s of ['美家地板（攤位 A-101）', '陳小姐', '台北路 8 號 3 樓', '實木地板 × 30', '維修']) expect(text.all).toContain(s);
  });
});
