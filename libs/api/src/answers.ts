import { z } from 'zod';
import { mallIdSchema } from './mall';
import {
  callbackOutcomes,
  callbackReasons,
  callbackStatuses,
  caseStatuses,
  certificateStatuses,
  countedAs,
  decisions,
  findingKinds,
  formStatuses,
  opinionChannels,
  penaltyKinds,
  ratings,
  roles,
  serviceTypes,
  violationStatuses,
} from './enums';

/**
 * What the routes of /api/v1 answer (docs/api.md#resource-shapes). Strict: a field a service
 * adds, renames or drops fails the end-to-end check that parses real answers with these
 * (apps/system-e2e/src/contract.shapes.e2e.spec.ts), so this file and the system cannot drift.
 * An optional field is left out of an answer when it has no value; `null` only where it says so.
 */

const role = z.enum(roles);
const rating = z.enum(ratings);
const count = z.number().int().min(0);

/** `{items, nextCursor?}`: the lists that page (docs/api.md#conventions). */
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), nextCursor: z.string().optional() });
/** `{items}`: the lists that do not page. */
export const listOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

export const createdAnswer = z.strictObject({ id: z.string() });

export const actorSchema = z.strictObject({ id: z.string(), role: z.string(), merchantId: z.string().optional() });
export const timelineEntrySchema = z.strictObject({
  type: z.string(),
  at: z.string(),
  actor: actorSchema,
  data: z.record(z.string(), z.unknown()),
});

// ---------------------------------------------------------------- accounts

export const loginAnswer = z.strictObject({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds. */
  expiresIn: z.number().int(),
  role,
  username: z.string(),
  merchantId: z.string().optional(),
  /** The mall the account belongs to (docs/api.md#auth). */
  mallId: mallIdSchema,
});
export const meAnswer = z.strictObject({
  sub: z.string(),
  username: z.string(),
  role,
  merchantId: z.string().optional(),
  mallId: mallIdSchema,
});
export const userAccountSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  role,
  merchantId: z.string().optional(),
  mallId: mallIdSchema,
  createdAt: z.string(),
  /** A disabled account cannot sign in, and its sessions have ended. */
  disabled: z.boolean(),
  /** Someone has mistyped its password lately (a lock may hold): the administration can unlock it. */
  recentFailedSignIns: z.boolean(),
});
export const changedAnswer = z.strictObject({ changed: z.boolean() });
export const locksLiftedAnswer = z.strictObject({ locksLifted: count });
export const auditTypes = [
  'AccountCreated',
  'AccountDisabled',
  'AccountEnabled',
  'PasswordChanged',
  'PasswordReset',
  'SignedOut',
  'SignInUnlocked',
  'TestClockMoved',
] as const;
/** One change to an account, a session or the test clock, by `by`: a username, or `cli` / `bootstrap`. */
export const auditEntrySchema = z.strictObject({
  position: z.number().int(),
  at: z.string(),
  type: z.string(),
  by: z.string(),
  data: z.looseObject({
    username: z.string().optional(),
    role: role.optional(),
    merchantId: z.string().optional(),
    mallId: mallIdSchema.optional(),
    sessionsEnded: count.optional(),
    locksLifted: count.optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
});
export const auditPage = z.strictObject({ items: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() });
export const clockAnswer = z.strictObject({ now: z.string() });

// ---------------------------------------------------------------- merchants and staff

export const merchantSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  stall: z.string(),
  category: z.string(),
  /** The mall's short number of the merchant (M-0001), printed on cards and forms instead of any internal id. */
  number: z.string(),
  registeredAt: z.string(),
  /** Only while a suspension is in force. */
  suspendedUntil: z.string().optional(),
});
export const staffSchema = z.strictObject({
  id: z.string(),
  merchantId: z.string(),
  name: z.string(),
  phone: z.string(),
  certificateNo: z.string(),
  certificateValidUntil: z.string(),
  /** Today. */
  certificateStatus: z.enum(certificateStatuses),
  registeredAt: z.string(),
  revokedOn: z.string().optional(),
  revokeReason: z.string().optional(),
});

