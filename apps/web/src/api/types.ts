/**
 * The resources of /api/v1 as the UI reads them: the HTTP contract's own types and closed sets
 * (libs/api, from which the OpenAPI document is generated and with which the services parse).
 * What is here besides is the UI's alone.
 */
import {
  type CardRef,
  type Form,
  type PurchaseWithForms,
  type RegisteredForm,
  type TimelineEntry as ContractTimelineEntry,
  callbackOutcomes,
  formStatuses,
  opinionChannels,
  ratings,
  serviceTypes,
  type CallbackOutcome,
  type FormStatus,
  type OpinionChannel,
  type Rating,
  type Role,
  type ServiceType,
} from '@fd/api';

export type {
  AuditEntry,
  AuditPage,
  AuditType,
  Callback as CallbackTask,
  CallbackOutcome,
  Customer,
  Finding,
  Form,
  FormStatus,
  GroupTotals,
  MallTotals,
  Merchant,
  OpinionChannel,
  Opinion,
  OpinionSummary,
  Page,
  PenaltyCase,
  PenaltyKind,
  Policy,
  Purchase,
  PurchaseWithForms,
  Rating,
  RegisteredForm,
  RegisterPurchaseAnswer,
  Role,
  Scorecard,
  ScorecardForm,
  ServiceType,
  Staff,
  UserAccount,
  Violation,
  WrongCode,
} from '@fd/api';

export const SERVICE_TYPES: readonly ServiceType[] = serviceTypes;
export const RATINGS: readonly Rating[] = ratings;
export const CALLBACK_OUTCOMES: readonly CallbackOutcome[] = callbackOutcomes;
export const OPINION_CHANNELS: readonly OpinionChannel[] = opinionChannels;
export const FORM_STATUSES: readonly FormStatus[] = formStatuses;

/** The signed-in user as the UI keeps it (from the sign-in's answer). */
export interface Session {
  accessToken: string;
  role: Role;
  username?: string;
  merchantId?: string;
  /** The mall the account belongs to (absent in a session kept from before there were several: the default mall). */
  mallId?: string;
}

/** What the purchase's result shows: the registration's answer, or the purchase read again later (its forms without codes for others). */
export interface PurchaseAnswer {
  purchaseId: string;
  cards: CardRef[];
  forms: Array<RegisteredForm | Form>;
  expectedForms?: number;
  formsPending?: boolean;
}
export type { PurchaseWithForms as PurchaseRead };

/** A line of a timeline as the UI shows it: a form's or a case's events (with data), or a case's audit (without). */
export type TimelineEntry = Omit<ContractTimelineEntry, 'data'> & { data?: ContractTimelineEntry['data'] };
