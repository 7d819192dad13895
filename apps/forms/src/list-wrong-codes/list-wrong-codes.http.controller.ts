import { Controller, Get, Query } from '@nestjs/common';
import { parseInput, Roles } from '@fd/platform';
import { listWrongCodesRequest } from './list-wrong-codes.request';
import { WrongCodes } from './list-wrong-codes.query';

@Controller('api/v1/wrong-verification-codes')
export class ListWrongCodesController {
  constructor(private readonly wrongCodes: WrongCodes) {}

  @Roles('admin')
  @Get()
  list(@Query() query: unknown) {
    return this.wrongCodes.list(parseInput(listWrongCodesRequest, query));
  }
}
