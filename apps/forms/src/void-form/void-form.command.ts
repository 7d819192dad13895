import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandMetadata, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { FormStreams } from '../form/form-streams';

export interface VoidFormInput {
  serial: string;
  reason: string;
}

/** A voided form counts nowhere; a filed or already voided form cannot be voided. */
@Injectable()
export class VoidFormHandler {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly streams: FormStreams,
  ) {}

  async handle({ serial, reason }: VoidFormInput, meta: CommandMetadata): Promise<void> {
    await this.ds.transaction(async (m) => {
      const { timeZone } = await policyInForce(m, this.schema);
      await this.streams.handle(m, serial, { type: 'VoidForm', serial, reason, now: meta.now, timeZone }, meta);
    });
  }
}
