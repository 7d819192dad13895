import { ScoringReadModels1764400000000 } from './1764400000000-scoring-read-models';
import { ViolationDueDate1796320000002 } from './1796320000002-violation-due-date';
import { ReviewQueue1796310000002 } from './1796310000002-review-queue';
import { CorrectiveActions1796600000002 } from './1796600000002-corrective-actions';

export const scoringMigrations = [
  ScoringReadModels1764400000000,
  ReviewQueue1796310000002,
  ViolationDueDate1796320000002,
  CorrectiveActions1796600000002,
];
