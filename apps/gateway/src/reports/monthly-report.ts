import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ExportLanguage, MonthlyFigures, MonthlyReport } from '@fd/api';
import { opinionChannels, penaltyKinds } from '@fd/api';
import { CsvCell, fitText, Problem } from '@fd/platform';

/**
 * The monthly management report (docs/rules.md#the-monthly-management-report), composed by the
 * entry point from two services' answers (docs/architecture.md#the-monthly-report): the scoring
 * service's figures (forms, violations, cases, actions, each month as it closed) and the callbacks
 * service's opinion summaries of the month and the 12 before it. Neither service reads the other's
 * tables; this file only joins their answers by merchant id and month.
 */
export interface OpinionSummary {
  period: string;
  total: number;
  byCategory: Array<{ category: string; label: string; count: number }>;
  byChannel: Array<{ channel: (typeof opinionChannels)[number]; count: number }>;
  byCategoryAndMerchant: Array<{ category: string; label: string; merchantId: string | null; count: number }>;
  byChannelAndMerchant: Array<{ channel: string; merchantId: string | null; count: number }>;
}

/** Joins the scoring figures with the opinions: `opinions[i]` is the summary of `figures.trend[i].period`. */
export function composeReport(figures: MonthlyFigures, opinions: OpinionSummary[]): MonthlyReport {
  const byPeriod = new Map(opinions.map((o) => [o.period, o]));
  const month = byPeriod.get(figures.period);
  const perMerchant = (merchantId: string) => {
    const byCategory: Record<string, number> = {};
    const byChannel: Record<string, number> = {};
    let total = 0;
    for (const c of month?.byCategoryAndMerchant ?? [])
      if (c.merchantId === merchantId) {
        byCategory[c.category] = (byCategory[c.category] ?? 0) + c.count;
        total += c.count;
      }
    for (const c of month?.byChannelAndMerchant ?? [])
      if (c.merchantId === merchantId) byChannel[c.channel] = (byChannel[c.channel] ?? 0) + c.count;
    return { total, byCategory, byChannel };
  };
  // a merchant with opinions but nothing else in the month still has its row
  const rows = [...figures.merchants];
  const known = new Set(rows.map((m) => m.merchantId));
  for (const c of month?.byCategoryAndMerchant ?? [])
    if (c.merchantId && !known.has(c.merchantId)) {
      known.add(c.merchantId);
      rows.push({
        merchantId: c.merchantId,
        name: null,
        stall: null,
        score: null,
        ...emptyFigures(),
      });
    }
  return {
    period: figures.period,
    closed: figures.closed,
    totals: {
      ...figures.totals,
      opinions: {
        total: month?.total ?? 0,
        byCategory: month?.byCategory ?? [],
        byChannel: month?.byChannel ?? [],
      },
    },
    merchants: rows.map((m) => ({ ...m, opinions: perMerchant(m.merchantId) })),
    trend: figures.trend.map((t) => ({ ...t, opinions: byPeriod.get(t.period)?.total ?? 0 })),
  };
}

const emptyFigures = () => ({
  satisfactionRate: null,
  returnRate: null,
  formsIssued: 0,
  formsDue: 0,
  formsFiled: 0,
  qualified: 0,
  unqualified: 0,
  returnRateWarning: false,
  violations: Object.fromEntries(penaltyKinds.map((k) => [k, 0])) as MonthlyFigures['totals']['violations'],
  cases: { opened: 0, upheld: 0, dismissed: 0, corrected: 0 },
  actions: { opened: 0, closed: 0, overdue: 0 },
});

// ------------------------------------------------------------------ words

