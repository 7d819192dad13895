import { Module } from '@nestjs/common';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Topics } from '@fd/contracts';
import { CONFIG, KeepPolicyWhenChanged, PolicyVersions1796065300000, SERVICE_SCHEMA, ServiceDefinition } from '@fd/platform';
import { FormsConfig, formsConfig } from './forms.config';
import { FormsReadModels1764300000000 } from './migrations/1764300000000-forms-read-models';
import { WrongVerificationCodes1764600000000 } from './migrations/1764600000000-wrong-verification-codes';
import { FormStreams } from './form/form-streams';
import { FormViews } from './read-forms/form.view';
import { FormsController } from './read-forms/forms.http.controller';
import { FormsExport } from './read-forms/export-forms.query';
import { FormsArrival } from './read-forms/forms-arrival';
import { FileFormController } from './file-form/file-form.http.controller';
import { VoidFormController } from './void-form/void-form.http.controller';
import { ListWrongCodesController } from './list-wrong-codes/list-wrong-codes.http.controller';
import { PrintFormController } from './print-form/print-form.http.controller';
import { IssueForms } from './issue-forms/issue-forms';
import { IssueFormsWhenPurchaseRegistered } from './issue-forms/issue-forms-when-purchase-registered.handler';
import { ApplyCallbackAttemptWhenRecorded } from './apply-callback/apply-callback-attempt-when-recorded.handler';
import { UndoCallbackOutcomeWhenCorrected } from './apply-callback/undo-callback-outcome-when-corrected.handler';
import { RecordStaffWhenRegistered } from './know-staff/record-staff-when-registered.handler';
import { DeadlineSweeper } from './mark-overdue/deadline-sweeper';
import { FileFormHandler } from './file-form/file-form.command';
import { VoidFormHandler } from './void-form/void-form.command';
import { WrongCodes } from './list-wrong-codes/list-wrong-codes.query';
import { FormPrints } from './print-form/print-form.query';
import { CallbackConsequenceController } from './callback-consequence/callback-consequence.http.controller';
import { CallbackConsequences } from './callback-consequence/callback-consequence.query';
import { FormSearch1796310000001 } from './migrations/1796310000001-form-search';
import { FormsStaffUnknown1796320000001 } from './migrations/1796320000001-forms-staff-unknown';
import { FormsMerchantNumbers1796400000001 } from './migrations/1796400000001-forms-merchant-numbers';
import { FormOriginals1796600000001 } from './migrations/1796600000001-form-originals';
import { OriginalsController } from './attach-original/originals.http.controller';
import { FormOriginals } from './attach-original/originals';
import { SelfConfirmation1796500000001 } from './migrations/1796500000001-self-confirmation';
import { SelfConfirmationController } from './self-confirm/self-confirm.http.controller';
import { SelfConfirmations } from './self-confirm/self-confirm.command';
import { SmsInboxController } from './self-confirm/sms-inbox.http.controller';
import { AttemptBuckets } from './self-confirm/attempt-buckets';
import { LogAndInboxSmsSender, SMS_SENDER } from './self-confirm/sms-sender';
import { AttemptBucketsPerMall1796800000001 } from './migrations/1796800000001-attempt-buckets-per-mall';

@Module({
  controllers: [
    FormsController,
    FileFormController,
    VoidFormController,
    ListWrongCodesController,
    PrintFormController,
    CallbackConsequenceController,
    SelfConfirmationController,
    OriginalsController,
    IssueFormsWhenPurchaseRegistered,
    ApplyCallbackAttemptWhenRecorded,
    UndoCallbackOutcomeWhenCorrected,
    RecordStaffWhenRegistered,
    KeepPolicyWhenChanged,
  ],
  // the use cases (*.command.ts) and reads (*.query.ts) the controllers call, and what they share
  providers: [
    FormStreams,
    FormViews,
    FormsExport,
    FormsArrival,
    IssueForms,
    DeadlineSweeper,
    FileFormHandler,
    VoidFormHandler,
    WrongCodes,
    FormPrints,
    CallbackConsequences,
    SelfConfirmations,
    FormOriginals,
    {
      provide: AttemptBuckets,
      inject: [DataSource, SERVICE_SCHEMA, CONFIG],
      useFactory: (ds: DataSource, schema: string, c: FormsConfig) =>
        new AttemptBuckets(ds, schema, {
          form: { burst: c.SELF_CONFIRMATION_FORM_BURST, leakSeconds: c.SELF_CONFIRMATION_FORM_LEAK_SECONDS },
          address: { burst: c.SELF_CONFIRMATION_ADDRESS_BURST, leakSeconds: c.SELF_CONFIRMATION_ADDRESS_LEAK_SECONDS },
        }),
    },
    // no SMS provider here: the messages go to a log file and the test inbox (sms-sender.ts)
    {
      provide: SMS_SENDER,
      inject: [DataSource, SERVICE_SCHEMA, CONFIG],
      useFactory: (ds: DataSource, schema: string, c: FormsConfig) =>
        new LogAndInboxSmsSender(ds, schema, c.SMS_LOG_FILE ?? join(tmpdir(), 'feedback-desk-sms.log')),
    },
  ],
})
export class FormsModule {}

/** In test mode, the service with the SMS test inbox's route (never mounted otherwise). */
@Module({ imports: [FormsModule], controllers: [SmsInboxController] })
export class FormsTestModule {}

/**
 * How often the deadline sweeper looks for forms past their due date (SWEEP_INTERVAL_MS). A due
 * date ends at midnight in the mall, so once a minute is plenty, and costs nothing idle; in test
 * mode time jumps by days on request, so it looks every second.
 */
const sweepIntervalMs = (c: FormsConfig) => c.SWEEP_INTERVAL_MS ?? (c.TEST_CLOCK ? 1000 : 60000);

export const formsService: ServiceDefinition = {
  name: 'forms',
  schema: 'forms',
  config: formsConfig,
  port: 8082,
  module: (rt) => ((rt.config as FormsConfig).TEST_CLOCK ? FormsTestModule : FormsModule),
  migrations: [
    FormsReadModels1764300000000,
    WrongVerificationCodes1764600000000,
    PolicyVersions1796065300000,
    FormSearch1796310000001,
    FormsStaffUnknown1796320000001,
    FormsMerchantNumbers1796400000001,
    SelfConfirmation1796500000001,
    FormOriginals1796600000001,
    AttemptBucketsPerMall1796800000001,
  ],
  consumes: [Topics.purchases, Topics.merchants, Topics.callbacks, Topics.scoring],
  background: async (_rt, app) => {
    const sweeper = app.get(DeadlineSweeper);
    sweeper.start(sweepIntervalMs(app.get<FormsConfig>(CONFIG)));
    // forms issued before self-confirmation links get their token; old buckets are forgotten
    void app
      .get(FormStreams)
      .giveTokens(app.get(DataSource))
      .catch(() => undefined);
    const purge = setInterval(
      () =>
        void app
          .get(AttemptBuckets)
          .purge()
          .catch(() => undefined),
      3_600_000,
    );
    purge.unref();
    return async () => {
      clearInterval(purge);
      await sweeper.stop();
    };
  },
};
