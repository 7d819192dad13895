/**
 * The closed sets of values of the public API (docs/api.md#resource-shapes), one list each: the
 * services validate with them, the events reuse them (libs/contracts), the web UI offers them.
 */
/**
 * `manager`: the general manager (總經理), reads what the administration reads and decides escalated corrective actions.
 * `group_admin`: the mall group's administration: sees the totals of every mall of the deployment and
 * manages accounts in any of them; it reads and changes no mall's records.
 */
export const roles = ['clerk', 'merchant', 'admin', 'manager', 'group_admin'] as const;
export type Role = (typeof roles)[number];

export const serviceTypes = ['measure', 'deliver', 'install', 'repair'] as const;
export type ServiceType = (typeof serviceTypes)[number];

export const ratings = ['very_satisfied', 'satisfied', 'fairly_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof ratings)[number];

export const callbackOutcomes = ['confirmed', 'rating_disputed', 'signature_denied', 'no_form', 'not_performed', 'unreachable'] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];

export const callbackReasons = ['unsatisfied', 'unqualified', 'overdue', 'recent_forgery', 'sample'] as const;
export type CallbackReason = (typeof callbackReasons)[number];

export const callbackStatuses = ['open', 'closed'] as const;
export type CallbackStatus = (typeof callbackStatuses)[number];

export const formStatuses = ['issued', 'filed', 'overdue', 'voided'] as const;
export type FormStatus = (typeof formStatuses)[number];

export const opinionChannels = ['visit', 'phone', 'letter', 'hotline', 'mailbox', 'inspection'] as const;
export type OpinionChannel = (typeof opinionChannels)[number];

export const certificateStatuses = ['valid', 'expired', 'revoked'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];

export const penaltyKinds = ['form_not_returned', 'no_form', 'service_without_form', 'purchase_not_registered', 'forged'] as const;
export type PenaltyKind = (typeof penaltyKinds)[number];

/** `corrected`: closed because the record behind it was corrected by an administrator (not a decision). */
export const caseStatuses = ['open', 'decided', 'corrected'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const violationStatuses = ['open', 'upheld', 'dismissed', 'corrected'] as const;
export type ViolationStatus = (typeof violationStatuses)[number];

export const decisions = ['uphold', 'dismiss'] as const;
export type Decision = (typeof decisions)[number];

export const countedAs = ['qualified', 'unqualified', 'none'] as const;
export type CountedAs = (typeof countedAs)[number];

/** `purchase_not_registered`: a sale kept from the desk, no card at all (docs/rules.md#purchase-kept-from-the-desk-未登記購買). */
export const findingKinds = ['service_without_form', 'purchase_not_registered'] as const;
export type FindingKind = (typeof findingKinds)[number];
