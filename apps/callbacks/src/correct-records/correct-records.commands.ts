import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandMetadata, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { callbackNotFound } from '@fd/callbacks-domain';
import { CallbackRow, findCallback } from '../callback-tasks/callback.view';
import { FormCallbacksStream } from '../callback-tasks/form-callbacks.stream';
import { FindingStream } from '../record-finding/finding.stream';
import { assertCaseNotDecided } from '../upstream/decided-cases.table';

/**
 * An administrator corrects a callback outcome or withdraws a finding recorded by mistake
 * (docs/rules.md#7-violations-and-penalty-cases, "Corrections"). The forms service undoes what
 * the outcome did to the form; the scoring service corrects the violation and closes its case.
 */
@Injectable()
export class CorrectRecordsHandler {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly formCallbacks: FormCallbacksStream,
    private readonly findings: FindingStream,
  ) {}

  async correctCallback(callbackId: string, reason: string, meta: CommandMetadata): Promise<CallbackRow> {
    const { ds, schema } = this;
    const found = await findCallback(ds.manager, schema, callbackId);
    if (!found) throw callbackNotFound(callbackId);
    const last = found.attempts.at(-1);
    if (found.status === 'closed' && !found.correction) {
      if (found.result === 'no_form') await assertCaseNotDecided(ds.manager, schema, `missing:${found.serial}`, 'no_form');
      if (found.result === 'signature_denied' || (found.result === 'rating_disputed' && last?.reportedRating === 'unsatisfied'))
        await assertCaseNotDecided(ds.manager, schema, `forged:${found.serial}`, 'forged');
    }
    const { timeZone } = await policyInForce(ds.manager, schema);
    await this.formCallbacks.run(ds, found.serial, { type: 'CorrectCallbackOutcome', callbackId, reason, now: meta.now, timeZone }, meta);
    return (await findCallback(ds.manager, schema, callbackId))!;
  }

  async withdrawFinding(findingId: string, reason: string, meta: CommandMetadata): Promise<void> {
    const { ds, schema } = this;
    const [found]: { kind: 'service_without_form' | 'purchase_not_registered' }[] = await ds.query(
      `SELECT kind FROM "${schema}".findings WHERE id = $1`,
      [findingId],
    );
    // a finding not known here is refused by its decider (FINDING_NOT_FOUND)
    if (found) await assertCaseNotDecided(ds.manager, schema, `finding:${findingId}`, found.kind);
    const { timeZone } = await policyInForce(ds.manager, schema);
    await this.findings.run(ds, findingId, { type: 'WithdrawFinding', findingId, reason, now: meta.now, timeZone }, meta);
  }
}
