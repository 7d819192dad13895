import { z } from 'zod';
import { mallIdSchema } from './mall';
import { opinionCategoryCode, opinionLabelLanguage } from './opinion-categories';
import { isValidDate } from '@fd/kernel';
import {
  callbackOutcomes,
  callbackReasons,
  callbackStatuses,
  caseStatuses,
  decisions,
  findingKinds,
  formStatuses,
  opinionChannels,
  penaltyKinds,
  roles,
} from './enums';
import {
  calendarDate,
  isoDate,
  isoDateTime,
  nonBlankText,
  pageQuery,
  period,
  phoneNumber,
  ratingSchema,
  serviceTypeSchema,
  text,
  timeZone,
} from './fields';

/**
 * The body and the query of every request of /api/v1 (docs/api.md#routes). The owning service
 * parses with these, so the field paths and messages of a 400 VALIDATION_FAILED are theirs.
 */

// ---------------------------------------------------------------- accounts (the entry point)

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

/** The one password policy, for every account (the bootstrap admin's too): long, and not one or two characters repeated. */
export const passwordSchema = z
  .string()
  .min(10, 'at least 10 characters')
  .max(200)
  .refine((p) => new Set(p).size > 2, 'more than two different characters');

export const roleSchema = z.enum(roles);

// no account has a longer username or password (newUserRequest): longer ones are refused before any lookup or hashing
export const loginRequest = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });
export const changePasswordRequest = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) });
export const resetPasswordRequest = z.object({ newPassword: z.string().max(200) });
export const newUserRequest = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    role: roleSchema,
    merchantId: z.string().trim().min(1).optional(),
    // the mall the account belongs to: the creating administrator's own unless the group administration names another
    mallId: mallIdSchema.optional(),
  })
  .refine((u) => (u.role === 'merchant') === !!u.merchantId, {
    message: 'a merchant account needs a merchantId, and only a merchant account has one',
    path: ['merchantId'],
  });
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

/** `{advanceDays}` or `{now}`, exactly one of them (test mode only). */
export const moveTestClockRequest = z
  .object({ advanceDays: z.number().int().min(0).max(3650).optional(), now: isoDateTime.optional() })
  .strict()
  .superRefine((m, ctx) => {
    if ((m.advanceDays === undefined) === (m.now === undefined))
      ctx.addIssue({ code: 'custom', path: ['advanceDays'], message: 'give either advanceDays or now (an ISO date-time), not both' });
  });

// ---------------------------------------------------------------- merchants, staff, purchases (registration)

export const registerMerchantRequest = z.object({
  name: text(100),
  /** The stall (攤位) in the mall, e.g. "A-101". */
  stall: text(40),
  /** What the merchant sells, e.g. "flooring", "doors and windows". */
  category: text(60),
});

export const registerStaffRequest = z.object({
  name: text(100),
  phone: phoneNumber,
  /** The number of the qualification certificate (上崗資格證). */
  certificateNo: text(60),
  /** The last day the certificate is valid (inclusive). */
  certificateValidUntil: calendarDate,
});

export const revokeStaffCertificateRequest = z.object({ reason: text(500) });

/** A follow-up service: one feedback form per visit (the contract allows up to 20 visits). */
export const plannedService = z.object({
  type: serviceTypeSchema,
  plannedDate: calendarDate,
  visits: z.number().int('a whole number').min(1, 'at least 1').max(20, 'at most 20').default(1),
});

/** One after-sales service (usually a repair) under an insurance card. */
export const requestAfterSalesServiceRequest = plannedService;

/** The lines after the first for a merchant that already has one: one line per merchant. */
export function repeatedMerchantLines(lines: Array<{ merchantId: string }>): number[] {
  return lines.flatMap((line, i) => (lines.findIndex((l) => l.merchantId === line.merchantId) < i ? [i] : []));
}

export function repeatedMerchantError(index: number) {
  return {
    field: `lines.${index}.merchantId`,
    message: 'this merchant already has a line in this purchase; put all its goods and services in one line',
  };
}

const purchaseItem = z.object({
  description: text(200),
  quantity: z.number({ error: 'a number' }).int('a whole number').min(1, 'at least 1'),
  /** The amount of this item line in cents (not a unit price). */
  amountCents: z.number({ error: 'a number of cents' }).int('whole cents').min(0, 'not negative'),
});

const purchaseLine = z
  .object({
    merchantId: text(100),
    items: z.array(purchaseItem).max(100).default([]),
    services: z.array(plannedService).max(10).default([]),
  })
  .superRefine((l, ctx) => {
    if (l.items.length === 0 && l.services.length === 0)
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'a line needs goods or follow-up services' });
    // Forms are numbered per (merchant, service type, visit): more visits of one type go in `visits`.
    l.services.forEach((s, i) => {
      if (l.services.findIndex((o) => o.type === s.type) < i)
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'type'],
          message: `${s.type} is already planned in this line; use visits for more visits`,
        });
    });
  });

