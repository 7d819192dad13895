import { Controller, HttpCode, Post } from '@nestjs/common';
import { Roles } from '@fd/platform';
import { RebuildReport } from '../projection/projection.tables';
import { RebuildScoresHandler } from './rebuild-scores.command';

@Controller('api/v1/admin/rebuild-scores')
export class RebuildScoresController {
  constructor(private readonly rebuildScores: RebuildScoresHandler) {}

  @Roles('admin')
  @Post()
  @HttpCode(200)
  rebuild(): Promise<RebuildReport> {
    return this.rebuildScores.handle();
  }
}
