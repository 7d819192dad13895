import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { normaliseSerial } from '../form/serial';
import { FormViews } from './form.view';
import { listFormsRequest } from './list-forms.request';

@Controller('api/v1/forms')
export class FormsController {
  constructor(private readonly views: FormViews) {}

  /** Clerks and admins see every merchant's forms; a merchant only its own, without verification codes. */
  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@Query() query: unknown, @CurrentUser() user: Principal) {
    const { cursor, ...q } = parseInput(listFormsRequest, query);
    return this.views.list({ ...q, after: cursor }, user);
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':serial')
  async detail(@Param('serial') serial: string, @CurrentUser() user: Principal) {
    return this.views.detail(normaliseSerial(serial), user);
  }
}
