import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CommandMetadata, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { filingRefusal } from '@fd/forms-domain';
import { FormStreams } from '../form/form-streams';
import { findStaff } from '../know-staff/staff';
import { fileFormRequest } from './file-form.request';

export type FileFormInput = z.infer<typeof fileFormRequest> & {
  serial: string;
  /** Who files it: a clerk, or an administrator (who alone may file a form locked by wrong codes). */
  filer: { username: string; role: 'clerk' | 'admin' };
};

/**
 * A clerk files (備案) a returned form; an administrator too, and alone once wrong codes
 * have locked it. A refused filing records nothing, except a wrong code: that refusal is
 * committed first (FilingCodeRejected), and only then is the request refused.
 */
@Injectable()
export class FileFormHandler {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly streams: FormStreams,
  ) {}

  async handle({ serial, filer, ...input }: FileFormInput, meta: CommandMetadata): Promise<void> {
    const refusal = await this.ds.transaction(async (m) => {
      await this.streams.lock(m, serial);
      const { timeZone } = await policyInForce(m, this.schema);
      const staff = await findStaff(m, this.schema, input.staffId);
      const { events, state } = await this.streams.handle(
        m,
        serial,
        { type: 'FileForm', serial, ...input, staff, filer, now: meta.now, timeZone },
        meta,
      );
      return filingRefusal(events, state, this.streams.maxWrongCodes);
    });
    if (refusal) throw refusal;
  }
}
