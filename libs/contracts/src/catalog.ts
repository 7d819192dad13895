import { z } from 'zod';
import { callbackOutcomes, opinionChannels, penaltyKinds, ratings, serviceTypes } from '@fd/api';
import { isoDate, isoDateTime } from './envelope';
import { policyVersionSchema } from './policy';

/**
 * The integration events that cross a service boundary, each at the version producers write.
 * A type name never changes; a new payload shape gets a new `version`, and the version before
 * stays readable through an upcaster (upcast.ts; docs/architecture.md, "Events over time").
 */
export interface ContractEvent<T extends string, S extends z.ZodTypeAny> {
  type: T;
  version: number;
  topic: string;
  schema: S;
  /** The Kafka key (and the stream id) of an event of this type. */
  key: (payload: z.infer<S>) => string;
}

function event<T extends string, S extends z.ZodTypeAny>(
  topic: string,
  type: T,
  version: number,
  schema: S,
  key: (payload: z.infer<S>) => string,
): ContractEvent<T, S> {
  return { type, version, topic, schema, key };
}

export const Topics = {
  merchants: 'registration.merchants.v1',
  purchases: 'registration.purchases.v1',
  forms: 'forms.v1',
  callbacks: 'callbacks.v1',
  scoring: 'scoring.v1',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];
export const ALL_TOPICS: Topic[] = Object.values(Topics);
/** Where a consumer puts what it cannot handle, with the reason in the headers. */
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;
/**
 * The one service that publishes each topic. On a secured broker it is the only one allowed to
 * write the topic (docs/kafka.md, "Secured mode"), so nobody else can pass off its events.
 */
export const TopicPublishers: Record<Topic, string> = {
  [Topics.merchants]: 'registration',
  [Topics.purchases]: 'registration',
  [Topics.forms]: 'forms',
  [Topics.callbacks]: 'callbacks',
  [Topics.scoring]: 'scoring',
};
export const topicsPublishedBy = (service: string): Topic[] => ALL_TOPICS.filter((t) => TopicPublishers[t] === service);

// the closed sets the HTTP contract shares (libs/api), so an event and an answer never disagree
export { serviceTypes, ratings, callbackOutcomes, penaltyKinds };
export const serviceTypeSchema = z.enum(serviceTypes);
export type ServiceType = z.infer<typeof serviceTypeSchema>;

export const ratingSchema = z.enum(ratings);
export type Rating = z.infer<typeof ratingSchema>;

export const callbackOutcomeSchema = z.enum(callbackOutcomes);
export type CallbackOutcome = z.infer<typeof callbackOutcomeSchema>;

export const penaltyKindSchema = z.enum(penaltyKinds);
export type PenaltyKind = z.infer<typeof penaltyKindSchema>;

const plannedService = z.object({ type: serviceTypeSchema, plannedDate: isoDate, visits: z.number().int().min(1).max(20) });

// ---- registration: merchants and their certified staff ----
/**
 * `number` (optional, so no new version: docs/architecture.md, "Events over time"): the mall's
 * short number of the merchant (M-0001), printed instead of any internal id. Merchants registered
 * before it came along have none here; they got theirs in a MerchantNumbered.
 */
export const MerchantRegistered = event(
  Topics.merchants,
  'MerchantRegistered',
  1,
  z.object({ merchantId: z.string(), name: z.string(), stall: z.string(), category: z.string(), number: z.string().optional() }),
  (p) => p.merchantId,
);
/** A merchant registered before merchants had numbers is given one (once, by the registry's migration). */
export const MerchantNumbered = event(
  Topics.merchants,
  'MerchantNumbered',
  1,
  z.object({ merchantId: z.string(), number: z.string() }),
  (p) => p.merchantId,
);
export const StaffRegistered = event(
  Topics.merchants,
  'StaffRegistered',
  1,
  z.object({
    merchantId: z.string(),
    staffId: z.string(),
    name: z.string(),
    certificateNo: z.string(),
    certificateValidUntil: isoDate,
  }),
  (p) => p.merchantId,
);
export const StaffCertificateRevoked = event(
  Topics.merchants,
  'StaffCertificateRevoked',
  1,
  z.object({ merchantId: z.string(), staffId: z.string(), reason: z.string(), revokedOn: isoDate }),
  (p) => p.merchantId,
);

// ---- registration: purchases and insurance cards ----
/** Whom a purchase's callbacks call: the customer as registered. */
export const purchaseCustomer = z.object({ name: z.string(), phone: z.string(), address: z.string() });
/**
 * `customer` (optional, so no new version: docs/architecture.md, "Events over time"): whom the
 * callback desk calls about the purchase's forms. Purchases published before it came along have none.
 */