export const registerPurchaseRequest = z
  .object({
    customer: z.object({ name: text(100), phone: phoneNumber, address: text(300) }, { error: 'required' }),
    lines: z.array(purchaseLine, { error: 'required' }).min(1, 'a purchase needs at least one line').max(20, 'at most 20 merchants'),
  })
  .superRefine((p, ctx) => {
    for (const i of repeatedMerchantLines(p.lines))
      ctx.addIssue({ code: 'custom', path: ['lines', i, 'merchantId'], message: repeatedMerchantError(i).message });
  });
export type RegisterPurchaseRequest = z.infer<typeof registerPurchaseRequest>;
/** The body as a client writes it (visits, items and services may be left out). */
export type RegisterPurchaseBody = z.input<typeof registerPurchaseRequest>;

/**
 * `?q=`: what a clerk types to find something in a list (docs/api.md#get-purchases), trimmed;
 * left empty, the list is not searched.
 */
export const searchText = z
  .string()
  .trim()
  .max(100, 'at most 100 characters')
  .optional()
  .transform((v) => v || undefined);

/** GET /purchases: `q` finds a customer's name or phone (any part) or a card number (its start). */
export const listPurchasesQuery = z.object({
  merchantId: z.string().min(1).optional(),
  q: searchText,
  ...pageQuery,
});

// ---------------------------------------------------------------- forms

/** The longest a list of forms may wait for forms to be issued (waitMs); the entry point asks again if it wants longer. */
export const MAX_WAIT_MS = 10000;

/**
 * GET /forms: filters, an opaque cursor from the previous page, a page size up to 200. With
 * `waitFor=N` (and a purchaseId or cardNo) the answer waits up to `waitMs` until at least N
 * forms match, then answers the page as usual, complete or not.
 */
export const listFormsQuery = z
  .object({
    merchantId: z.string().trim().min(1).optional(),
    status: z.enum(formStatuses).optional(),
    period: period.optional(),
    purchaseId: z.string().trim().min(1).optional(),
    cardNo: z.string().trim().min(1).optional(),
    /** A serial or a card number, by its start, in any case. */
    q: searchText,
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    waitFor: z.coerce.number().int().min(1).max(10000).optional(),
    waitMs: z.coerce.number().int().min(0).max(MAX_WAIT_MS).default(MAX_WAIT_MS),
  })
  .refine((q) => q.waitFor === undefined || q.purchaseId !== undefined || q.cardNo !== undefined, {
    path: ['waitFor'],
    message: 'waiting needs a purchaseId or a cardNo',
  });

/** POST /forms/{serial}/return: what the clerk reads off the returned form. */
export const fileFormRequest = z.object({
  verificationCode: z.string().trim().min(1, 'the verification code printed on the form is required').max(32),
  rating: ratingSchema,
  staffId: z.string().trim().min(1, 'the staff member who did the service is required'),
  servicedOn: isoDate.refine(isValidDate, 'not a calendar date'),
  comment: z.string().trim().max(2000).optional(),
});

/** POST /forms/{serial}/void: why the form no longer counts (e.g. the customer cancelled the service). */
export const voidFormRequest = z.object({
  reason: z.string().trim().min(1, 'say why the form is voided').max(500),
});

/** GET /wrong-verification-codes: optionally one form's, newest first, paged. */
export const listWrongCodesQuery = z.object({
  /** Serials are upper case (FD00001234); a typed one is accepted in any case. */
  serial: z.string().trim().min(1).toUpperCase().optional(),
  ...pageQuery,
});

// ---------------------------------------------------------------- callbacks, findings, opinions

export const listCallbacksQuery = z.object({
  status: z.enum(callbackStatuses).optional(),
  merchantId: z.string().min(1).optional(),
  /** Serials are upper case (FD00001234); a typed one is accepted in any case, as the forms service does. */
  serial: z.string().trim().min(1).toUpperCase().optional(),
  /** Why the task was opened. */
  reason: z.enum(callbackReasons).optional(),
  ...pageQuery,
});

/** The shape only; which outcome needs which field, and the date rules, are the decider's. */
export const recordCallbackAttemptRequest = z.object({
  outcome: z.enum(callbackOutcomes),
  reportedRating: ratingSchema.optional(),
  newPlannedDate: z.string().optional(),
  note: z.string().max(2000).optional(),
});

/**
 * The shape only; the service date's rules are the decider's. The references (a purchase, an
 * insurance card, a form) must be ones the callbacks service knows, of the finding's merchant.
 */
export const recordFindingRequest = z.object({
  merchantId: z.string().trim().min(1),
  kind: z.enum(findingKinds),
  servicedOn: z.string().optional(),
  /** The day of a sale kept from the desk (`purchase_not_registered` only; that kind names no purchase, card or form). */
  purchasedOn: z.string().optional(),
  purchaseId: z.string().trim().min(1).optional(),
  /** Card numbers (SC00000042) and serials (FD00001234) are upper case; a typed one is accepted in any case. */
  cardNo: z.string().trim().min(1).toUpperCase().optional(),
  serial: z.string().trim().min(1).toUpperCase().optional(),
  note: nonBlankText(4000),
});

