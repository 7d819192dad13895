import { Controller, Get, Inject } from '@nestjs/common';
import { CONFIG, PlatformConfig, Public } from '@fd/platform';
import { openApiDocument } from '@fd/api';

@Controller('api/v1')
export class OpenApiController {
  private readonly doc: ReturnType<typeof openApiDocument>;

  constructor(@Inject(CONFIG) config: PlatformConfig) {
    this.doc = openApiDocument({ testClock: config.TEST_CLOCK });
  }

  @Public()
  @Get('openapi.json')
  openapi() {
    return this.doc;
  }
}
