import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentUser, parseInput, policyInForce, Principal, requestMeta, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { FormStreams } from '../form/form-streams';
import { normaliseSerial } from '../form/serial';
import { FormViews } from '../read-forms/form.view';
import { voidFormRequest } from './void-form.request';

@Controller('api/v1/forms')
export class VoidFormController {
  constructor(
    @Inject(RUNTIME) private readonly rt: ServiceRuntime,
    private readonly streams: FormStreams,
    private readonly views: FormViews,
  ) {}

  /** A voided form counts nowhere; a filed or already voided form cannot be voided. */
  @Roles('clerk')
  @Post(':serial/void')
  @HttpCode(200)
  async void(@Param('serial') raw: string, @Body() body: unknown, @CurrentUser() user: Principal) {
    const serial = normaliseSerial(raw);
    const { reason } = parseInput(voidFormRequest, body);
    const meta = await requestMeta(this.rt, user);
    await this.rt.ds.transaction(async (m) => {
      const { timeZone } = await policyInForce(m, this.rt.schema);
      await this.streams.handle(m, serial, { type: 'VoidForm', serial, reason, now: meta.now, timeZone }, meta);
    });
    return this.views.detail(serial, user);
  }
}
