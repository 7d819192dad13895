import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentUser, parseInput, policyInForce, Principal, requestMeta, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { filingRefusal } from '@fd/forms-domain';
import { FormStreams } from '../form/form-streams';
import { normaliseSerial } from '../form/serial';
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

  /**
   * A clerk files (備案) a returned form; an administrator too, and alone once wrong codes
   * have locked it. A refused filing records nothing, except a wrong code: that refusal is
   * committed first (FilingCodeRejected), and only then is the request refused.
   */
  @Roles('clerk', 'admin')
  @Post(':serial/return')
  @HttpCode(200)
  async file(@Param('serial') raw: string, @Body() body: unknown, @CurrentUser() user: Principal) {
    const serial = normaliseSerial(raw);
    const input = parseInput(fileFormRequest, body);
    const meta = await requestMeta(this.rt, user);
    const filer = { username: user.username, role: user.role === 'admin' ? ('admin' as const) : ('clerk' as const) };
    const refusal = await this.rt.ds.transaction(async (m) => {
      await this.streams.lock(m, serial);
      const { timeZone } = await policyInForce(m, this.rt.schema);
      const staff = await findStaff(m, this.rt.schema, input.staffId);
      const { events, state } = await this.streams.handle(
        m,
        serial,
        { type: 'FileForm', serial, ...input, staff, filer, now: meta.now, timeZone },
        meta,
      );
      return filingRefusal(events, state, this.streams.maxWrongCodes);
    });
    if (refusal) throw refusal;
    return this.views.detail(serial, user);
  }
}