// ---------------------------------------------------------------- purchases and cards

export const customerSchema = z.strictObject({ name: z.string(), phone: z.string(), address: z.string() });
export const itemSchema = z.strictObject({ description: z.string(), quantity: z.number().int(), amountCents: z.number().int() });
export const cardServiceSchema = z.strictObject({
  type: z.enum(serviceTypes),
  plannedDate: z.string(),
  visits: z.number().int(),
  /** After-sales services only. */
  requestId: z.string().optional(),
  requestedAt: z.string().optional(),
});
export const cardRefSchema = z.strictObject({ cardNo: z.string(), merchantId: z.string() });
/** A form as registering a purchase or a service gives it: with its verification code, to hand to the customer. */
export const registeredFormSchema = z.strictObject({
  serial: z.string(),
  verificationCode: z.string(),
  merchantId: z.string(),
  serviceType: z.enum(serviceTypes),
  visit: z.number().int(),
  plannedDate: z.string(),
  dueDate: z.string(),
  cardNo: z.string(),
});
export const registerPurchaseAnswer = z.strictObject({
  purchaseId: z.string(),
  cards: z.array(cardRefSchema),
  expectedForms: count,
  forms: z.array(registeredFormSchema),
  /** 202: not every form was issued in time; the purchase stands. */
  formsPending: z.boolean().optional(),
});
export const afterSalesServiceAnswer = z.strictObject({
  cardNo: z.string(),
  requestId: z.string(),
  expectedForms: count,
  forms: z.array(registeredFormSchema),
  formsPending: z.boolean().optional(),
});

export const timelineSchema = z.array(timelineEntrySchema);

export const formSchema = z.strictObject({
  serial: z.string(),
  purchaseId: z.string(),
  cardNo: z.string(),
  merchantId: z.string(),
  serviceType: z.enum(serviceTypes),
  visit: z.number().int(),
  plannedDate: z.string(),
  dueDate: z.string(),
  status: z.enum(formStatuses),
  issuedAt: z.string(),
  verified: z.boolean(),
  forged: z.boolean(),
  reportedMissing: z.boolean(),
  /** After-sales forms. */
  requestId: z.string().optional(),
  // once filed; the rating is the customer's after a dispute
  rating: rating.optional(),
  staffId: z.string().optional(),
  staffCertified: z.boolean().optional(),
  uncertifiedReason: z.string().optional(),
  servicedOn: z.string().optional(),
  filedAt: z.string().optional(),
  late: z.boolean().optional(),
  comment: z.string().optional(),
  voidReason: z.string().optional(),
  voidedAt: z.string().optional(),
  overdueAt: z.string().optional(),
  // clerks and admins only
  verificationCode: z.string().optional(),
  /** Wrong verification codes so far (clerks and admins). */
  wrongCodes: count.optional(),
  /** Whether they lock the form for all but an administrator (clerks and admins). */
  filingLocked: z.boolean().optional(),
  /** One form only; FilingCodeRejected for admins only. */
  timeline: timelineSchema.optional(),
});

/** A kept scan or photo of a signed form (docs/rules.md, "The signed original"); the file itself at GET …/originals/{originalId}. */
export const formOriginalSchema = z.strictObject({
  originalId: z.string(),
  serial: z.string(),
  /** As its content showed (never as it was named or sent). */
  contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  size: count,
  sha256: z.string(),
  attachedAt: z.string(),
  /** The username of the clerk or administrator who attached it. */
  attachedBy: z.string(),
  /** Kept at least until this day (ORIGINALS_KEEP_YEARS after it was attached). */
  keepUntil: z.string(),
});
export const formOriginalsAnswer = listOf(formOriginalSchema);

const purchaseFields = {
  purchaseId: z.string(),
  registeredAt: z.string(),
  customer: customerSchema,
  lines: z.array(
    z.strictObject({ cardNo: z.string(), merchantId: z.string(), items: z.array(itemSchema), services: z.array(cardServiceSchema) }),
  ),
  cards: z.array(cardRefSchema),
  expectedForms: count,
};
/** A purchase in a list (without forms). */
export const purchaseSchema = z.strictObject(purchaseFields);
/** One purchase, with the forms of the lines shown. */
export const purchaseWithFormsSchema = z.strictObject({ ...purchaseFields, forms: z.array(formSchema), formsPending: z.boolean() });

