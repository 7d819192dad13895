import { Module } from '@nestjs/common';
import { RecordUpstreamFactsHandler } from './record-upstream-facts/record-upstream-facts.handler';
import { ViewScoresController } from './view-scores/view-scores.http.controller';
import { ViewPenaltyCasesController } from './view-penalty-cases/view-penalty-cases.http.controller';
import { AppealPenaltyCaseController } from './appeal-penalty-case/appeal-penalty-case.http.controller';
import { DecidePenaltyCaseController } from './decide-penalty-case/decide-penalty-case.http.controller';
import { PolicyController } from './policy/policy.http.controller';
import { RebuildScoresController } from './rebuild-scores/rebuild-scores.http.controller';

@Module({
  controllers: [
    RecordUpstreamFactsHandler,
    ViewScoresController,
    ViewPenaltyCasesController,
    AppealPenaltyCaseController,
    DecidePenaltyCaseController,
    PolicyController,
    RebuildScoresController,
  ],
})
export class ScoringModule {}