export const PurchaseRegistered = event(
  Topics.purchases,
  'PurchaseRegistered',
  1,
  z.object({
    purchaseId: z.string(),
    registeredAt: isoDateTime,
    cards: z.array(z.object({ cardNo: z.string(), merchantId: z.string(), services: z.array(plannedService) })),
    customer: purchaseCustomer.optional(),
  }),
  (p) => p.purchaseId,
);
export const AfterSalesServiceRequested = event(
  Topics.purchases,
  'AfterSalesServiceRequested',
  1,
  z.object({
    purchaseId: z.string(),
    cardNo: z.string(),
    merchantId: z.string(),
    requestId: z.string(),
    services: z.array(plannedService),
  }),
  (p) => p.purchaseId,
);

// ---- forms ----
const formRef = { serial: z.string(), merchantId: z.string(), plannedDate: isoDate };
export const FormIssued = event(
  Topics.forms,
  'FormIssued',
  1,
  z.object({
    ...formRef,
    purchaseId: z.string(),
    cardNo: z.string(),
    serviceType: serviceTypeSchema,
    visit: z.number().int().min(1),
    dueDate: isoDate,
    issuedAt: isoDateTime,
  }),
  (p) => p.serial,
);
/** Why a filing's staff were not qualified (docs/rules.md#4-service-and-filing); `not_recorded`: a v1 filing, which did not say. */
export const uncertifiedReasons = [
  'staff_unknown',
  'other_merchant',
  'certificate_expired',
  'certificate_revoked',
  'not_recorded',
] as const;
export const uncertifiedReasonSchema = z.enum(uncertifiedReasons);
export type UncertifiedReason = z.infer<typeof uncertifiedReasonSchema>;
/**
 * v2: an uncertified filing says why, as the forms service has always recorded it, so that the
 * evidence of a penalty case shows it too. v1 (upcast.ts) said only `staffCertified`.
 */
export const FormFiled = event(
  Topics.forms,
  'FormFiled',
  2,
  z
    .object({
      ...formRef,
      rating: ratingSchema,
      staffId: z.string(),
      staffCertified: z.boolean(),
      uncertifiedReason: uncertifiedReasonSchema.optional(),
      servicedOn: isoDate,
      filedAt: isoDateTime,
      late: z.boolean(),
    })
    .refine((p) => p.staffCertified === (p.uncertifiedReason === undefined), {
      message: 'an uncertified filing says why, and only an uncertified one',
      path: ['uncertifiedReason'],
    }),
  (p) => p.serial,
);
/**
 * A filing judged "staff unknown" is judged again when its staff member's registration arrives,
 * if they were registered before the filing (docs/rules.md#example-r4-staff-registered-just-before-the-filing).
 */
export const FormCertificationReassessed = event(
  Topics.forms,
  'FormCertificationReassessed',
  1,
  z
    .object({
      ...formRef,
      staffId: z.string(),
      staffCertified: z.boolean(),
      uncertifiedReason: uncertifiedReasonSchema.optional(),
    })
    .refine((p) => p.staffCertified === (p.uncertifiedReason === undefined), {
      message: 'an uncertified filing says why, and only an uncertified one',
      path: ['uncertifiedReason'],
    }),
  (p) => p.serial,
);
export const FormVoided = event(Topics.forms, 'FormVoided', 1, z.object({ ...formRef, reason: z.string() }), (p) => p.serial);
export const FormOverdue = event(Topics.forms, 'FormOverdue', 1, z.object({ ...formRef, dueDate: isoDate }), (p) => p.serial);
export const FormRescheduled = event(
  Topics.forms,
  'FormRescheduled',
  1,
  z.object({ ...formRef, previousPlannedDate: isoDate, dueDate: isoDate, callbackId: z.string() }),
  (p) => p.serial,
);
/**
 * What found a form's rating true or disputed: a callback (`callbackId`), or the customer's own
 * confirmation on the form's public link (`selfConfirmedAt`, docs/rules.md "The customer's own
 * confirmation"). Exactly one of them. `selfConfirmedAt` came later as an optional field, and
 * `callbackId` became optional with it: every event stored before has a `callbackId`, so they all
 * stay valid without a new version.
 */
const foundBy = { callbackId: z.string().optional(), selfConfirmedAt: isoDateTime.optional() };
const foundByOne = <T extends { callbackId?: string; selfConfirmedAt?: string }>(p: T) =>
  (p.callbackId === undefined) !== (p.selfConfirmedAt === undefined);
