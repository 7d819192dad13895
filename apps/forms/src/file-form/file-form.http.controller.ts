import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { normaliseSerial } from '../form/serial';
import { FormViews } from '../read-forms/form.view';
import { fileFormRequest } from './file-form.request';
import { FileFormHandler } from './file-form.command';

@Controller('api/v1/forms')
export class FileFormController {
  constructor(
    private readonly fileForm: FileFormHandler,
    private readonly views: FormViews,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Answers the form as filed. */
  @Roles('clerk', 'admin')
  @Post(':serial/return')
  @HttpCode(200)
  async file(@Param('serial') raw: string, @Body() body: unknown, @CurrentUser() user: Principal) {
    const serial = normaliseSerial(raw);
    const input = parseInput(fileFormRequest, body);
    const filer = { username: user.username, role: user.role === 'admin' ? ('admin' as const) : ('clerk' as const) };
    await this.fileForm.handle({ ...input, serial, filer }, await requestMeta(this.clock, user));
    return this.views.detail(serial, user);
  }
}
