import { Body, Controller, Inject, Post } from '@nestjs/common';
import { FindingRecorded } from '@fd/contracts';
import {
  CurrentUser,
  handleCommand,
  idFor,
  integrationEvent,
  parseInput,
  policyInForce,
  Principal,
  RequestKey,
  requestMeta,
  Roles,
  RUNTIME,
  ServiceRuntime,
} from '@fd/platform';
import { findingDecider, findingStreamId } from '@fd/callbacks-domain';
import { assertMerchantKnown } from '../upstream/merchants.table';
import { recordFindingRequest } from './record-finding.request';

/** A service performed with no form at all (docs/rules.md#6-callback): scoring opens the penalty case. */
@Controller('api/v1/findings')
export class RecordFindingController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk')
  @Post()
  async record(@Body() body: unknown, @CurrentUser() user: Principal, @RequestKey() requestKey?: string) {
    const input = parseInput(recordFindingRequest, body);
    const { ds, schema } = this.rt;
    await assertMerchantKnown(ds.manager, schema, input.merchantId);
    const meta = await requestMeta(this.rt, user);
    const { timeZone } = await policyInForce(ds.manager, schema);
    const findingId = idFor('finding', requestKey);
    await handleCommand(this.rt.store, schema, ds, {
      streamId: findingStreamId(findingId),
      streamType: 'finding',
      decider: findingDecider,
      command: { type: 'RecordFinding', findingId, ...input, now: meta.now, timeZone },
      meta,
      publish: (events) =>
        events.map(({ data: { recordedAt: _recordedAt, ...payload } }) => integrationEvent(FindingRecorded, payload, meta)),
      project: async (m, stored) => {
        for (const { data: f } of stored)
          await m.query(
            `INSERT INTO "${schema}".findings (id, merchant_id, kind, serviced_on, purchase_id, note, recorded_on, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [f.findingId, f.merchantId, f.kind, f.servicedOn ?? null, f.purchaseId ?? null, f.note, f.recordedOn, f.recordedAt],
          );
      },
    });
    return { id: findingId };
  }
}
