import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, idFor, parseInput, Principal, RequestKey, requestMeta, Roles } from '@fd/platform';
import { registerStaffRequest } from './register-staff.request';
import { RegisterStaffHandler, StaffRegisteredAnswer } from './register-staff.command';

@Controller('api/v1/merchants/:merchantId/staff')
export class RegisterStaffController {
  constructor(
    private readonly registerStaff: RegisterStaffHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('clerk', 'admin')
  @Post()
  async register(
    @Param('merchantId') merchantId: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @RequestKey() requestKey?: string,
  ): Promise<StaffRegisteredAnswer> {
    const input = parseInput(registerStaffRequest, body);
    return this.registerStaff.handle({ ...input, staffId: idFor('staff', requestKey), merchantId }, await requestMeta(this.clock, user));
  }
}
