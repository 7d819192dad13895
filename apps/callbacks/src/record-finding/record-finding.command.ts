import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { consequenceSchema } from '@fd/api';
import { periodOf } from '@fd/kernel';
import { CommandMetadata, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { assertFindingShape, findingDecider } from '@fd/callbacks-domain';
import { FindingStream } from './finding.stream';
import { assertMerchantKnown } from '../upstream/merchants.table';
import { assertReferencesOf } from '../upstream/known-references.table';
import { recordFindingRequest } from './record-finding.request';

export type RecordFindingInput = z.infer<typeof recordFindingRequest> & { findingId: string };

export interface FindingRecordedAnswer {
  id: string;
}

export type Consequence = z.infer<typeof consequenceSchema>;

/**
 * A service performed with no form at all (docs/rules.md#6-callback), or a sale kept from the desk
 * (docs/rules.md#purchase-kept-from-the-desk-未登記購買): scoring opens the penalty case.
 */
@Injectable()
export class RecordFindingHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly findings: FindingStream,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /** Every check of `handle`, in its order; the merchant's name for the preview. */
  private async check(m: EntityManager, input: RecordFindingInput): Promise<string> {
    const { schema } = this;
    await assertMerchantKnown(m, schema, input.merchantId);
    assertFindingShape(input);
    await assertReferencesOf(m, schema, input.merchantId, input);
    const [{ name }]: { name: string }[] = await m.query(`SELECT name FROM "${schema}".merchants WHERE merchant_id = $1`, [
      input.merchantId,
    ]);
    return name;
  }

  async handle({ findingId, ...input }: RecordFindingInput, meta: CommandMetadata): Promise<FindingRecordedAnswer> {
    const { ds, schema } = this;
    await this.check(ds.manager, { findingId, ...input });
    const { timeZone } = await policyInForce(ds.manager, schema);
    await this.findings.run(ds, findingId, { type: 'RecordFinding', findingId, ...input, now: meta.now, timeZone }, meta);
    return { id: findingId };
  }

  /**
   * What recording the finding would do, with every refusal `handle` would give and nothing
   * written: a violation of the merchant in the month of the service, or of today when its date
   * is not known (docs/rules.md#7-violations-and-penalty-cases); each finding opens its own case.
   */
  async preview({ findingId, ...input }: RecordFindingInput, meta: CommandMetadata): Promise<Consequence> {
    const merchantName = await this.check(this.ds.manager, { findingId, ...input });
    const { timeZone } = await policyInForce(this.ds.manager, this.schema);
    const [recorded] = findingDecider.decide(
      { type: 'RecordFinding', findingId, ...input, now: meta.now, timeZone },
      findingDecider.initialState(),
    );
    if (recorded.type !== 'FindingRecorded') throw new Error('a new finding is recorded first');
    const { kind, servicedOn, purchasedOn, recordedOn } = recorded.data;
    return {
      merchantId: input.merchantId,
      merchantName,
      // the month of the service (or of the sale kept from the desk), or of today when its date is not known
      violation: { kind, period: periodOf(servicedOn ?? purchasedOn ?? recordedOn), opensCase: true },
    };
  }
}
