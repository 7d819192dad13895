import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { StaffRegistered } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, SERVICE_SCHEMA } from '@fd/platform';
import { staffDecider } from '@fd/registration-domain';
import { findMerchant } from '../read-models/merchant.read-model';
import { certificateHolderForRegistration, saveStaff, staffStream } from '../read-models/staff.read-model';
import { registerStaffRequest } from './register-staff.request';

export type RegisterStaffInput = z.infer<typeof registerStaffRequest> & { staffId: string; merchantId: string };

export interface StaffRegisteredAnswer {
  id: string;
}

@Injectable()
export class RegisterStaffHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async handle({ staffId, merchantId, ...input }: RegisterStaffInput, meta: CommandMetadata): Promise<StaffRegisteredAnswer> {
    const { schema } = this;
    await this.ds.transaction(async (m) =>
      handleCommand(this.store, schema, m, {
        streamId: staffStream(staffId),
        streamType: 'staff',
        decider: staffDecider,
        command: {
          type: 'RegisterStaff',
          staffId,
          merchantId,
          ...input,
          merchantRegistered: (await findMerchant(m, schema, merchantId)) !== null,
          certificateHolder: await certificateHolderForRegistration(m, schema, input.certificateNo),
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
        project: (tx, _stored, state) => saveStaff(tx, schema, state),
      }),
    );
    return { id: staffId };
  }
}
