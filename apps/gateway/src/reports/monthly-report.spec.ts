import { overlappingRuns, readPdfText } from '@fd/platform/testing';
import type { MonthlyFigures } from '@fd/api';
import { composeReport, OpinionSummary, renderReportPdf, reportCsv } from './monthly-report';

const kinds = { form_not_returned: 1, no_form: 0, service_without_form: 0, purchase_not_registered: 0, forged: 0 };
const figures = (over: Partial<MonthlyFigures['totals']> = {}) => ({
  satisfactionRate: 66.7,
  returnRate: 75,
  formsIssued: 4,
  formsDue: 4,
  formsFiled: 3,
  qualified: 2,
  unqualified: 1,
  returnRateWarning: false,
  violations: kinds,
  cases: { opened: 1, upheld: 1, dismissed: 0, corrected: 0 },
  actions: { opened: 1, closed: 0, overdue: 1 },
  ...over,
});
const periods = Array.from({ length: 13 }, (_, i) => `${i < 3 ? 2025 : 2026}-${String(((i + 9) % 12) + 1).padStart(2, '0')}`);

/** A mall of `n` merchants with the longest names and stalls the API takes (100 and 40 characters). */
function mall(n: number): MonthlyFigures {
  return {
    period: '2026-10',
    closed: true,
    eventsRead: 100,
    totals: { merchants: n, ...figures() },
    merchants: Array.from({ length: n }, (_, i) => ({
      merchantId: `m-${i}`,
      name: `${i}${'龍'.repeat(99)}`,
      stall: '攤'.repeat(40),
      score: 0,
      ...figures(),
    })),
    trend: periods.map((period) => ({ period, merchants: n, ...figures({ returnRate: 59.9, returnRateWarning: true }) })),
  };
}
const opinions: OpinionSummary[] = periods.map((period) => ({
  period,
  total: 3,
  byCategory: [{ category: 'late_delivery', label: '送貨延誤', count: 3 }],
  byChannel: [{ channel: 'phone', count: 3 }],
  byCategoryAndMerchant: [
    { category: 'late_delivery', label: '送貨延誤', merchantId: 'm-0', count: 2 },
    { category: 'late_delivery', label: '送貨延誤', merchantId: null, count: 1 },
  ],
  byChannelAndMerchant: [
    { channel: 'phone', merchantId: 'm-0', count: 2 },
    { channel: 'phone', merchantId: null, count: 1 },
  ],
}));

describe('the monthly report composed by the entry point', () => {
  it('joinsEachMerchantsOpinions_andTheMonthsTotals', () => {
    const r = composeReport(mall(2), opinions);
    expect(r.totals.opinions).toEqual({
      total: 3,
      byCategory: [{ category: 'late_delivery', label: '送貨延誤', count: 3 }],
      byChannel: [{ channel: 'phone', count: 3 }],
    });
    expect(r.merchants[0].opinions).toEqual({ total: 2, byCategory: { late_delivery: 2 }, byChannel: { phone: 2 } });
    expect(r.merchants[1].opinions.total).toBe(0);
    expect(r.trend.map((t) => t.opinions)).toEqual(periods.map(() => 3));
  });

  it('csv_hasOneRowPerMerchant_thenTheMalls_inTheLanguageAsked', () => {
    const { header, rows } = reportCsv(composeReport(mall(2), opinions), 'en');
    expect(header.slice(0, 6)).toEqual(['Merchant', 'Stall', 'Forms issued', 'Forms due', 'Forms returned', 'Return rate']);
    expect(header).toContain('Opinions: 送貨延誤');
    expect(rows).toHaveLength(3);
    expect(rows[2].slice(0, 6)).toEqual(['Whole mall', null, 4, 4, 3, 75]);
  });

  it('pdf_withTheLongestNames_hasNoTwoTextsOverlapping_andPagesAsTheMerchantsNeed', async () => {
    const text = await readPdfText(await renderReportPdf(composeReport(mall(40), opinions), 'zh-Hant'));
    expect(text.all).toContain('月度管理報告');
    expect(text.pages).toBeGreaterThan(1);
    expect(text.pages).toBeLessThanOrEqual(3);
    expect(overlappingRuns(text.runs).map(([a, b]) => `${a.text} × ${b.text}`)).toEqual([]);
    for (const r of text.runs) {
      expect(r.left).toBeGreaterThanOrEqual(0);
      expect(r.right).toBeLessThanOrEqual(text.pageWidth);
      expect(r.bottom).toBeLessThanOrEqual(text.pageHeight);
    }
  });

  it('pdf_ofASmallMall_isOnePage_inSimplifiedWhenAsked', async () => {
    const text = await readPdfText(await renderReportPdf(composeReport(mall(3), opinions), 'zh-Hans'));
    expect(text.pages).toBe(1);
    expect(text.all).toContain('月度管理报告');
  });
});
