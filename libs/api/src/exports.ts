import { z } from 'zod';
import { caseStatuses, Decision, formStatuses, PenaltyKind, Rating, ServiceType } from './enums';
import { period } from './fields';

/**
 * The CSV exports (docs/api.md#csv-exports): the languages their column names and values are
 * written in, their queries, and the words of each language. The web UI's own words for the same
 * things are in its locales; these are the API's, so that a file reads the same whoever asks.
 */
export const exportLanguages = ['zh-Hant', 'zh-Hans', 'en'] as const;
export type ExportLanguage = (typeof exportLanguages)[number];

/** `?lang=` wins over Accept-Language; either may name zh-Hant, zh-Hans or en (zh-TW, zh-CN… too). */
export const exportLanguageParam = z.enum(exportLanguages).optional();

/** The language of `lang`, else the first of Accept-Language we speak, else zh-Hant. */
export function exportLanguage(lang: ExportLanguage | undefined, acceptLanguage: string | undefined): ExportLanguage {
  if (lang) return lang;
  const asked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1 };
    })
    .filter((a) => a.tag && a.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of asked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (/^zh-(hans|cn|sg)/.test(tag)) return 'zh-Hans';
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-Hant';
  }
  return 'zh-Hant';
}

export const exportFormsQuery = z.object({
  merchantId: z.string().trim().min(1).optional(),
  status: z.enum(formStatuses).optional(),
  period: period.optional(),
  lang: exportLanguageParam,
});

export const exportPenaltyCasesQuery = z.object({
  status: z.enum(caseStatuses).optional(),
  merchantId: z.string().min(1).optional(),
  lang: exportLanguageParam,
});

export const exportScoresQuery = z.object({ period: period.optional(), lang: exportLanguageParam });

type Words<K extends string> = Record<ExportLanguage, Record<K, string>>;

export const formExportColumns = [
  'serial',
  'merchant',
  'service',
  'visit',
  'plannedDate',
  'dueDate',
  'status',
  'rating',
  'staffCertified',
  'servicedOn',
  'issuedAt',
  'filedAt',
  'cardNo',
] as const;

export const caseExportColumns = [
  'id',
  'merchant',
  'kind',
  'serial',
  'period',
  'status',
  'openedAt',
  'appealDeadline',
  'appeal',
  'appealedAt',
  'decision',
  'decisionReason',
  'decidedAt',
  'fineYuan',
  'suspendDays',
] as const;

export const scoreExportColumns = [
  'merchant',
  'stall',
  'score',
  'satisfactionRate',
  'satisfactionCount',
  'satisfactionLower',
  'satisfactionUpper',
  'tooFewToCompare',
  'returnRate',
  'formsIssued',
  'formsDue',
  'formsFiled',
  'qualified',
  'unqualified',
  'returnRateWarning',
] as const;

type ColumnWords = (typeof formExportColumns)[number] | (typeof caseExportColumns)[number] | (typeof scoreExportColumns)[number];
type ValueWords =
  | `service.${ServiceType}`
  | `formStatus.${(typeof formStatuses)[number]}`
  | `rating.${Rating}`
  | `caseStatus.${(typeof caseStatuses)[number]}`
  | `kind.${PenaltyKind}`
  | `decision.${Decision}`
  | 'yes'
  | 'no';

