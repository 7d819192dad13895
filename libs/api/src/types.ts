import type { z } from 'zod';
import type * as a from './answers';

/** The answers' types as a client reads them (docs/api.md#resource-shapes), inferred from ./answers.ts. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
export type LoginAnswer = z.infer<typeof a.loginAnswer>;
export type Me = z.infer<typeof a.meAnswer>;
export type UserAccount = z.infer<typeof a.userAccountSchema>;
export type AuditType = (typeof a.auditTypes)[number];
export type AuditEntry = z.infer<typeof a.auditEntrySchema>;
export type AuditPage = z.infer<typeof a.auditPage>;
export type Actor = z.infer<typeof a.actorSchema>;
export type TimelineEntry = z.infer<typeof a.timelineEntrySchema>;
export type Merchant = z.infer<typeof a.merchantSchema>;
export type Staff = z.infer<typeof a.staffSchema>;
export type Customer = z.infer<typeof a.customerSchema>;
export type Item = z.infer<typeof a.itemSchema>;
export type CardService = z.infer<typeof a.cardServiceSchema>;
export type CardRef = z.infer<typeof a.cardRefSchema>;
export type RegisteredForm = z.infer<typeof a.registeredFormSchema>;
export type RegisterPurchaseAnswer = z.infer<typeof a.registerPurchaseAnswer>;
export type AfterSalesServiceAnswer = z.infer<typeof a.afterSalesServiceAnswer>;
export type Form = z.infer<typeof a.formSchema>;
export type Purchase = z.infer<typeof a.purchaseSchema>;
export type PurchaseWithForms = z.infer<typeof a.purchaseWithFormsSchema>;
export type Card = z.infer<typeof a.cardSchema>;
export type WrongCode = z.infer<typeof a.wrongCodeSchema>;
export type Callback = z.infer<typeof a.callbackSchema>;
export type Finding = z.infer<typeof a.findingSchema>;
export type Consequence = z.infer<typeof a.consequenceSchema>;
export type Opinion = z.infer<typeof a.opinionSchema>;
export type OpinionSummary = z.infer<typeof a.opinionSummarySchema>;
export type Violation = z.infer<typeof a.violationSchema>;
export type ScorecardForm = z.infer<typeof a.scorecardFormSchema>;
export type Scorecard = z.infer<typeof a.scorecardSchema>;
export type Trend = z.infer<typeof a.trendSchema>;
export type Scores = z.infer<typeof a.scoresSchema>;
export type PenaltyCase = z.infer<typeof a.penaltyCaseSchema>;
export type Policy = z.infer<typeof a.policySchema>;
export type PolicyWhatIf = z.infer<typeof a.policyWhatIfSchema>;
export type { CallbackOutcome, FormStatus, OpinionChannel, PenaltyKind, Rating, Role, ServiceType } from './enums';
export type Problem = z.infer<typeof a.problemSchema>;
export type FormOriginal = z.infer<typeof a.formOriginalSchema>;