/** An administrator's correction of a callback outcome, or withdrawal of a finding, recorded by mistake: the reason is required. */
export const correctionRequest = z.object({ reason: nonBlankText(2000) });

/** What a callback outcome would do to a form, asked before it is recorded (GET /forms/{serial}/consequence). */
export const callbackConsequenceQuery = z.object({
  outcome: z.enum(callbackOutcomes),
  reportedRating: ratingSchema.optional(),
});

export const listFindingsQuery = z.object({
  merchantId: z.string().min(1).optional(),
  ...pageQuery,
});

export const registerOpinionRequest = z.object({
  channel: z.enum(opinionChannels),
  /** The code of an active category of the managed list (GET /opinion-categories); the summary counts by it. */
  category: opinionCategoryCode,
  merchantId: z.string().trim().min(1).optional(),
  /** The customer's words, kept exactly as given. */
  text: nonBlankText(20000),
});

export const listOpinionsQuery = z.object({
  period: period.optional(),
  merchantId: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  ...pageQuery,
});

export const summarizeOpinionsQuery = z.object({ period, lang: opinionLabelLanguage });

// ---------------------------------------------------------------- scores, penalty cases, policy

/** `?period=YYYY-MM`; without it, the current month in the mall. */
export const scoresQuery = z.object({ period: period.optional() });
/**
 * GET /scores: `sort=stall` (the default, by stall and name) or `sort=lowerBound`, by the lower
 * bound of the satisfaction rate's Wilson interval, comparable merchants first (docs/rules.md#figures).
 */
export const listScoresQuery = scoresQuery.extend({ sort: z.enum(['stall', 'lowerBound']).default('stall') });

/** `?to=YYYY-MM`: the last of the 12 months; without it, the current month in the mall. */
export const trendQuery = z.object({ to: period.optional() });

/** `order=oldest`: the review queue, the cases that have waited longest first. */
export const listPenaltyCasesQuery = z.object({
  status: z.enum(caseStatuses).optional(),
  merchantId: z.string().min(1).optional(),
  /** The cases of one kind of violation (e.g. the sales kept from the desk, `purchase_not_registered`). */
  kind: z.enum(penaltyKinds).optional(),
  order: z.enum(['newest', 'oldest']).default('newest'),
  ...pageQuery,
});

export const appealRequest = z.object({
  statement: z.string().trim().min(1, 'say why the case should be dismissed').max(4000),
});

/** The receipt of an upheld case's fine: the day it was paid (from the decision to today) and the receipt's number. */
export const finePaymentRequest = z.object({
  paidOn: isoDate.refine(isValidDate, 'not a calendar date'),
  receiptNo: z.string().trim().min(1, 'the number on the receipt').max(60),
});

/** A fine or a suspension goes only with uphold (the decider refuses them with dismiss, naming the field). */
export const decisionRequest = z.object({
  decision: z.enum(decisions),
  reason: z.string().trim().min(1, 'give the reason of the decision').max(4000),
  fineCents: z.number().int().min(0).optional(),
  suspendDays: z.number().int().min(0).max(3650).optional(),
});

/**
 * The knobs of the rule book the administration may turn, with their ranges (docs/rules.md#policy):
 * `PUT /policy`'s body, and the values of the `PolicyChanged` event (libs/contracts).
 */
export const policyValuesSchema = z.object({
  /** Days after the planned service date a form is due back. */
  returnDays: z.number().int().min(0).max(365),
  /** Share of the remaining filed forms the desk calls back (0..1). */
  callbackSampleRate: z.number().min(0).max(1),
  /** Days after a penalty case opens during which the merchant may appeal. */
  appealDays: z.number().int().min(0).max(365),
  /** The mall's time zone (IANA name): it decides what "today" and "this month" are. */
  timeZone,
  /**
   * The least count of a satisfaction rate to compare it with others (docs/rules.md#figures).
   * Added later, so optional: a change without it keeps the one in force; a version set before it
   * existed has the default, 5.
   */
  minFormsToCompare: z.number().int().min(1).max(1000).optional(),
});
export type PolicyValues = z.infer<typeof policyValuesSchema>;
export const changePolicyRequest = policyValuesSchema;
/**
 * `POST /policy/what-if`: the policy values to preview (any left out stay as in force) and the
 * months to look at, at most 24 (by default the 12 up to this one); docs/rules.md#what-if-policy-replay.
 */
export const policyWhatIfRequest = policyValuesSchema
  .partial()
  .extend({ from: period.optional(), to: period.optional() })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range ends before it starts' });
    if (q.from && q.to) {
      const months = (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4))) * 12 + Number(q.to.slice(5)) - Number(q.from.slice(5)) + 1;
      if (months > 24) ctx.addIssue({ code: 'custom', path: ['to'], message: 'at most 24 months at a time' });
    }
  });
export type PolicyWhatIfRequest = z.infer<typeof policyWhatIfRequest>;
