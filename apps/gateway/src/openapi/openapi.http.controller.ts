import { Controller, Get } from '@nestjs/common';
import { Public } from '@fd/platform';
import { openApiDocument } from './openapi';

@Controller('api/v1')
export class OpenApiController {
  private readonly doc = openApiDocument();

  @Public()
  @Get('openapi.json')
  openapi() {
    return this.doc;
  }
}
