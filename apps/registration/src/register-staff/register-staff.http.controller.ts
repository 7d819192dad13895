import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { StaffRegistered } from '@fd/contracts';
import {
  CurrentUser,
  handleCommand,
  idFor,
  integrationEvent,
  parseInput,
  Principal,
  RequestKey,
  requestMeta,
  Roles,
  RUNTIME,
  ServiceRuntime,
} from '@fd/platform';
import { staffDecider } from '@fd/registration-domain';
import { findMerchant } from '../read-models/merchant.read-model';
import { certificateHolderForRegistration, saveStaff, staffStream } from '../read-models/staff.read-model';
import { registerStaffRequest } from './register-staff.request';

@Controller('api/v1/merchants/:merchantId/staff')
export class RegisterStaffController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk', 'admin')
  @Post()
  async register(
    @Param('merchantId') merchantId: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @RequestKey() requestKey?: string,
  ): Promise<{ id: string }> {
    const input = parseInput(registerStaffRequest, body);
    const staffId = idFor('staff', requestKey);
    const meta = await requestMeta(this.rt, user);
    await this.rt.ds.transaction(async (m) =>
      handleCommand(this.rt.store, this.rt.schema, m, {
        streamId: staffStream(staffId),
        streamType: 'staff',
        decider: staffDecider,
        command: {
          type: 'RegisterStaff',
          staffId,
          merchantId,
          ...input,
          merchantRegistered: (await findMerchant(m, this.rt.schema, merchantId)) !== null,
          certificateHolder: await certificateHolderForRegistration(m, this.rt.schema, merchantId, input.certificateNo),
          now: meta.now,
        },
        meta,
        publish: (events) =>
          events.flatMap((e) =>
            e.type === 'StaffRegistered'
              ? [
                  integrationEvent(
                    StaffRegistered,
                    {
                      merchantId,
                      staffId,
                      name: e.data.name,
                      certificateNo: e.data.certificateNo,
                      certificateValidUntil: e.data.certificateValidUntil,
                    },
                    meta,
                  ),
                ]
              : [],
          ),
        project: (tx, _stored, state) => saveStaff(tx, this.rt.schema, state),
      }),
    );
    return { id: staffId };
  }
}
