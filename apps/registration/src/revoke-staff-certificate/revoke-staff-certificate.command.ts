import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StaffCertificateRevoked } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { staffDecider } from '@fd/registration-domain';
import { saveStaff, StaffRow, staffRowOf, staffStream } from '../read-models/staff.read-model';

export interface RevokeStaffCertificateInput {
  merchantId: string;
  staffId: string;
  reason: string;
}

/** Revoked today (the policy's time zone): from today on, this staff member's services are unqualified. */
@Injectable()
export class RevokeStaffCertificateHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /** The staff member as now recorded, and the time zone its certificate's status is read in. */
  async handle(
    { merchantId, staffId, reason }: RevokeStaffCertificateInput,
    meta: CommandMetadata,
  ): Promise<{ staff: StaffRow; timeZone: string }> {
    const { schema } = this;
    const { state, timeZone } = await this.ds.transaction(async (m) => {
      const timeZone = (await policyInForce(m, schema)).timeZone;
      const handled = await handleCommand(this.store, schema, m, {
        streamId: staffStream(staffId),
        streamType: 'staff',
        decider: staffDecider,
        command: { type: 'RevokeStaffCertificate', staffId, merchantId, reason, now: meta.now, timeZone },
        meta,
        publish: (events) =>
          events.flatMap((e) => (e.type === 'StaffCertificateRevoked' ? [integrationEvent(StaffCertificateRevoked, e.data, meta)] : [])),
        project: (tx, _stored, s) => saveStaff(tx, schema, s),
      });
      return { ...handled, timeZone };
    });
    if (state.status === 'unregistered') throw new Error(`staff ${staffId} revoked without being registered`); // decide refuses this
    return { staff: staffRowOf(state), timeZone };
  }
}