const foundByMessage = { message: 'found by a callback or by the customer, exactly one', path: ['callbackId'] };
export const FormRatingReplaced = event(
  Topics.forms,
  'FormRatingReplaced',
  1,
  z.object({ ...formRef, previousRating: ratingSchema, rating: ratingSchema, ...foundBy }).refine(foundByOne, foundByMessage),
  (p) => p.serial,
);
export const FormVerified = event(
  Topics.forms,
  'FormVerified',
  1,
  z.object({ ...formRef, ...foundBy }).refine(foundByOne, foundByMessage),
  (p) => p.serial,
);
/** The customer denied the form (signature_denied), or said 不滿意 of a form that said qualified (at a callback or on their own). */
export const FormForged = event(
  Topics.forms,
  'FormForged',
  1,
  z.object({ ...formRef, cause: z.enum(['signature_denied', 'rating_disputed']), ...foundBy }).refine(foundByOne, foundByMessage),
  (p) => p.serial,
);
/**
 * The customer confirmed the service on their own phone, from the form's QR code or short link,
 * having proved the purchase's phone; `rating` is theirs, in the form's scale.
 */
export const FormSelfConfirmed = event(
  Topics.forms,
  'FormSelfConfirmed',
  1,
  z.object({ ...formRef, rating: ratingSchema, comment: z.string().optional(), confirmedAt: isoDateTime }),
  (p) => p.serial,
);
/** The service was done but no form came back (a callback's no_form). */
export const FormReportedMissing = event(
  Topics.forms,
  'FormReportedMissing',
  1,
  z.object({ ...formRef, callbackId: z.string() }),
  (p) => p.serial,
);

/**
 * An administrator corrected a callback outcome recorded by mistake (CallbackOutcomeCorrected):
 * what that outcome did to the form is undone. `rating` is the form's own rating given back when
 * the outcome had replaced it; `unforged` and `unmissing` say whether it had made the form forged
 * or reported it missing (docs/rules.md#7-violations-and-penalty-cases, "Corrections").
 */
export const FormCallbackCorrected = event(
  Topics.forms,
  'FormCallbackCorrected',
  1,
  z.object({
    ...formRef,
    callbackId: z.string(),
    outcome: z.enum(['no_form', 'signature_denied', 'rating_disputed']),
    reason: z.string(),
    rating: ratingSchema.optional(),
    unforged: z.boolean(),
    unmissing: z.boolean(),
  }),
  (p) => p.serial,
);

// ---- callbacks, findings, opinions ----
export const CallbackOpened = event(
  Topics.callbacks,
  'CallbackOpened',
  1,
  z.object({
    callbackId: z.string(),
    serial: z.string(),
    merchantId: z.string(),
    reason: z.enum(['unsatisfied', 'unqualified', 'overdue', 'recent_forgery', 'sample']),
  }),
  (p) => p.callbackId,
);
export const CallbackAttemptRecorded = event(
  Topics.callbacks,
  'CallbackAttemptRecorded',
  1,
  z.object({
    callbackId: z.string(),
    serial: z.string(),
    merchantId: z.string(),
    attempt: z.number().int().min(1),
    outcome: callbackOutcomeSchema,
    reportedRating: ratingSchema.optional(),
    newPlannedDate: isoDate.optional(),
    note: z.string().optional(),
    at: isoDateTime,
  }),
  (p) => p.callbackId,
);
export const CallbackClosed = event(
  Topics.callbacks,
  'CallbackClosed',
  1,
  z.object({ callbackId: z.string(), serial: z.string(), merchantId: z.string(), result: callbackOutcomeSchema }),
  (p) => p.callbackId,
);
/**
 * `cardNo` and `serial` (optional, so no new version: docs/architecture.md, "Events over time"):
 * the insurance card and the form a finding names beside the purchase, each checked to be the
 * merchant's. Findings published before they came along name a purchase only, unchecked.
 * `purchase_not_registered` (a sale kept from the desk) and its `purchasedOn` came later, both
 * additive: a stored `service_without_form` finding reads as before.
 */
export const FindingRecorded = event(
  Topics.callbacks,
  'FindingRecorded',
  1,
  z.object({
    findingId: z.string(),
    merchantId: z.string(),
    kind: z.enum(['service_without_form', 'purchase_not_registered']),
    servicedOn: isoDate.optional(),
    purchasedOn: isoDate.optional(),
    purchaseId: z.string().optional(),
    cardNo: z.string().optional(),
    serial: z.string().optional(),
    note: z.string(),
    recordedOn: isoDate,
  }),
  (p) => p.findingId,
);
/**
 * v2: `category` is the code of a category of the managed list; `categoryText` keeps the free
 * text of an opinion registered before the list (v1), when it could only be mapped to `other`.
 */
