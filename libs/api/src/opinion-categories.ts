import { z } from 'zod';
import { exportLanguages } from './exports';

/**
 * Opinion categories (docs/rules.md#customer-opinions): a managed list, each with a stable code
 * and a label in each language of the UI. An opinion names a category by its code, so the
 * summary counts one category once whatever the clerk's language.
 */
export const opinionCategoryStatuses = ['active', 'retired'] as const;
export type OpinionCategoryStatus = (typeof opinionCategoryStatuses)[number];

/** Lower-case letters, digits and `_`, starting with a letter: 2–40 characters. */
export const opinionCategoryCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'a category code: 2–40 lower-case letters, digits or _, starting with a letter');

export const opinionCategoryLabels = z.strictObject({
  'zh-Hant': z.string().trim().min(1).max(40),
  'zh-Hans': z.string().trim().min(1).max(40),
  en: z.string().trim().min(1).max(40),
});
export type OpinionCategoryLabels = z.infer<typeof opinionCategoryLabels>;

/** The code an opinion goes under when no other fits; it can never be retired. */
export const OTHER_CATEGORY = 'other';

/** The categories the register starts with: the names the UI suggested before the list was managed. */
export const builtInOpinionCategories: ReadonlyArray<{ code: string; labels: OpinionCategoryLabels }> = [
  { code: 'staff_attitude', labels: { 'zh-Hant': '服務態度', 'zh-Hans': '服务态度', en: 'Staff attitude' } },
  { code: 'late_delivery', labels: { 'zh-Hant': '送貨延誤', 'zh-Hans': '送货延误', en: 'Late delivery' } },
  { code: 'installation_quality', labels: { 'zh-Hant': '安裝品質', 'zh-Hans': '安装质量', en: 'Installation quality' } },
  { code: 'product_quality', labels: { 'zh-Hant': '商品品質', 'zh-Hans': '商品质量', en: 'Product quality' } },
  { code: 'price', labels: { 'zh-Hant': '價格', 'zh-Hans': '价格', en: 'Price' } },
  { code: 'after_sales_repair', labels: { 'zh-Hant': '售後維修', 'zh-Hans': '售后维修', en: 'After-sales repair' } },
  { code: OTHER_CATEGORY, labels: { 'zh-Hant': '其他', 'zh-Hans': '其他', en: 'Other' } },
];

const byLabel = new Map<string, string>(
  builtInOpinionCategories.flatMap((c) => Object.values(c.labels).map((l) => [l.trim().toLowerCase(), c.code] as const)),
);

/**
 * The code of a category written as free text before the list was managed: a built-in label in
 * any of the three languages (trimmed, any case) is its code; anything else is `other`, with the
 * text kept beside it (`categoryText`) so it stays visible.
 */
export function opinionCategoryOfText(text: string): { category: string; categoryText?: string } {
  const code = byLabel.get(text.trim().toLowerCase());
  return code ? { category: code } : { category: OTHER_CATEGORY, categoryText: text };
}

// ---- requests

export const addOpinionCategoryRequest = z.object({ code: opinionCategoryCode, labels: opinionCategoryLabels });

export const listOpinionCategoriesQuery = z.object({ status: z.enum(opinionCategoryStatuses).optional() });

/** `lang`: the language of the summary's labels (else Accept-Language, else zh-Hant). */
export const opinionLabelLanguage = z.enum(exportLanguages).optional();

// ---- answers

export const opinionCategorySchema = z.strictObject({
  code: z.string(),
  labels: z.strictObject({ 'zh-Hant': z.string(), 'zh-Hans': z.string(), en: z.string() }),
  status: z.enum(opinionCategoryStatuses),
  /** One of the register's first categories (not added by the administration). */
  builtIn: z.boolean(),
  addedAt: z.string().optional(),
  retiredAt: z.string().optional(),
});
export type OpinionCategory = z.infer<typeof opinionCategorySchema>;

export const opinionCategoriesSchema = z.strictObject({ items: z.array(opinionCategorySchema) });
