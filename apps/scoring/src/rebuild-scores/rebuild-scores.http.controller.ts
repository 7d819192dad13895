import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { rebuildProjection, RebuildReport } from '../projection/projection.tables';

@Controller('api/v1/admin/rebuild-scores')
export class RebuildScoresController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /** Rebuilds the scores (and every table of the projection) from the first event, while the service runs. */
  @Roles('admin')
  @Post()
  @HttpCode(200)
  async rebuild(): Promise<RebuildReport> {
    return this.rt.ds.transaction((m) => rebuildProjection(m, this.rt.store, this.rt.schema));
  }
}
