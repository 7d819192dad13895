import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rebuildProjection, RebuildReport } from '../projection/projection.tables';
import { ScoringLog } from '../projection/write-to-log';

/** Rebuilds the scores (and every table of the projection) from the first event, while the service runs. */
@Injectable()
export class RebuildScoresHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  handle(): Promise<RebuildReport> {
    return this.ds.transaction((m) => rebuildProjection(m, this.log.store, this.log.schema));
  }
}