type Words = Record<string, string>;
const WORDS: Record<ExportLanguage, Words> = {
  'zh-Hant': {
    title: '月度管理報告',
    mall: '全商場',
    merchant: '商戶',
    stall: '攤位',
    formsIssued: '發出意見表',
    formsDue: '應回收',
    formsFiled: '已回收',
    returnRate: '回收率',
    below60: '低於60%',
    qualified: '合格項',
    unqualified: '不合格項',
    satisfaction: '滿意率',
    score: '考核分數',
    casesOpened: '立案',
    casesUpheld: '維持處罰',
    casesDismissed: '撤銷',
    casesCorrected: '更正',
    opinions: '顧客意見',
    actionsOpened: '措施開立',
    actionsClosed: '措施關閉',
    actionsOverdue: '措施逾期',
    violations: '違規',
    period: '月份',
    trend: '近13個月趨勢',
    notClosed: '本月尚未結束，數字仍會增加',
    byCategory: '意見類別',
    byChannel: '意見渠道',
    page: '頁',
    'kind.form_not_returned': '未交回意見表',
    'kind.no_form': '顧客未收到意見表',
    'kind.service_without_form': '服務無意見表',
    'kind.purchase_not_registered': '未登記購買',
    'kind.forged': '偽造',
    'channel.visit': '來訪',
    'channel.phone': '來電',
    'channel.letter': '來信',
    'channel.hotline': '投訴熱線',
    'channel.mailbox': '意見箱',
    'channel.inspection': '巡查',
  },
  'zh-Hans': {
    title: '月度管理报告',
    mall: '全商场',
    merchant: '商户',
    stall: '摊位',
    formsIssued: '发出意见表',
    formsDue: '应回收',
    formsFiled: '已回收',
    returnRate: '回收率',
    below60: '低于60%',
    qualified: '合格项',
    unqualified: '不合格项',
    satisfaction: '满意率',
    score: '考核分数',
    casesOpened: '立案',
    casesUpheld: '维持处罚',
    casesDismissed: '撤销',
    casesCorrected: '更正',
    opinions: '顾客意见',
    actionsOpened: '措施开立',
    actionsClosed: '措施关闭',
    actionsOverdue: '措施逾期',
    violations: '违规',
    period: '月份',
    trend: '近13个月趋势',
    notClosed: '本月尚未结束，数字仍会增加',
    byCategory: '意见类别',
    byChannel: '意见渠道',
    page: '页',
    'kind.form_not_returned': '未交回意见表',
    'kind.no_form': '顾客未收到意见表',
    'kind.service_without_form': '服务无意见表',
    'kind.purchase_not_registered': '未登记购买',
    'kind.forged': '伪造',
    'channel.visit': '来访',
    'channel.phone': '来电',
    'channel.letter': '来信',
    'channel.hotline': '投诉热线',
    'channel.mailbox': '意见箱',
    'channel.inspection': '巡查',
  },
  en: {
    title: 'Monthly management report',
    mall: 'Whole mall',
    merchant: 'Merchant',
    stall: 'Stall',
    formsIssued: 'Forms issued',
    formsDue: 'Forms due',
    formsFiled: 'Forms returned',
    returnRate: 'Return rate',
    below60: 'Below 60%',
    qualified: 'Qualified',
    unqualified: 'Unqualified',
    satisfaction: 'Satisfaction',
    score: 'Score',
    casesOpened: 'Cases opened',
    casesUpheld: 'Cases upheld',
    casesDismissed: 'Cases dismissed',
    casesCorrected: 'Cases corrected',
    opinions: 'Opinions',
    actionsOpened: 'Actions opened',
    actionsClosed: 'Actions closed',
    actionsOverdue: 'Actions overdue',
    violations: 'Violations',
    period: 'Month',
    trend: 'The last 13 months',
    notClosed: 'This month has not ended: its figures still grow',
    byCategory: 'Opinions by category',
    byChannel: 'Opinions by channel',
    page: 'page',
    'kind.form_not_returned': 'Form not returned',
    'kind.no_form': 'No form',
    'kind.service_without_form': 'Service without form',
    'kind.purchase_not_registered': 'Purchase not registered',
    'kind.forged': 'Forged',
    'channel.visit': 'Visit',
    'channel.phone': 'Phone',
    'channel.letter': 'Letter',
    'channel.hotline': 'Hotline',
    'channel.mailbox': 'Mailbox',
    'channel.inspection': 'Inspection',
  },
};
const word = (lang: ExportLanguage, key: string) => WORDS[lang][key] ?? key;
const pct = (v: number | null) => (v === null ? '' : `${v.toFixed(1)}%`);

// ------------------------------------------------------------------ CSV

