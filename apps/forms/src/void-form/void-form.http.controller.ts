import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { normaliseSerial } from '../form/serial';
import { FormViews } from '../read-forms/form.view';
import { voidFormRequest } from './void-form.request';
import { VoidFormHandler } from './void-form.command';

@Controller('api/v1/forms')
export class VoidFormController {
  constructor(
    private readonly voidForm: VoidFormHandler,
    private readonly views: FormViews,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Answers the form as voided. */
  @Roles('clerk')
  @Post(':serial/void')
  @HttpCode(200)
  async void(@Param('serial') raw: string, @Body() body: unknown, @CurrentUser() user: Principal) {
    const serial = normaliseSerial(raw);
    const { reason } = parseInput(voidFormRequest, body);
    await this.voidForm.handle({ serial, reason }, await requestMeta(this.clock, user));
    return this.views.detail(serial, user);
  }
}
