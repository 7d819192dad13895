import { ScoringReadModels1764400000000 } from './1764400000000-scoring-read-models';
import { ViolationDueDate1796320000002 } from './1796320000002-violation-due-date';

export const scoringMigrations = [ScoringReadModels1764400000000, ViolationDueDate1796320000002];
