import { Controller, Get } from '@nestjs/common';
import { isTestClockEnabled, Public } from '@fd/platform';
import { openApiDocument } from '@fd/api';

@Controller('api/v1')
export class OpenApiController {
  private readonly doc = openApiDocument({ testClock: isTestClockEnabled() });

  @Public()
  @Get('openapi.json')
  openapi() {
    return this.doc;
  }
}
