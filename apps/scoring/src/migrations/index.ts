import { ScoringReadModels1764400000000 } from './1764400000000-scoring-read-models';

export const scoringMigrations = [ScoringReadModels1764400000000];
