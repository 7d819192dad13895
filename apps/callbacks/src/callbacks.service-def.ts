import { Module } from '@nestjs/common';
import { Topics } from '@fd/contracts';
import { KeepPolicyWhenChanged, PolicyVersions1796065300000, ServiceDefinition } from '@fd/platform';
import { CallbacksReadModels1764400000000 } from './migrations/1764400000000-callbacks-read-models';
import { CallbackCustomers1796200000000 } from './migrations/1796200000000-callback-customers';
import { RememberUpheldForgeryWhenPenaltyCaseDecided } from './upstream/remember-upheld-forgery-when-penalty-case-decided.handler';
import { LearnMerchantWhenMerchantRegistered } from './upstream/learn-merchant-when-merchant-registered.handler';
import { KeepFormFactsWhenFormChanged } from './upstream/keep-form-facts-when-form-changed.handler';
import { LearnCustomerWhenPurchaseRegistered } from './upstream/learn-customer-when-purchase-registered.handler';
import { FindingReferences1796500000000 } from './migrations/1796500000000-finding-references';
import { SelfConfirmedForms1796700000001 } from './migrations/1796700000001-self-confirmed-forms';
import { Corrections1796500000001 } from './migrations/1796500000001-corrections';
import { RememberDecidedCaseWhenPenaltyCaseDecided } from './upstream/decided-cases.table';
import { CorrectRecordsController } from './correct-records/correct-records.http.controller';
import { CorrectRecordsHandler } from './correct-records/correct-records.commands';
import { FindingStream } from './record-finding/finding.stream';
import { LearnReferencesWhenRegistered } from './upstream/learn-references-when-registered.handler';
import { OpenCallbackWhenFormFiled } from './open-callback/open-callback-when-form-filed.handler';
import { OpenCallbackWhenFormOverdue } from './open-callback/open-callback-when-form-overdue.handler';
import { WithdrawCallbackWhenFormVoided } from './withdraw-callback/withdraw-callback-when-form-voided.handler';
import { ListCallbacksController } from './list-callbacks/list-callbacks.http.controller';
import { RecordCallbackAttemptController } from './record-callback-attempt/record-callback-attempt.http.controller';
import { RecordFindingController } from './record-finding/record-finding.http.controller';
import { ListFindingsController } from './list-findings/list-findings.http.controller';
import { RegisterOpinionController } from './register-opinion/register-opinion.http.controller';
import { ListOpinionsController } from './list-opinions/list-opinions.http.controller';
import { SummarizeOpinionsController } from './summarize-opinions/summarize-opinions.http.controller';
import { FormCallbacksStream } from './callback-tasks/form-callbacks.stream';
import { CallbackTasks } from './list-callbacks/list-callbacks.query';
import { RecordCallbackAttemptHandler } from './record-callback-attempt/record-callback-attempt.command';
import { RecordFindingHandler } from './record-finding/record-finding.command';
import { Findings } from './list-findings/list-findings.query';
import { RegisterOpinionHandler } from './register-opinion/register-opinion.command';
import { Opinions } from './list-opinions/list-opinions.query';
import { OpinionSummary } from './summarize-opinions/summarize-opinions.query';
import { callbacksConfig } from './callbacks.config';
import { OpinionCategories1796400000000 } from './migrations/1796400000000-opinion-categories';
import { OpinionCategoriesController } from './opinion-categories/opinion-categories.http.controller';
import { OpinionCategories } from './opinion-categories/opinion-categories.query';
import { ManageOpinionCategories } from './opinion-categories/manage-opinion-categories.command';
import { CategoriesPerMall1796800000001 } from './migrations/1796800000001-categories-per-mall';

@Module({
  controllers: [
    KeepPolicyWhenChanged,
    RememberUpheldForgeryWhenPenaltyCaseDecided,
    LearnMerchantWhenMerchantRegistered,
    KeepFormFactsWhenFormChanged,
    LearnCustomerWhenPurchaseRegistered,
    LearnReferencesWhenRegistered,
    RememberDecidedCaseWhenPenaltyCaseDecided,
    CorrectRecordsController,
    OpenCallbackWhenFormFiled,
    OpenCallbackWhenFormOverdue,
    WithdrawCallbackWhenFormVoided,
    ListCallbacksController,
    RecordCallbackAttemptController,
    RecordFindingController,
    ListFindingsController,
    RegisterOpinionController,
    ListOpinionsController,
    SummarizeOpinionsController,
    OpinionCategoriesController,
  ],
  // the use cases (*.command.ts) and reads (*.query.ts) the controllers call
  providers: [
    FormCallbacksStream,
    CallbackTasks,
    RecordCallbackAttemptHandler,
    RecordFindingHandler,
    FindingStream,
    CorrectRecordsHandler,
    Findings,
    RegisterOpinionHandler,
    Opinions,
    OpinionSummary,
    OpinionCategories,
    ManageOpinionCategories,
  ],
})
class CallbacksModule {}

/** Callback tasks and attempts, findings, customer opinions (docs/architecture.md). */
export const callbacksService: ServiceDefinition = {
  name: 'callbacks',
  schema: 'callbacks',
  config: callbacksConfig,
  port: 8083,
  module: () => CallbacksModule,
  migrations: [
    CallbacksReadModels1764400000000,
    PolicyVersions1796065300000,
    CallbackCustomers1796200000000,
    FindingReferences1796500000000,
    Corrections1796500000001,
    OpinionCategories1796400000000,
    SelfConfirmedForms1796700000001,
    CategoriesPerMall1796800000001,
  ],
  // forms.v1: issued, filed, overdue and voided forms, a callback's effects; scoring.v1: forgery decisions and policy;
  // registration.merchants.v1: which merchants exist, for findings and opinions;
  // registration.purchases.v1: the customers, whom the callbacks call, and the purchases and cards a finding may name.
  consumes: [Topics.forms, Topics.scoring, Topics.merchants, Topics.purchases],
};
