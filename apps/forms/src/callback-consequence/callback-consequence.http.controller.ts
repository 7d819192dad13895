import { Controller, Get, Param, Query } from '@nestjs/common';
import { parseInput, Roles } from '@fd/platform';
import { normaliseSerial } from '../form/serial';
import { callbackConsequenceRequest } from './callback-consequence.request';
import { CallbackConsequences } from './callback-consequence.query';

@Controller('api/v1/forms')
export class CallbackConsequenceController {
  constructor(private readonly consequences: CallbackConsequences) {}

  /** What recording `outcome` at a callback would do to the form's merchant, before the clerk confirms it. */
  @Roles('clerk', 'admin')
  @Get(':serial/consequence')
  of(@Param('serial') serial: string, @Query() query: unknown) {
    return this.consequences.of(normaliseSerial(serial), parseInput(callbackConsequenceRequest, query));
  }
}
