import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { StaffCertificateRevoked } from '@fd/contracts';
import {
  CurrentUser,
  handleCommand,
  integrationEvent,
  parseInput,
  policyInForce,
  Principal,
  requestMeta,
  Roles,
  RUNTIME,
  ServiceRuntime,
} from '@fd/platform';
import { staffDecider } from '@fd/registration-domain';
import { saveStaff, staffRowOf, staffStream } from '../read-models/staff.read-model';
import { StaffView, staffView } from '../view-staff/view-staff.http.controller';
import { revokeStaffCertificateRequest } from './revoke-staff-certificate.request';

@Controller('api/v1/merchants/:merchantId/staff/:staffId/revoke')
export class RevokeStaffCertificateController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /** Revoked today (the policy's time zone): from today on, this staff member's services are unqualified. */
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
    const meta = await requestMeta(this.rt, user);
    const { state, timeZone } = await this.rt.ds.transaction(async (m) => {
      const timeZone = (await policyInForce(m, this.rt.schema)).timeZone;
      const handled = await handleCommand(this.rt.store, this.rt.schema, m, {
        streamId: staffStream(staffId),
        streamType: 'staff',
        decider: staffDecider,
        command: { type: 'RevokeStaffCertificate', staffId, merchantId, reason, now: meta.now, timeZone },
        meta,
        publish: (events) =>
          events.flatMap((e) => (e.type === 'StaffCertificateRevoked' ? [integrationEvent(StaffCertificateRevoked, e.data, meta)] : [])),
        project: (tx, _stored, s) => saveStaff(tx, this.rt.schema, s),
      });
      return { ...handled, timeZone };
    });
    if (state.status === 'unregistered') throw new Error(`staff ${staffId} revoked without being registered`); // decide refuses this
    return staffView(user, staffRowOf(state), meta.now, timeZone);
  }
}
