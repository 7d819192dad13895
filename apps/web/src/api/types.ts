/** The resources of /api/v1 as the UI reads them (docs/api.md#resource-shapes). */

export type Role = 'clerk' | 'merchant' | 'admin';
export type ServiceType = 'measure' | 'deliver' | 'install' | 'repair';
export type Rating = 'very_satisfied' | 'satisfied' | 'fairly_satisfied' | 'unsatisfied';
export type CallbackOutcome = 'confirmed' | 'rating_disputed' | 'signature_denied' | 'no_form' | 'not_performed' | 'unreachable';
export type PenaltyKind = 'form_not_returned' | 'no_form' | 'service_without_form' | 'forged';
export type OpinionChannel = 'visit' | 'phone' | 'letter' | 'hotline' | 'mailbox' | 'inspection';
export type FormStatus = 'issued' | 'filed' | 'overdue' | 'voided';

export const SERVICE_TYPES: ServiceType[] = ['measure', 'deliver', 'install', 'repair'];
export const RATINGS: Rating[] = ['very_satisfied', 'satisfied', 'fairly_satisfied', 'unsatisfied'];
export const OPINION_CHANNELS: OpinionChannel[] = ['visit', 'phone', 'letter', 'hotline', 'mailbox', 'inspection'];
export const FORM_STATUSES: FormStatus[] = ['issued', 'filed', 'overdue', 'voided'];

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Session {
  accessToken: string;
  role: Role;
  username?: string;
  merchantId?: string;
}

export interface Merchant {
  id: string;
  name: string;
  stall: string;
  category: string;
  registeredAt?: string;
  suspendedUntil?: string;
}

export interface Staff {
  id: string;
  merchantId: string;
  name: string;
  phone: string;
  certificateNo: string;
  certificateValidUntil: string;
  certificateStatus?: 'valid' | 'expired' | 'revoked';
  revokedOn?: string;
  revokeReason?: string;
}

export interface IssuedForm {
  serial: string;
  verificationCode?: string;
  merchantId: string;
  serviceType: ServiceType;
  visit: number;
  plannedDate: string;
  dueDate: string;
  cardNo?: string;
}

export interface PurchaseAnswer {
  purchaseId: string;
  cards: Array<{ cardNo: string; merchantId: string }>;
  forms: IssuedForm[];
  expectedForms?: number;
  formsPending?: boolean;
}

export interface Customer {
  name: string;
  phone: string;
  address: string;
}

export interface Purchase extends PurchaseAnswer {
  registeredAt: string;
  customer: Customer;
}

export interface TimelineEntry {
  type: string;
  at: string;
  actor?: unknown;
  data?: Record<string, unknown>;
}

export interface Form extends IssuedForm {
  purchaseId: string;
  cardNo: string;
  status: FormStatus;
  issuedAt?: string;
  rating?: Rating;
  staffId?: string;
  staffCertified?: boolean;
  uncertifiedReason?: string;
  servicedOn?: string;
  filedAt?: string;
  late?: boolean;
  comment?: string;
  voidReason?: string;
  voidedAt?: string;
  overdueAt?: string;
  verified?: boolean;
  forged?: boolean;
  reportedMissing?: boolean;
  /** Clerks and admins: wrong verification codes so far, and whether they lock the form for all but an administrator. */
  wrongCodes?: number;
  filingLocked?: boolean;
  timeline?: TimelineEntry[];
}

/** A filing refused for a wrong verification code (the administration's list), with where its form stands now. */
export interface WrongCode {
  id: string;
  serial: string;
  merchantId: string;
  userId: string;
  username: string;
  role: Role;
  at: string;
  formStatus: FormStatus;
  formWrongCodes: number;
  filingLocked: boolean;
}

export interface CallbackTask {
  id: string;
  serial?: string;
  merchantId: string;
  reason: string;
  status: 'open' | 'closed';
  openedAt?: string;
  plannedDate?: string;
  formRating?: Rating | null;
  result?: CallbackOutcome;
  attempts: Array<{ outcome: CallbackOutcome; at: string; note?: string }>;
}

export interface Finding {
  id: string;
  merchantId: string;
  kind: 'service_without_form';
  servicedOn?: string;
  purchaseId?: string;
  note: string;
  recordedOn?: string;
}

export interface Opinion {
  id: string;
  channel: OpinionChannel;
  category: string;
  merchantId?: string;
  text: string;
  registeredOn?: string;
  registeredAt?: string;
}

export interface OpinionSummary {
  period: string;
  total?: number;
  byCategory?: Array<{ category: string; count: number }>;
  byMerchant?: Array<{ merchantId: string | null; count: number }>;
  byCategoryAndMerchant?: Array<{ category: string; merchantId: string | null; count: number }>;
}

export interface Violation {
  id: string;
  kind: PenaltyKind;
  serial?: string;
  findingId?: string;
  status: string;
  caseId?: string | null;
}

export interface ScorecardForm {
  serial: string;
  plannedDate: string;
  dueDate: string | null;
  status: FormStatus;
  rating: Rating | null;
  staffCertified: boolean | null;
  counted: 'qualified' | 'unqualified' | 'none';
}

export interface Scorecard {
  merchantId: string;
  period: string;
  score: number | null;
  satisfactionRate: number | null;
  returnRate: number | null;
  formsIssued: number;
  formsDue: number;
  formsFiled: number;
  qualified: number;
  unqualified: number;
  returnRateWarning?: boolean;
  violations?: Violation[];
  forms?: ScorecardForm[];
}

export interface PenaltyCase {
  id: string;
  merchantId: string;
  kind: PenaltyKind;
  serial?: string;
  findingId?: string;
  period: string;
  status: 'open' | 'decided';
  openedAt?: string;
  appealDeadline: string;
  appeal?: { statement: string; submittedAt: string } | null;
  decision?: {
    decision: 'uphold' | 'dismiss';
    reason: string;
    fineCents?: number;
    suspendDays?: number;
    suspendedUntil?: string;
    decidedAt?: string;
    decidedOn?: string;
  } | null;
  timeline?: TimelineEntry[];
}

export interface Policy {
  version?: number;
  returnDays: number;
  callbackSampleRate: number;
  appealDays: number;
  timeZone: string;
  changedAt?: string;
}

export interface UserAccount {
  id?: string;
  username: string;
  role: Role;
  merchantId?: string;
  createdAt?: string;
  /** A disabled account cannot sign in, and its sessions have ended. */
  disabled?: boolean;
  /** Someone has mistyped its password lately (a lock may hold): the administration can unlock it. */
  recentFailedSignIns?: boolean;
}

export type AuditType =
  | 'AccountCreated'
  | 'AccountDisabled'
  | 'AccountEnabled'
  | 'PasswordChanged'
  | 'PasswordReset'
  | 'SignedOut'
  | 'SignInUnlocked'
  | 'TestClockMoved';

/** One change to an account, a session or the test clock (GET /audit), by `by`: a username, or `cli` / `bootstrap`. */
export interface AuditEntry {
  position: number;
  at: string;
  type: AuditType | string;
  by: string;
  data: {
    username?: string;
    role?: Role;
    merchantId?: string;
    sessionsEnded?: number;
    locksLifted?: number;
    from?: string;
    to?: string;
  };
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: number | null;
}
