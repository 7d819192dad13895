import { z } from 'zod';
import * as a from './answers';
import * as r from './requests';
import * as x from './exports';
import * as oc from './opinion-categories';
import * as sc from './self-confirmation';

/**
 * Every route of the public HTTP API (docs/api.md#routes): who may call it, what it takes and
 * what it answers. The OpenAPI document is generated from this list (./openapi.ts), and a test
 * compares it with the routes the services really expose (tools/openapi/routes.spec.ts).
 */
export interface Route {
  method: 'get' | 'post' | 'put';
  /** Under /api/v1, with {parameters}. */
  path: string;
  summary: string;
  /** Who may call it, as docs/api.md says it. */
  roles: string;
  tag: string;
  /** The status of a successful answer (200 unless said). */
  status?: number;
  /** Another successful status, and what it means. */
  alsoStatus?: { status: number; description: string };
  body?: z.ZodType;
  query?: z.ZodObject;
  /** The answer's body; none for 204; a PDF for `pdf`. */
  answer?: z.ZodType;
  pdf?: true;
  /** The body is a file's raw bytes (a JPEG, PNG or PDF), not JSON. */
  upload?: true;
  /** The answer is a file (a JPEG, PNG or PDF, with its Content-Type). */
  file?: true;
  /** A CSV export (text/csv, streamed; docs/api.md#csv-exports). */
  csv?: true;
  /** No token needed. */
  public?: true;
  /** Mounted only in test mode (TEST_CLOCK=1). */
  testClock?: true;
  /** Never refused 503 OVERLOADED by the entry point's back-pressure. */
  neverShed?: true;
}

const pending = {
  status: 202,
  description: 'Not every form was issued in time: the same fields with formsPending: true; the request stands',
};