export const cardSchema = z.strictObject({
  cardNo: z.string(),
  purchaseId: z.string(),
  registeredAt: z.string(),
  merchantId: z.string(),
  merchant: z.strictObject({ id: z.string(), name: z.string(), stall: z.string(), category: z.string() }),
  customer: customerSchema,
  items: z.array(itemSchema),
  services: z.array(cardServiceSchema),
  expectedForms: count,
});

// ---------------------------------------------------------------- forms

/** Who typed a wrong code, when (never the code), and where the form stands now. */
export const wrongCodeSchema = z.strictObject({
  id: z.string(),
  serial: z.string(),
  merchantId: z.string(),
  userId: z.string(),
  username: z.string(),
  role,
  at: z.string(),
  formStatus: z.enum(formStatuses),
  formWrongCodes: count,
  filingLocked: z.boolean(),
});

// ---------------------------------------------------------------- callbacks, findings, opinions

export const callbackAttemptSchema = z.strictObject({
  attempt: z.number().int(),
  outcome: z.enum(callbackOutcomes),
  at: z.string(),
  note: z.string().optional(),
  reportedRating: rating.optional(),
  newPlannedDate: z.string().optional(),
});
export const callbackSchema = z.strictObject({
  id: z.string(),
  serial: z.string(),
  merchantId: z.string(),
  reason: z.enum(callbackReasons),
  status: z.enum(callbackStatuses),
  openedAt: z.string(),
  /** The form's planned date now. */
  plannedDate: z.string(),
  /** The form's rating now; null while unfiled. */
  formRating: rating.nullable(),
  closedAt: z.string().optional(),
  result: z.enum([...callbackOutcomes, 'form_voided']).optional(),
  attempts: z.array(callbackAttemptSchema),
  /** An administrator's correction of the closing outcome, recorded by mistake. */
  correction: z.strictObject({ reason: z.string(), correctedOn: z.string(), correctedAt: z.string() }).optional(),
  /** The merchant's registered name (absent if the registry has not told this service yet). */
  merchantName: z.string().optional(),
  /** Whom to call: the purchase's customer; the phone (and any number in the address) masked for merchants. Absent for purchases registered before the customer was published. */
  customer: customerSchema.optional(),
  /** Which service the form is for (absent for forms issued before the service was kept here). */
  serviceType: z.enum(serviceTypes).optional(),
  visit: z.number().int().optional(),
  purchaseId: z.string().optional(),
  cardNo: z.string().optional(),
});
export const findingSchema = z.strictObject({
  id: z.string(),
  merchantId: z.string(),
  kind: z.enum(findingKinds),
  servicedOn: z.string().optional(),
  /** The day of a sale kept from the desk (`purchase_not_registered`), when known. */
  purchasedOn: z.string().optional(),
  purchaseId: z.string().optional(),
  cardNo: z.string().optional(),
  serial: z.string().optional(),
  note: z.string(),
  recordedOn: z.string(),
  recordedAt: z.string(),
  /** An administrator's withdrawal of a finding recorded by mistake. */
  withdrawal: z.strictObject({ reason: z.string(), withdrawnOn: z.string(), withdrawnAt: z.string() }).optional(),
});
/**
 * What an action would do to a merchant's evaluation, told before it is done: the violation it
 * makes (its kind, the month it falls in, whether it opens a new penalty case), or null.
 */
