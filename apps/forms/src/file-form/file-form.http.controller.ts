import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentUser, parseInput, Principal, requestMeta, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { FormStreams } from '../form/form-streams';
import { normaliseSerial } from '../form/serial';
import { currentPolicy } from '../keep-policy/policy';
import { findStaff } from '../know-staff/staff';
import { FormViews } from '../read-forms/form.view';
import { fileFormRequest } from './file-form.request';

@Controller('api/v1/forms')
export class FileFormController {
  constructor(
    @Inject(RUNTIME) private readonly rt: ServiceRuntime,
    private readonly streams: FormStreams,
    private readonly views: FormViews,
  ) {}

  /** A clerk files (備案) a returned form; a refused filing records nothing. */
  @Roles('clerk')
  @Post(':serial/return')
  @HttpCode(200)
  async file(@Param('serial') raw: string, @Body() body: unknown, @CurrentUser() user: Principal) {
    const serial = normaliseSerial(raw);
    const input = parseInput(fileFormRequest, body);
    const meta = await requestMeta(this.rt, user);
    await this.rt.ds.transaction(async (m) => {
      const { timeZone } = await currentPolicy(m, this.rt.schema);
      const staff = await findStaff(m, this.rt.schema, input.staffId);
      await this.streams.handle(m, serial, { type: 'FileForm', serial, ...input, staff, now: meta.now, timeZone }, meta);
    });
    return this.views.detail(serial, user);
  }
}