export const routes: Route[] = [
  // accounts: the entry point itself
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with username and password; returns a bearer token',
    roles: 'anyone',
    tag: 'auth',
    public: true,
    body: r.loginRequest,
    answer: a.loginAnswer,
  },
  { method: 'get', path: '/auth/me', summary: 'Who the token belongs to', roles: 'any role', tag: 'auth', answer: a.meAnswer },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out: the session ends on the server, the token is refused from the next request',
    roles: 'any role',
    tag: 'auth',
    status: 204,
  },
  {
    method: 'post',
    path: '/auth/password',
    summary: "Change one's own password (the current one is checked); the other sessions end",
    roles: 'any role',
    tag: 'auth',
    status: 204,
    body: r.changePasswordRequest,
  },
  {
    method: 'post',
    path: '/users',
    summary: 'Create an account (clerk, merchant bound to one merchant, admin)',
    roles: 'admin',
    tag: 'auth',
    status: 201,
    body: r.newUserRequest,
    answer: a.createdAnswer,
  },
  {
    method: 'get',
    path: '/users',
    summary: 'List accounts (disabled, recent failed sign-ins)',
    roles: 'admin',
    tag: 'auth',
    answer: a.listOf(a.userAccountSchema),
  },
  {
    method: 'post',
    path: '/users/{username}/disable',
    summary: 'Disable an account: it cannot sign in and its sessions end at once',
    roles: 'admin',
    tag: 'auth',
    answer: a.changedAnswer,
  },
  {
    method: 'post',
    path: '/users/{username}/enable',
    summary: 'Enable a disabled account again',
    roles: 'admin',
    tag: 'auth',
    answer: a.changedAnswer,
  },
  {
    method: 'post',
    path: '/users/{username}/password',
    summary: 'Set a new password for an account; every session of it ends',
    roles: 'admin',
    tag: 'auth',
    status: 204,
    body: r.resetPasswordRequest,
  },
  {
    method: 'post',
    path: '/users/{username}/unlock',
    summary: 'Lift the sign-in locks on a username',
    roles: 'admin',
    tag: 'auth',
    answer: a.locksLiftedAnswer,
  },
  {
    method: 'get',
    path: '/audit',
    summary: 'Who changed which account, session or the test clock, newest first',
    roles: 'admin',
    tag: 'auth',
    query: r.auditQuery,
    answer: a.auditPage,
  },

  // merchants, staff, purchases and cards: registration
  {
    method: 'post',
    path: '/merchants',
    summary: 'Register a merchant {name, stall, category}',
    roles: 'admin',
    tag: 'registry',
    status: 201,
    body: r.registerMerchantRequest,
    answer: a.createdAnswer,
  },
  {
    method: 'get',
    path: '/merchants',
    summary: 'List merchants (a merchant sees itself)',
    roles: 'any role',
    tag: 'registry',
    answer: a.listOf(a.merchantSchema),
  },
  {
    method: 'get',
    path: '/merchants/{merchantId}',
    summary: 'One merchant',
    roles: 'any role (own for merchants)',
    tag: 'registry',
    answer: a.merchantSchema,
  },
  {
    method: 'post',
    path: '/merchants/{merchantId}/staff',
    summary: 'Register service staff with a qualification certificate',
    roles: 'clerk, admin',
    tag: 'registry',
    status: 201,
    body: r.registerStaffRequest,
    answer: a.createdAnswer,
  },
  {
    method: 'post',
    path: '/merchants/{merchantId}/staff/{staffId}/revoke',
    summary: "Revoke a staff member's certificate {reason}",
    roles: 'clerk, admin',
    tag: 'registry',
    body: r.revokeStaffCertificateRequest,
    answer: a.staffSchema,
  },
  {
    method: 'get',
    path: '/merchants/{merchantId}/staff',
    summary: "A merchant's staff",
    roles: 'any role (own for merchants)',
    tag: 'registry',
    answer: a.listOf(a.staffSchema),
  },
  {
    method: 'post',
    path: '/purchases',
    summary: 'Register a purchase: one insurance card per merchant and a feedback form per service visit (201, or 202 with formsPending)',
    roles: 'clerk, admin',
    tag: 'purchases',
    status: 201,
    alsoStatus: pending,
    body: r.registerPurchaseRequest,
    answer: a.registerPurchaseAnswer,
  },
  {
    method: 'get',
    path: '/purchases',
    summary: 'List purchases (a merchant sees its own)',
    roles: 'any role',
    tag: 'purchases',
    query: r.listPurchasesQuery,
    answer: a.pageOf(a.purchaseSchema),
  },
  {
    method: 'get',
    path: '/purchases/{purchaseId}',
    summary: 'A purchase with its cards and forms',
    roles: 'any role (own lines for merchants)',
    tag: 'purchases',
    answer: a.purchaseWithFormsSchema,
  },
  {
    method: 'get',
    path: '/purchases/{purchaseId}/print.pdf',
    summary:
      'All of a purchase to print in one PDF: each insurance card followed by its feedback forms (409 FORMS_PENDING until they are all issued)',
    roles: 'clerk, admin',
    tag: 'purchases',
    pdf: true,
  },
  {
    method: 'get',
    path: '/cards/{cardNo}',
    summary: 'An insurance card',
    roles: 'any role (own for merchants)',
    tag: 'purchases',
    answer: a.cardSchema,
  },
  {
    method: 'get',
    path: '/cards/{cardNo}/print.pdf',
    summary: 'The printable insurance card (PDF)',
    roles: 'clerk, admin',
    tag: 'purchases',
    pdf: true,
  },
  {
    method: 'post',
    path: '/cards/{cardNo}/services',
    summary: 'Request after-sales service under a card; returns the new forms (201, or 202 with formsPending)',
    roles: 'clerk, admin',
    tag: 'purchases',
    status: 201,
    alsoStatus: pending,
    body: r.requestAfterSalesServiceRequest,
    answer: a.afterSalesServiceAnswer,
  },

  // forms
  {
    method: 'get',
    path: '/forms',
    summary:
      'List forms by merchantId, status, period, purchaseId, cardNo; with waitFor=N (and purchaseId or cardNo) the answer waits up to waitMs (at most 10000) until N forms match',
    roles: 'any role (own for merchants)',
    tag: 'forms',
    query: r.listFormsQuery,
    answer: a.pageOf(a.formSchema),
  },
  {
    method: 'get',
    path: '/forms/export.csv',
    summary:
      'Every form of the filters of GET /forms as CSV (streamed, complete; times in the mall time zone; lang zh-Hant, zh-Hans or en)',
    roles: 'any role (own for merchants)',
    tag: 'forms',
    query: x.exportFormsQuery,
    csv: true,
  },
  {
    method: 'get',
    path: '/forms/{serial}',
    summary: 'A form with its event timeline',
    roles: 'any role (own for merchants)',
    tag: 'forms',
    answer: a.formSchema,
  },
  {
    method: 'get',
    path: '/forms/{serial}/print.pdf',
    summary: 'The printable feedback form (PDF)',
    roles: 'clerk, admin',
    tag: 'forms',
    pdf: true,
  },
  {
    method: 'post',
    path: '/forms/{serial}/originals',
    summary:
      "Attach a scan or photo of the signed form: the file's raw bytes (JPEG, PNG or PDF by content; 415 UNSUPPORTED_MEDIA_TYPE otherwise, 413 TOO_LARGE over ORIGINAL_MAX_BYTES); answers what was kept",
    roles: 'clerk, admin',
    tag: 'forms',
    status: 201,
    upload: true,
    answer: a.formOriginalSchema,
  },
  {
    method: 'get',
    path: '/forms/{serial}/originals',
    summary: "The form's signed originals, oldest first",
    roles: 'any role (own for merchants)',
    tag: 'forms',
    answer: a.formOriginalsAnswer,
  },
  {
    method: 'get',
    path: '/forms/{serial}/originals/{originalId}',
    summary: 'One signed original, the file itself with its Content-Type (404 for another merchant)',
    roles: 'any role (own for merchants)',
    tag: 'forms',
    file: true,
  },
  {
    method: 'post',
    path: '/forms/{serial}/return',
    summary:
      'File a returned form {verificationCode, rating, staffId, servicedOn, comment?}; a wrong code is recorded, and a form locked by wrong codes is refused to clerks (423 FILING_LOCKED)',
    roles: 'clerk, admin',
    tag: 'forms',
    body: r.fileFormRequest,
    answer: a.formSchema,
  },
  {
    method: 'post',
    path: '/forms/{serial}/void',
    summary: 'Void a form {reason}',
    roles: 'clerk',
    tag: 'forms',
    body: r.voidFormRequest,
    answer: a.formSchema,
  },
  {
    method: 'get',
    path: '/forms/{serial}/consequence',
    summary: 'What a callback outcome would do to the form and its merchant’s month, before it is recorded',
    roles: 'clerk, admin',
    tag: 'forms',
    query: r.callbackConsequenceQuery,
    answer: a.consequenceSchema,
  },
  {
    method: 'get',
    path: '/wrong-verification-codes',
    summary: 'Filings refused for a wrong verification code (serial, who, when), newest first',
    roles: 'admin',
    tag: 'forms',
    query: r.listWrongCodesQuery,
    answer: a.pageOf(a.wrongCodeSchema),
  },

  // callbacks, findings and opinions
  {
    method: 'get',
    path: '/callbacks',
    summary: 'Callback tasks by status and merchant',
    roles: 'any role (own for merchants)',
    tag: 'callbacks',
    query: r.listCallbacksQuery,
    answer: a.pageOf(a.callbackSchema),
  },
  {
    method: 'get',
    path: '/callbacks/{callbackId}',
    summary: 'One callback task',
    roles: 'any role (own for merchants)',
    tag: 'callbacks',
    answer: a.callbackSchema,
  },
  {
    method: 'post',
    path: '/callbacks/{callbackId}/attempts',
    summary: 'Record a callback attempt and its outcome',
    roles: 'clerk',
    tag: 'callbacks',
    status: 201,
    body: r.recordCallbackAttemptRequest,
    answer: a.callbackSchema,
  },
  {
    method: 'post',
    path: '/findings',
    summary: 'Record a finding: service performed without a form',
    roles: 'clerk',
    tag: 'callbacks',
    status: 201,
    body: r.recordFindingRequest,
    answer: a.createdAnswer,
  },
  {
    method: 'post',
    path: '/callbacks/{callbackId}/correction',
    summary: 'Correct the outcome that closed a callback, recorded by mistake {reason}',
    roles: 'admin',
    tag: 'callbacks',
    status: 201,
    body: r.correctionRequest,
    answer: a.callbackSchema,
  },
  {
    method: 'post',
    path: '/findings/{findingId}/withdrawal',
    summary: 'Withdraw a finding recorded by mistake {reason}',
    roles: 'admin',
    tag: 'callbacks',
    status: 201,
    body: r.correctionRequest,
    answer: a.findingSchema,
  },
  {
    method: 'post',
    path: '/findings/preview',
    summary: 'Check a finding as POST /findings does and tell what it would do, without recording it',
    roles: 'clerk',
    tag: 'callbacks',
    body: r.recordFindingRequest,
    answer: a.consequenceSchema,
  },
  {
    method: 'get',
    path: '/findings',
    summary: 'List findings',
    roles: 'any role (own for merchants)',
    tag: 'callbacks',
    query: r.listFindingsQuery,
    answer: a.pageOf(a.findingSchema),
  },
  {
    method: 'post',
    path: '/opinions',
    summary: 'Register a customer opinion or complaint',
    roles: 'clerk',
    tag: 'opinions',
    status: 201,
    body: r.registerOpinionRequest,
    answer: a.createdAnswer,
  },
  {
    method: 'get',
    path: '/opinions',
    summary: 'Opinions of a period',
    roles: 'any role (merchants: those naming it)',
    tag: 'opinions',
    query: r.listOpinionsQuery,
    answer: a.pageOf(a.opinionSchema),
  },
  {
    method: 'get',
    path: '/opinions/summary',
    summary: 'Opinions counted by category and merchant',
    roles: 'clerk, admin',
    tag: 'opinions',
    query: r.summarizeOpinionsQuery,
    answer: a.opinionSummarySchema,
  },
  {
    method: 'get',
    path: '/opinion-categories',
    summary: 'The managed list of opinion categories: code, label in each language, active or retired',
    roles: 'any role',
    tag: 'opinions',
    query: oc.listOpinionCategoriesQuery,
    answer: oc.opinionCategoriesSchema,
  },
  {
    method: 'post',
    path: '/opinion-categories',
    summary: 'Add an opinion category {code, labels: {zh-Hant, zh-Hans, en}}',
    roles: 'admin',
    tag: 'opinions',
    status: 201,
    body: oc.addOpinionCategoryRequest,
    answer: oc.opinionCategorySchema,
  },
  {
    method: 'post',
    path: '/opinion-categories/{code}/retire',
    summary: 'Retire an opinion category: no new opinion takes it; those registered keep it',
    roles: 'admin',
    tag: 'opinions',
    answer: oc.opinionCategorySchema,
  },

  // scores, penalty cases, policy: scoring
  {
    method: 'get',
    path: '/merchants/{merchantId}/scores',
    summary: "A merchant's evaluation for a period",
    roles: 'any role (own for merchants)',
    tag: 'scores',
    query: r.scoresQuery,
    answer: a.scorecardSchema,
  },
  {
    method: 'get',
    path: '/merchants/{merchantId}/scores/trend',
    summary: "A merchant's last 12 periods",
    roles: 'any role (own for merchants)',
    tag: 'scores',
    query: r.trendQuery,
    answer: a.trendSchema,
  },
  {
    method: 'get',
    path: '/scores',
    summary: "Every merchant's evaluation for a period",
    roles: 'admin',
    tag: 'scores',
    query: r.scoresQuery,
    answer: a.scoresSchema,
  },
  {
    method: 'get',
    path: '/scores/export.csv',
    summary: "Every merchant's evaluation for a period as CSV (streamed; lang zh-Hant, zh-Hans or en)",
    roles: 'admin',
    tag: 'scores',
    query: x.exportScoresQuery,
    csv: true,
  },
  {
    method: 'post',
    path: '/admin/rebuild-scores',
    summary: 'Rebuild the scoring projection from the first event',
    roles: 'admin',
    tag: 'scores',
    answer: a.rebuildAnswer,
  },
  {
    method: 'get',
    path: '/penalty-cases',
    summary: 'Penalty cases by status and merchant, newest or oldest first, with their total',
    roles: 'any role (own for merchants)',
    tag: 'penalty cases',
    query: r.listPenaltyCasesQuery,
    answer: a.penaltyCasePageSchema,
  },
  {
    method: 'get',
    path: '/penalty-cases/export.csv',
    summary:
      'Every penalty case of the filters of GET /penalty-cases as CSV (streamed, complete; times in the mall time zone; lang zh-Hant, zh-Hans or en)',
    roles: 'any role (own for merchants)',
    tag: 'penalty cases',
    query: x.exportPenaltyCasesQuery,
    csv: true,
  },
  {
    method: 'get',
    path: '/penalty-cases/{caseId}',
    summary: 'A penalty case with its evidence timeline',
    roles: 'any role (own for merchants)',
    tag: 'penalty cases',
    answer: a.penaltyCaseSchema,
  },
  {
    method: 'post',
    path: '/penalty-cases/{caseId}/appeal',
    summary: 'Appeal within the appeal window {statement}',
    roles: 'merchant',
    tag: 'penalty cases',
    status: 201,
    body: r.appealRequest,
    answer: a.penaltyCaseSchema,
  },
  {
    method: 'post',
    path: '/penalty-cases/{caseId}/waiver',
    summary: 'Waive the appeal: the case may be decided before the window closes',
    roles: 'merchant',
    tag: 'penalty cases',
    answer: a.penaltyCaseSchema,
  },
  {
    method: 'post',
    path: '/penalty-cases/{caseId}/fine-payment',
    summary: "Record that an upheld case's fine was paid {paidOn, receiptNo}",
    roles: 'admin',
    tag: 'penalty cases',
    body: r.finePaymentRequest,
    answer: a.penaltyCaseSchema,
  },
  {
    method: 'post',
    path: '/penalty-cases/{caseId}/decision',
    summary: 'Decide: uphold (fine, suspension) or dismiss',
    roles: 'admin',
    tag: 'penalty cases',
    status: 201,
    body: r.decisionRequest,
    answer: a.penaltyCaseSchema,
  },
  { method: 'get', path: '/policy', summary: 'The policy in force', roles: 'any role', tag: 'policy', answer: a.policySchema },
  {
    method: 'put',
    path: '/policy',
    summary: 'Change the policy; applies from then on',
    roles: 'admin',
    tag: 'policy',
    body: r.changePolicyRequest,
    answer: a.policySchema,
  },

  {
    method: 'post',
    path: '/policy/what-if',
    summary: 'Preview a policy change: the stored history replayed with other values; nothing is written',
    roles: 'admin',
    tag: 'policy',
    body: r.policyWhatIfRequest,
    answer: a.policyWhatIfSchema,
  },
  // the customer's own confirmation: the public page of a form's link, no token (docs/api.md#self-confirmation)
  {
    method: 'get',
    path: '/public/self-confirmations/{token}',
    summary: "A form's self-confirmation page: the service and where it stands, nothing of the customer but the masked phone",
    roles: 'anyone',
    tag: 'self-confirmation',
    public: true,
    answer: sc.selfConfirmationPage,
  },
  {
    method: 'post',
    path: '/public/self-confirmations/{token}/code',
    summary:
      "Send a one-time code by SMS {phoneLast4}: the last 4 digits of the purchase's phone (422 WRONG_PHONE_DIGITS; 429 TOO_MANY_ATTEMPTS)",
    roles: 'anyone',
    tag: 'self-confirmation',
    public: true,
    body: sc.selfConfirmationCodeRequest,
    answer: sc.selfConfirmationCodeSent,
  },
  {
    method: 'post',
    path: '/public/self-confirmations/{token}/confirm',
    summary: 'Confirm the service {code, rating, comment?} with the code sent by SMS (422 WRONG_ONE_TIME_CODE; 409 ALREADY_SELF_CONFIRMED)',
    roles: 'anyone',
    tag: 'self-confirmation',
    public: true,
    body: sc.selfConfirmRequest,
    answer: sc.selfConfirmationPage,
  },

  // the entry point itself
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document: the OpenAPI 3.1 description of /api/v1',
    roles: 'anyone',
    tag: 'operations',
    public: true,
    neverShed: true,
    answer: a.openApiAnswer,
  },

  // test mode only
  {
    method: 'get',
    path: '/_test/sms-inbox',
    summary: 'Test mode only: the text messages sent (one-time codes), newest first; ?phone= for one phone',
    roles: 'admin',
    tag: 'test clock',
    testClock: true,
    answer: sc.smsInboxAnswer,
  },
  {
    method: 'get',
    path: '/_test/clock',
    summary: 'Test mode only: the current time of every service',
    roles: 'any role',
    tag: 'test clock',
    testClock: true,
    answer: a.clockAnswer,
  },
  {
    method: 'post',
    path: '/_test/clock',
    summary: 'Test mode only: move time forward {advanceDays} or {now}',
    roles: 'admin',
    tag: 'test clock',
    testClock: true,
    body: r.moveTestClockRequest,
    answer: a.clockAnswer,
  },
];