export const consequenceSchema = z.strictObject({
  merchantId: z.string(),
  /** The merchant's registered name; null when the service has not heard of it yet. */
  merchantName: z.string().nullable(),
  violation: z
    .strictObject({
      kind: z.enum(penaltyKinds),
      /** The month (YYYY-MM) whose score becomes 0. */
      period: z.string(),
      /** False when the form already has this violation (its case is open or decided): no second case. */
      opensCase: z.boolean(),
    })
    .nullable(),
});
export const opinionSchema = z.strictObject({
  id: z.string(),
  channel: z.enum(opinionChannels),
  /** The category's code. */
  category: z.string(),
  /** The free text an opinion registered before the managed list was given as its category, when it is now `other`. */
  categoryText: z.string().optional(),
  merchantId: z.string().optional(),
  text: z.string(),
  registeredOn: z.string(),
  registeredAt: z.string(),
});
export const opinionSummarySchema = z.strictObject({
  period: z.string(),
  total: count,
  /** By category code, with its label in the language asked for. */
  byCategory: z.array(z.strictObject({ category: z.string(), label: z.string(), count })),
  byMerchant: z.array(z.strictObject({ merchantId: z.string().nullable(), count })),
  byCategoryAndMerchant: z.array(z.strictObject({ category: z.string(), label: z.string(), merchantId: z.string().nullable(), count })),
  /** By channel (visit, phone, …), and by channel and merchant. */
  byChannel: z.array(z.strictObject({ channel: z.enum(opinionChannels), count })),
  byChannelAndMerchant: z.array(z.strictObject({ channel: z.enum(opinionChannels), merchantId: z.string().nullable(), count })),
});

// ---------------------------------------------------------------- scores and penalty cases

/** The figures of a merchant's month; `null` is "no data". */
export const figures = {
  score: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  returnRate: z.number().nullable(),
  formsIssued: count,
  formsDue: count,
  formsFiled: count,
  qualified: count,
  unqualified: count,
  returnRateWarning: z.boolean(),
  /** qualified + unqualified: the forms the satisfaction rate is a rate of (docs/rules.md#figures). */
  satisfactionCount: count,
  /** The satisfaction rate's 95 % Wilson score interval, in % to one decimal; null with no count. */
  satisfactionLower: z.number().nullable(),
  satisfactionUpper: z.number().nullable(),
  /** The count is below the policy's minFormsToCompare (and not 0): too few forms to compare. */
  tooFewToCompare: z.boolean(),
};
export const violationSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(penaltyKinds),
  serial: z.string().optional(),
  findingId: z.string().optional(),
  status: z.enum(violationStatuses),
  caseId: z.string(),
});
export const scorecardFormSchema = z.strictObject({
  serial: z.string(),
  plannedDate: z.string(),
  dueDate: z.string(),
  status: z.enum(formStatuses),
  rating: rating.nullable(),
  staffCertified: z.boolean().nullable(),
  counted: z.enum(countedAs),
});
export const scorecardSchema = z.strictObject({
  merchantId: z.string(),
  period: z.string(),
  ...figures,
  violations: z.array(violationSchema),
  forms: z.array(scorecardFormSchema),
});
export const trendSchema = z.strictObject({
  merchantId: z.string(),
  to: z.string(),
  items: z.array(z.strictObject({ period: z.string(), ...figures })),
});
export const scoresSchema = z.strictObject({
  period: z.string(),
  items: z.array(
    z.strictObject({ merchantId: z.string(), name: z.string().nullable(), stall: z.string().nullable(), period: z.string(), ...figures }),
  ),
});
export const rebuildAnswer = z.strictObject({
  events: count,
  merchants: count,
  forms: count,
  violations: count,
  cases: count,
  scores: count,
});

