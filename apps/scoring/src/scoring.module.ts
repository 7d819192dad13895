import { Module } from '@nestjs/common';
import { RecordUpstreamFactsHandler } from './record-upstream-facts/record-upstream-facts.handler';
import { ViewScoresController } from './view-scores/view-scores.http.controller';
import { ViewPenaltyCasesController } from './view-penalty-cases/view-penalty-cases.http.controller';
import { AppealPenaltyCaseController } from './appeal-penalty-case/appeal-penalty-case.http.controller';
import { DecidePenaltyCaseController } from './decide-penalty-case/decide-penalty-case.http.controller';
import { WaiveAppealController } from './waive-appeal/waive-appeal.http.controller';
import { WaiveAppealHandler } from './waive-appeal/waive-appeal.command';
import { RecordFinePaymentController } from './record-fine-payment/record-fine-payment.http.controller';
import { RecordFinePaymentHandler } from './record-fine-payment/record-fine-payment.command';
import { PolicyController } from './policy/policy.http.controller';
import { RebuildScoresController } from './rebuild-scores/rebuild-scores.http.controller';
import { ScoringLog } from './projection/write-to-log';
import { Scores } from './view-scores/view-scores.query';
import { PenaltyCases } from './view-penalty-cases/view-penalty-cases.query';
import { PenaltyCasesExport } from './view-penalty-cases/export-penalty-cases.query';
import { ScoresExport } from './view-scores/export-scores.query';
import { AppealPenaltyCaseHandler } from './appeal-penalty-case/appeal-penalty-case.command';
import { DecidePenaltyCaseHandler } from './decide-penalty-case/decide-penalty-case.command';
import { PolicyInForce } from './policy/policy.query';
import { ChangePolicyHandler } from './policy/change-policy.command';
import { RebuildScoresHandler } from './rebuild-scores/rebuild-scores.command';
import { CorrectiveActionsController } from './corrective-actions/corrective-actions.http.controller';
import { CorrectiveActionsHandler } from './corrective-actions/corrective-actions.command';
import { CorrectiveActions } from './corrective-actions/corrective-actions.query';
import { MonthlyFiguresController } from './monthly-report/monthly-figures.http.controller';
import { MonthlyFiguresQuery } from './monthly-report/monthly-figures.query';
import { PolicyWhatIfController } from './what-if-policy/what-if-policy.http.controller';
import { PolicyWhatIf } from './what-if-policy/what-if-policy.query';
import { GroupTotalsController } from './group-totals/group-totals.http.controller';
import { GroupTotalsQuery } from './group-totals/group-totals.query';

@Module({
  controllers: [
    RecordUpstreamFactsHandler,
    ViewScoresController,
    ViewPenaltyCasesController,
    AppealPenaltyCaseController,
    DecidePenaltyCaseController,
    WaiveAppealController,
    RecordFinePaymentController,
    PolicyController,
    RebuildScoresController,
    CorrectiveActionsController,
    MonthlyFiguresController,
    PolicyWhatIfController,
    GroupTotalsController,
  ],
  // the use cases (*.command.ts) and reads (*.query.ts) the controllers call, and the log they write to
  providers: [
    ScoringLog,
    Scores,
    ScoresExport,
    PenaltyCases,
    PenaltyCasesExport,
    AppealPenaltyCaseHandler,
    DecidePenaltyCaseHandler,
    WaiveAppealHandler,
    RecordFinePaymentHandler,
    PolicyInForce,
    ChangePolicyHandler,
    RebuildScoresHandler,
    CorrectiveActionsHandler,
    CorrectiveActions,
    MonthlyFiguresQuery,
    PolicyWhatIf,
    GroupTotalsQuery,
  ],
})
export class ScoringModule {}