/** The words of the exports in each language (the same as the web UI's, docs/glossary.md). */
export const exportWords: Words<ColumnWords | ValueWords> = {
  'zh-Hant': {
    serial: '反饋表編號',
    merchant: '商戶',
    stall: '攤位',
    service: '服務',
    visit: '次',
    plannedDate: '預約日期',
    dueDate: '回收期限',
    status: '狀態',
    rating: '評價',
    staffCertified: '資格',
    servicedOn: '服務日期',
    issuedAt: '發出時間',
    filedAt: '備案時間',
    cardNo: '保險卡號',
    id: '審核編號',
    kind: '違規',
    period: '考核期',
    openedAt: '開立時間',
    appealDeadline: '申訴期限',
    appeal: '申訴',
    appealedAt: '申訴時間',
    decision: '決定',
    decisionReason: '決定理由',
    decidedAt: '決定時間',
    fineYuan: '罰款（元）',
    suspendDays: '暫停登記天數',
    score: '考核分數',
    satisfactionRate: '滿意率',
    satisfactionCount: '滿意率樣本數',
    satisfactionLower: '滿意率下限（95%）',
    satisfactionUpper: '滿意率上限（95%）',
    tooFewToCompare: '樣本太少，不宜比較',
    returnRate: '回收率',
    formsIssued: '發出',
    formsDue: '到期',
    formsFiled: '已備案',
    qualified: '合格項',
    unqualified: '不合格項',
    returnRateWarning: '回收率偏低',
    'service.measure': '測量',
    'service.deliver': '送貨',
    'service.install': '安裝',
    'service.repair': '維修',
    'formStatus.issued': '待回收',
    'formStatus.filed': '已備案',
    'formStatus.overdue': '逾期',
    'formStatus.voided': '已作廢',
    'rating.very_satisfied': '很滿意',
    'rating.satisfied': '滿意',
    'rating.fairly_satisfied': '較滿意',
    'rating.unsatisfied': '不滿意',
    'caseStatus.open': '待審核',
    'caseStatus.decided': '已決定',
    'caseStatus.corrected': '已更正',
    'kind.form_not_returned': '缺失反饋表（逾期未回收）',
    'kind.no_form': '缺失反饋表（回訪：未填）',
    'kind.service_without_form': '缺失反饋表（查實：服務無表）',
    'kind.purchase_not_registered': '未登記購買（查實：無保險卡）',
    'kind.forged': '虛假反饋表',
    'decision.uphold': '維持處罰',
    'decision.dismiss': '撤銷',
    yes: '是',
    no: '否',
  },
  'zh-Hans': {
    serial: '反馈表编号',
    merchant: '商户',
    stall: '摊位',
    service: '服务',
    visit: '次',
    plannedDate: '预约日期',
    dueDate: '回收期限',
    status: '状态',
    rating: '评价',
    staffCertified: '资格',
    servicedOn: '服务日期',
    issuedAt: '发出时间',
    filedAt: '备案时间',
    cardNo: '保险卡号',
    id: '审核编号',
    kind: '违规',
    period: '考核期',
    openedAt: '开立时间',
    appealDeadline: '申诉期限',
    appeal: '申诉',
    appealedAt: '申诉时间',
    decision: '决定',
    decisionReason: '决定理由',
    decidedAt: '决定时间',
    fineYuan: '罚款（元）',
    suspendDays: '暂停登记天数',
    score: '考核分数',
    satisfactionRate: '满意率',
    satisfactionCount: '满意率样本数',
    satisfactionLower: '满意率下限（95%）',
    satisfactionUpper: '满意率上限（95%）',
    tooFewToCompare: '样本太少，不宜比较',
    returnRate: '回收率',
    formsIssued: '发出',
    formsDue: '到期',
    formsFiled: '已备案',
    qualified: '合格项',
    unqualified: '不合格项',
    returnRateWarning: '回收率偏低',
    'service.measure': '测量',
    'service.deliver': '送货',
    'service.install': '安装',
    'service.repair': '维修',
    'formStatus.issued': '待回收',
    'formStatus.filed': '已备案',
    'formStatus.overdue': '逾期',
    'formStatus.voided': '已作废',
    'rating.very_satisfied': '很满意',
    'rating.satisfied': '满意',
    'rating.fairly_satisfied': '较满意',
    'rating.unsatisfied': '不满意',
    'caseStatus.open': '待审核',
    'caseStatus.decided': '已决定',
    'caseStatus.corrected': '已更正',
    'kind.form_not_returned': '缺失反馈表（逾期未回收）',
    'kind.no_form': '缺失反馈表（回访：未填）',
    'kind.service_without_form': '缺失反馈表（查实：服务无表）',
    'kind.purchase_not_registered': '未登记购买（查实：无保险卡）',
    'kind.forged': '虚假反馈表',
    'decision.uphold': '维持处罚',
    'decision.dismiss': '撤销',
    yes: '是',
    no: '否',
  },
  en: {
    serial: 'Serial',
    merchant: 'Merchant',
    stall: 'Stall',
    service: 'Service',
    visit: 'Visit',
    plannedDate: 'Planned date',
    dueDate: 'Due date',
    status: 'Status',
    rating: 'Rating',
    staffCertified: 'Qualification',
    servicedOn: 'Service date',
    issuedAt: 'Issued at',
    filedAt: 'Filed at',
    cardNo: 'Card no.',
    id: 'Case',
    kind: 'Violation',
    period: 'Period',
    openedAt: 'Opened',
    appealDeadline: 'Appeal deadline',
    appeal: 'Appeal',
    appealedAt: 'Appealed at',
    decision: 'Decision',
    decisionReason: 'Reason',
    decidedAt: 'Decided at',
    fineYuan: 'Fine (yuan)',
    suspendDays: 'Suspension days',
    score: 'Score',
    satisfactionRate: 'Satisfaction rate',
    satisfactionCount: 'Satisfaction count',
    satisfactionLower: 'Satisfaction lower bound (95%)',
    satisfactionUpper: 'Satisfaction upper bound (95%)',
    tooFewToCompare: 'Too few forms to compare',
    returnRate: 'Return rate',
    formsIssued: 'Issued',
    formsDue: 'Due',
    formsFiled: 'Filed',
    qualified: 'Qualified',
    unqualified: 'Unqualified',
    returnRateWarning: 'Low return rate',
    'service.measure': 'Measurement',
    'service.deliver': 'Delivery',
    'service.install': 'Installation',
    'service.repair': 'Repair',
    'formStatus.issued': 'Awaiting return',
    'formStatus.filed': 'Filed',
    'formStatus.overdue': 'Overdue',
    'formStatus.voided': 'Voided',
    'rating.very_satisfied': 'Very satisfied',
    'rating.satisfied': 'Satisfied',
    'rating.fairly_satisfied': 'Fairly satisfied',
    'rating.unsatisfied': 'Unsatisfied',
    'caseStatus.open': 'Open',
    'caseStatus.decided': 'Decided',
    'caseStatus.corrected': 'Corrected',
    'kind.form_not_returned': 'Missing form (not returned)',
    'kind.no_form': 'Missing form (callback: no form)',
    'kind.service_without_form': 'Missing form (finding: service without form)',
    'kind.purchase_not_registered': 'Purchase kept from the desk (finding: no insurance card)',
    'kind.forged': 'Forged form',
    'decision.uphold': 'Upheld',
    'decision.dismiss': 'Dismissed',
    yes: 'Yes',
    no: 'No',
  },
};

/** A word of the exports in `lang`; an unknown key is written as it is (never an empty cell). */
export function exportWord(lang: ExportLanguage, key: string): string {
  return (exportWords[lang] as Record<string, string>)[key] ?? key;
}