export const penaltyCaseSchema = z.strictObject({
  id: z.string(),
  violationId: z.string(),
  merchantId: z.string(),
  kind: z.enum(penaltyKinds),
  serial: z.string().optional(),
  findingId: z.string().optional(),
  period: z.string(),
  status: z.enum(caseStatuses),
  openedAt: z.string(),
  /** When the case was recorded and the merchant could first see it; the appeal window counts from its day. */
  visibleAt: z.string().optional(),
  appealDeadline: z.string(),
  /** In force when the case opened. */
  policyVersion: z.number().int(),
  appeal: z.strictObject({ statement: z.string(), submittedAt: z.string() }).optional(),
  /** The merchant let the case be decided without an appeal. */
  appealWaivedAt: z.string().optional(),
  /** An open case neither appealed nor waived: the first day the administration may decide it (the day after the deadline). */
  decidableFrom: z.string().optional(),
  /** An upheld case's fine, once its payment is recorded. */
  finePayment: z.strictObject({ paidOn: z.string(), receiptNo: z.string(), recordedAt: z.string() }).optional(),
  decision: z
    .strictObject({
      decision: z.enum(decisions),
      reason: z.string(),
      fineCents: z.number().int().optional(),
      suspendDays: z.number().int().optional(),
      suspendedUntil: z.string().optional(),
      decidedOn: z.string(),
      decidedAt: z.string(),
      policyVersion: z.number().int(),
    })
    .optional(),
  /** A case closed because the record behind it was corrected (status `corrected`): not a decision. */
  correction: z.strictObject({ reason: z.string(), correctedOn: z.string(), correctedAt: z.string() }).optional(),
  /** One case only: the evidence. */
  timeline: timelineSchema.optional(),
  /** One case only: the case's own events. */
  audit: z.array(z.strictObject({ type: z.string(), at: z.string(), actor: actorSchema })).optional(),
});

/** GET /penalty-cases: a page, and how many cases the list holds over all its pages. */
export const penaltyCasePageSchema = pageOf(penaltyCaseSchema).extend({ total: z.number().int().min(0) });

const whatIfViolation = z.strictObject({
  id: z.string(),
  merchantId: z.string(),
  merchantName: z.string(),
  period: z.string(),
  kind: z.enum(penaltyKinds),
  serial: z.string().nullable(),
  dueDate: z.string().nullable(),
});
/** `POST /policy/what-if`: what the evaluation would be with other policy values (docs/rules.md#what-if-policy-replay). */
export const policyWhatIfSchema = z.strictObject({
  /** The values previewed: those asked for, the others as in force. */
  policy: z.strictObject({
    returnDays: z.number().int(),
    callbackSampleRate: z.number(),
    appealDays: z.number().int(),
    timeZone: z.string(),
  }),
  /** The policy version in force the preview compares with. */
  policyVersion: z.number().int(),
  from: z.string(),
  to: z.string(),
  /** The day the replay ends on ("today"). */
  asOf: z.string(),
  /** Events of the log read, and how long the replay took. */
  eventsRead: count,
  tookMs: count,
  /** Values asked for that cannot be replayed (callbackSampleRate: the sample drawn stays as recorded). */
  notReplayed: z.array(z.string()),
  /** The merchants' months whose score or return rate would differ. */
  merchants: z.array(
    z.strictObject({
      merchantId: z.string(),
      name: z.string(),
      period: z.string(),
      scoreNow: z.number().nullable(),
      scoreThen: z.number().nullable(),
      delta: z.number().nullable(),
      returnRateNow: z.number().nullable(),
      returnRateThen: z.number().nullable(),
    }),
  ),
  violationsAppearing: z.array(whatIfViolation),
  violationsVanishing: z.array(whatIfViolation),
  /** Cases whose appeal window would move. */
  cases: z.array(
    z.strictObject({
      caseId: z.string(),
      merchantId: z.string(),
      period: z.string(),
      appealDeadlineNow: z.string(),
      appealDeadlineThen: z.string(),
      appealOutOfTime: z.boolean(),
      decidedTooEarly: z.boolean(),
    }),
  ),
  /** A list was cut at 500 rows. */
  truncated: z.boolean(),
});

export const policySchema = z.strictObject({
  version: z.number().int(),
  returnDays: z.number().int(),
  callbackSampleRate: z.number(),
  appealDays: z.number().int(),
  timeZone: z.string(),
  /** The least count of a satisfaction rate to compare it (docs/rules.md#figures); 5 for a version set before it existed. */
  minFormsToCompare: z.number().int(),
  changedAt: z.string().optional(),
});

// ---------------------------------------------------------------- problems and operations

/** An RFC 9457 problem document: every refusal (docs/api.md#errors). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().regex(/^[A-Z0-9_]+$/),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export const openApiAnswer = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) });

export const publicHealthSchema = z.strictObject({ status: z.enum(['up', 'down']) });