export const OpinionRegistered = event(
  Topics.callbacks,
  'OpinionRegistered',
  2,
  z.object({
    opinionId: z.string(),
    channel: z.enum(opinionChannels),
    category: z.string(),
    categoryText: z.string().optional(),
    merchantId: z.string().optional(),
    text: z.string(),
    registeredOn: isoDate,
  }),
  (p) => p.opinionId,
);
const categoryLabels = z.object({ 'zh-Hant': z.string(), 'zh-Hans': z.string(), en: z.string() });
/** The administration added a category to the managed list of opinion categories. */
export const OpinionCategoryAdded = event(
  Topics.callbacks,
  'OpinionCategoryAdded',
  1,
  z.object({ code: z.string(), labels: categoryLabels }),
  (p) => `opinion-category-${p.code}`,
);
/** The administration retired a category: no new opinion takes it; those registered keep it. */
export const OpinionCategoryRetired = event(
  Topics.callbacks,
  'OpinionCategoryRetired',
  1,
  z.object({ code: z.string() }),
  (p) => `opinion-category-${p.code}`,
);

/** The outcomes an administrator may correct: those that change a form. */
export const correctableOutcomes = ['no_form', 'signature_denied', 'rating_disputed'] as const;
/** An administrator corrected the outcome that closed a callback, recorded by mistake, with a reason. */
export const CallbackOutcomeCorrected = event(
  Topics.callbacks,
  'CallbackOutcomeCorrected',
  1,
  z.object({
    callbackId: z.string(),
    serial: z.string(),
    merchantId: z.string(),
    attempt: z.number().int().min(1),
    outcome: z.enum(correctableOutcomes),
    reason: z.string(),
    correctedOn: isoDate,
  }),
  (p) => p.callbackId,
);
/** An administrator withdrew a finding recorded by mistake, with a reason: its violation is corrected. */
export const FindingWithdrawn = event(
  Topics.callbacks,
  'FindingWithdrawn',
  1,
  z.object({ findingId: z.string(), merchantId: z.string(), reason: z.string(), withdrawnOn: isoDate }),
  (p) => p.findingId,
);

// ---- scoring: penalty cases and policy ----
export const PenaltyCaseOpened = event(
  Topics.scoring,
  'PenaltyCaseOpened',
  1,
  z.object({
    caseId: z.string(),
    merchantId: z.string(),
    kind: penaltyKindSchema,
    serial: z.string().optional(),
    findingId: z.string().optional(),
    period: z.string().regex(/^\d{4}-\d{2}$/),
    appealDeadline: isoDate,
  }),
  (p) => p.caseId,
);
export const PenaltyCaseDecided = event(
  Topics.scoring,
  'PenaltyCaseDecided',
  1,
  z.object({
    caseId: z.string(),
    merchantId: z.string(),
    kind: penaltyKindSchema,
    serial: z.string().optional(),
    decision: z.enum(['uphold', 'dismiss']),
    reason: z.string(),
    fineCents: z.number().int().min(0).optional(),
    suspendedUntil: isoDate.optional(),
    decidedOn: isoDate,
    policyVersion: z.number().int().min(1),
  }),
  (p) => p.caseId,
);
/** A consumer refuses (dead-letters) a version outside the rule book's ranges or with a zone it does not know. */
export const PolicyChanged = event(Topics.scoring, 'PolicyChanged', 1, policyVersionSchema, () => 'policy');

export const contractEvents = [
  MerchantRegistered,
  MerchantNumbered,
  StaffRegistered,
  StaffCertificateRevoked,
  PurchaseRegistered,
  AfterSalesServiceRequested,
  FormIssued,
  FormFiled,
  FormCertificationReassessed,
  FormVoided,
  FormOverdue,
  FormRescheduled,
  FormRatingReplaced,
  FormVerified,
  FormForged,
  FormReportedMissing,
  FormCallbackCorrected,
  FormSelfConfirmed,
  CallbackOpened,
  CallbackAttemptRecorded,
  CallbackClosed,
  FindingRecorded,
  CallbackOutcomeCorrected,
  FindingWithdrawn,
  OpinionRegistered,
  OpinionCategoryAdded,
  OpinionCategoryRetired,
  PenaltyCaseOpened,
  PenaltyCaseDecided,
  PolicyChanged,
] as const;

export type AnyContractEvent = (typeof contractEvents)[number];
/** The payload type of a contract event, e.g. `PayloadOf<typeof FormFiled>`. */
export type PayloadOf<E extends ContractEvent<string, z.ZodTypeAny>> = z.infer<E['schema']>;

const byTypeAndVersion = new Map<string, ContractEvent<string, z.ZodTypeAny>>(contractEvents.map((e) => [`${e.type}@${e.version}`, e]));
export function findContractEvent(type: string, version: number): ContractEvent<string, z.ZodTypeAny> | undefined {
  return byTypeAndVersion.get(`${type}@${version}`);
}
