import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PolicyChanged } from '@fd/contracts';
import { CommandMetadata, integrationEvent } from '@fd/platform';
import { Policy, policyDecider } from '@fd/scoring-domain';
import { ScoringLog, writeToLog } from '../projection/write-to-log';
import { POLICY_STREAM } from './current-policy';
import { changePolicyRequest } from './change-policy.request';

/** A new version from now on (announced to the forms and callbacks services); the same values make none. */
@Injectable()
export class ChangePolicyHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  async handle(values: z.infer<typeof changePolicyRequest>, meta: CommandMetadata): Promise<Policy> {
    const { state } = await this.ds.transaction((m) =>
      writeToLog(this.log, m, {
        streamId: POLICY_STREAM,
        streamType: 'policy',
        decider: policyDecider,
        command: { type: 'ChangePolicy', values, now: meta.now },
        meta,
        publish: (events) =>
          events.map((e) => {
            const { changedAt: _at, ...policy } = e.data;
            return integrationEvent(PolicyChanged, policy, meta);
          }),
      }),
    );
    return state.policy;
  }
}
