import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { StaffView, staffView } from '../view-staff/view-staff.query';
import { revokeStaffCertificateRequest } from './revoke-staff-certificate.request';
import { RevokeStaffCertificateHandler } from './revoke-staff-certificate.command';

@Controller('api/v1/merchants/:merchantId/staff/:staffId/revoke')
export class RevokeStaffCertificateController {
  constructor(
    private readonly revokeCertificate: RevokeStaffCertificateHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('clerk', 'admin')
  @Post()
  @HttpCode(200)
  async revoke(
    @Param('merchantId') merchantId: string,
    @Param('staffId') staffId: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
  ): Promise<StaffView> {
    const { reason } = parseInput(revokeStaffCertificateRequest, body);
    const meta = await requestMeta(this.clock, user);
    const { staff, timeZone } = await this.revokeCertificate.handle({ merchantId, staffId, reason }, meta);
    return staffView(user, staff, meta.now, timeZone);
  }
}