/** One row per merchant, then the mall's; the month's opinion categories as columns of their own. */
export function reportCsv(r: MonthlyReport, lang: ExportLanguage): { header: string[]; rows: CsvCell[][] } {
  const w = (k: string) => word(lang, k);
  const categories = r.totals.opinions.byCategory;
  const header = [
    w('merchant'),
    w('stall'),
    w('formsIssued'),
    w('formsDue'),
    w('formsFiled'),
    w('returnRate'),
    w('below60'),
    w('qualified'),
    w('unqualified'),
    w('satisfaction'),
    w('score'),
    ...penaltyKinds.map((k) => `${w('violations')}: ${w(`kind.${k}`)}`),
    w('casesOpened'),
    w('casesUpheld'),
    w('casesDismissed'),
    w('casesCorrected'),
    w('opinions'),
    ...categories.map((c) => `${w('opinions')}: ${c.label}`),
    ...opinionChannels.map((c) => `${w('opinions')}: ${w(`channel.${c}`)}`),
    w('actionsOpened'),
    w('actionsClosed'),
    w('actionsOverdue'),
  ];
  type Row = Omit<MonthlyReport['merchants'][number], 'merchantId' | 'name' | 'stall' | 'score' | 'opinions'> & {
    opinions: { total: number; byCategory: Record<string, number>; byChannel: Record<string, number> };
  };
  const line = (name: string, stall: string | null, score: number | null, f: Row): CsvCell[] => [
    name,
    stall,
    f.formsIssued,
    f.formsDue,
    f.formsFiled,
    f.returnRate,
    f.returnRateWarning ? w('below60') : '',
    f.qualified,
    f.unqualified,
    f.satisfactionRate,
    score,
    ...penaltyKinds.map((k) => f.violations[k]),
    f.cases.opened,
    f.cases.upheld,
    f.cases.dismissed,
    f.cases.corrected,
    f.opinions.total,
    ...categories.map((c) => f.opinions.byCategory[c.category] ?? 0),
    ...opinionChannels.map((c) => f.opinions.byChannel[c] ?? 0),
    f.actions.opened,
    f.actions.closed,
    f.actions.overdue,
  ];
  const t = r.totals;
  const mall: Row = {
    ...t,
    opinions: {
      total: t.opinions.total,
      byCategory: Object.fromEntries(t.opinions.byCategory.map((c) => [c.category, c.count])),
      byChannel: Object.fromEntries(t.opinions.byChannel.map((c) => [c.channel, c.count])),
    },
  };
  return {
    header,
    rows: [...r.merchants.map((m) => line(m.name ?? m.merchantId, m.stall, m.score, m)), line(w('mall'), null, null, mall)],
  };
}

// ------------------------------------------------------------------ PDF

/** Where Debian's fonts-wqy-microhei puts its font, as for the printed forms. */
export const REPORT_CJK_FONT = { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' };

const A4_LANDSCAPE = { width: 841.89, height: 595.28 };
const MARGIN = 36;
const ROW = 16;

/**
 * The report on A4 landscape pages, in Chinese (zh-Hans when asked, else zh-Hant): the mall's
 * figures, the 13 months' trend with bars of the return and satisfaction rates, the opinions by
 * category and channel, then one line per merchant, as many pages as the merchants need. Every
 * text is written in a box of its own (fitText), so the longest names never run into the next
 * column.
 */
export async function renderReportPdf(r: MonthlyReport, lang: ExportLanguage, font = REPORT_CJK_FONT): Promise<Buffer> {
  if (!existsSync(font.path))
    throw new Problem(
      503,
      'PDF_FONT_UNAVAILABLE',
      `The report cannot be printed: no font at ${font.path}. Install fonts-wqy-microhei. No PDF was made.`,
    );
  const l: ExportLanguage = lang === 'zh-Hans' ? 'zh-Hans' : 'zh-Hant';
  const w = (k: string) => word(l, k);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: true,
    info: { Title: `${w('title')} ${r.period}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const width = A4_LANDSCAPE.width - 2 * MARGIN;
  const bottom = A4_LANDSCAPE.height - MARGIN;
  const cell = (text: string, x: number, y: number, cw: number, opts: { size?: number; align?: 'left' | 'right' | 'center' } = {}) =>
    fitText(
      doc,
      text,
      { x: x + 2, y: y + 2, width: cw - 4, height: ROW - 3 },
      { size: opts.size ?? 8, minSize: 5, align: opts.align ?? 'right' },
    );

  // heading
  fitText(doc, `${w('title')}　${r.period}`, { x: MARGIN, y: MARGIN, width, height: 22 }, { size: 16 });
  let y = MARGIN + 24;
  if (!r.closed) {
    fitText(doc, w('notClosed'), { x: MARGIN, y, width, height: 12 }, { size: 9 });
    y += 14;
  }
  const t = r.totals;
  const violations = penaltyKinds.reduce((n, k) => n + t.violations[k], 0);
  const summary: Array<[string, string]> = [
    [w('formsIssued'), String(t.formsIssued)],
    [w('formsFiled'), `${t.formsFiled} / ${t.formsDue}`],
    [w('returnRate'), `${pct(t.returnRate)}${t.returnRateWarning ? ` (${w('below60')})` : ''}`],
    [w('satisfaction'), `${pct(t.satisfactionRate)} (${t.qualified} / ${t.qualified + t.unqualified})`],
    [w('violations'), String(violations)],
    [
      `${w('casesOpened')}/${w('casesUpheld')}/${w('casesDismissed')}/${w('casesCorrected')}`,
      `${t.cases.opened}/${t.cases.upheld}/${t.cases.dismissed}/${t.cases.corrected}`,
    ],
    [w('opinions'), String(t.opinions.total)],
    [`${w('actionsOpened')}/${w('actionsClosed')}/${w('actionsOverdue')}`, `${t.actions.opened}/${t.actions.closed}/${t.actions.overdue}`],
  ];
  const sw = width / 4;
  summary.forEach(([k, v], i) => {
    const x = MARGIN + (i % 4) * sw;
    const yy = y + Math.floor(i / 4) * 28;
    fitText(doc, k, { x, y: yy, width: sw - 8, height: 11 }, { size: 8, minSize: 6 });
    fitText(doc, v, { x, y: yy + 11, width: sw - 8, height: 14 }, { size: 11, minSize: 7 });
  });
  y += 60;

  // violations by kind, opinions by category and by channel: three lists side by side
  const lists: Array<[string, Array<[string, number]>]> = [
    [w('violations'), penaltyKinds.map((k) => [w(`kind.${k}`), t.violations[k]])],
    [w('byCategory'), t.opinions.byCategory.slice(0, 7).map((c) => [c.label, c.count])],
    [w('byChannel'), opinionChannels.map((c) => [w(`channel.${c}`), t.opinions.byChannel.find((x) => x.channel === c)?.count ?? 0])],
  ];
  const lw = width / 3;
  lists.forEach(([title, items], i) => {
    const x = MARGIN + i * lw;
    fitText(doc, title, { x, y, width: lw - 8, height: 12 }, { size: 9 });
    items.forEach(([k, n], j) => {
      fitText(doc, k, { x, y: y + 13 + j * 11, width: lw - 48, height: 10 }, { size: 7.5, minSize: 5 });
      fitText(doc, String(n), { x: x + lw - 46, y: y + 13 + j * 11, width: 36, height: 10 }, { size: 7.5, align: 'right' });
    });
  });
  y += 13 + 7 * 11 + 8;

  // the trend: a table of the 13 months, with bars of the two rates
  fitText(doc, w('trend'), { x: MARGIN, y, width, height: 12 }, { size: 9 });
  y += 13;
  const tw = (width - 90) / r.trend.length;
  const barTop = y;
  const barHeight = 40;
  r.trend.forEach((m, i) => {
    const x = MARGIN + 90 + i * tw;
    const bar = (v: number | null, dx: number, color: string) => {
      if (v === null) return;
      const h = (Math.min(100, Math.max(0, v)) / 100) * barHeight;
      doc
        .save()
        .rect(x + dx, barTop + barHeight - h, tw / 2 - 3, h)
        .fill(color)
        .restore();
    };
    bar(m.returnRate, 2, m.returnRateWarning ? '#c0392b' : '#2e86c1');
    bar(m.satisfactionRate, tw / 2, '#27ae60');
  });
  // the 60 % line
  const line60 = barTop + barHeight - 0.6 * barHeight;
  doc
    .save()
    .moveTo(MARGIN + 90, line60)
    .lineTo(MARGIN + width, line60)
    .dash(2, { space: 2 })
    .strokeColor('#c0392b')
    .stroke()
    .restore();
  fitText(doc, `${w('returnRate')} / ${w('satisfaction')}`, { x: MARGIN, y: barTop + 6, width: 86, height: 24 }, { size: 7, minSize: 5 });
  y = barTop + barHeight + 2;
  const trendRows: Array<[string, (m: MonthlyReport['trend'][number]) => string]> = [
    [w('period'), (m) => m.period],
    [w('formsIssued'), (m) => String(m.formsIssued)],
    [w('returnRate'), (m) => pct(m.returnRate)],
    [w('satisfaction'), (m) => pct(m.satisfactionRate)],
    [w('violations'), (m) => String(penaltyKinds.reduce((n, k) => n + m.violations[k], 0))],
    [w('opinions'), (m) => String(m.opinions)],
  ];
  for (const [label, value] of trendRows) {
    cell(label, MARGIN, y, 90, { align: 'left', size: 7.5 });
    r.trend.forEach((m, i) => cell(value(m), MARGIN + 90 + i * tw, y, tw, { size: 7.5, align: 'center' }));
    y += ROW - 4;
  }
  y += 8;

  // one line per merchant
  const cols: Array<[string, number, (m: MonthlyReport['merchants'][number]) => string]> = [
    [w('merchant'), 150, (m) => m.name ?? m.merchantId],
    [w('stall'), 60, (m) => m.stall ?? ''],
    [w('formsIssued'), 44, (m) => String(m.formsIssued)],
    [w('formsFiled'), 50, (m) => `${m.formsFiled}/${m.formsDue}`],
    [w('returnRate'), 56, (m) => `${pct(m.returnRate)}${m.returnRateWarning ? ' ▼' : ''}`],
    [w('satisfaction'), 46, (m) => pct(m.satisfactionRate)],
    [w('score'), 40, (m) => (m.score === null ? '' : m.score.toFixed(1))],
    [w('violations'), 40, (m) => String(penaltyKinds.reduce((n, k) => n + m.violations[k], 0))],
    [
      `${w('casesOpened')}/${w('casesUpheld')}/${w('casesDismissed')}`,
      70,
      (m) => `${m.cases.opened}/${m.cases.upheld}/${m.cases.dismissed}`,
    ],
    [w('opinions'), 40, (m) => String(m.opinions.total)],
    [
      `${w('actionsOpened')}/${w('actionsClosed')}/${w('actionsOverdue')}`,
      0,
      (m) => `${m.actions.opened}/${m.actions.closed}/${m.actions.overdue}`,
    ],
  ];
  const fixed = cols.reduce((n, c) => n + c[1], 0);
  cols[cols.length - 1][1] = width - fixed;
  const header = () => {
    let x = MARGIN;
    doc.save().rect(MARGIN, y, width, ROW).fill('#eeeeee').restore();
    doc.fillColor('black');
    for (const [label, cw] of cols) {
      cell(label, x, y, cw, { align: 'left', size: 7 });
      x += cw;
    }
    y += ROW;
  };
  header();
  for (const m of r.merchants) {
    if (y + ROW > bottom) {
      doc.addPage();
      doc.font('cjk');
      y = MARGIN;
      header();
    }
    let x = MARGIN;
    cols.forEach(([, cw, value], i) => {
      cell(value(m), x, y, cw, { align: i < 2 ? 'left' : 'right' });
      x += cw;
    });
    doc
      .save()
      .moveTo(MARGIN, y + ROW)
      .lineTo(MARGIN + width, y + ROW)
      .lineWidth(0.3)
      .strokeColor('#bbbbbb')
      .stroke()
      .restore();
    y += ROW;
  }
  doc.end();
  return done;
}
