import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { answerActionRequest, checkActionRequest, CorrectiveActionView, managerDecisionRequest, openActionRequest } from '@fd/api';
import { notFound } from '@fd/kernel';
import { CommandMetadata, handleCommand, Principal } from '@fd/platform';
import { ActionOwner, CorrectiveActionCommand, correctiveActionDecider } from '@fd/scoring-domain';
import { ScoringLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { actionStream, actionView, saveAction, todayIn } from './corrective-action.read-model';

const newActionId = () => `CA-${randomBytes(6).toString('hex').toUpperCase()}`;

/**
 * The corrective actions' use cases (docs/rules.md, "Corrective and preventive actions"): each
 * command goes through the action's decider into the service's log, and the action's row is
 * written in the same transaction. The actions are not part of the score projection (a rebuild
 * of the scores leaves them as they are).
 */
@Injectable()
export class CorrectiveActionsHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  private async run(actionId: string, command: (timeZone: string) => CorrectiveActionCommand, meta: CommandMetadata) {
    return this.ds.transaction(async (m) => {
      const { timeZone } = await currentPolicy(this.log.store, m);
      const { state } = await handleCommand(this.log.store, this.log.schema, m, {
        streamId: actionStream(actionId),
        streamType: 'corrective-action',
        decider: correctiveActionDecider,
        command: command(timeZone),
        meta,
        project: async (tx, _stored, s) => {
          if (s.status !== 'none') await saveAction(tx, this.log.schema, s);
        },
      });
      if (state.status === 'none') throw new Error(`corrective action ${actionId} has no state after its command`);
      return actionView(state, todayIn(meta.now, timeZone));
    });
  }

  private async assertOwnerKnown(m: EntityManager, owner: ActionOwner): Promise<void> {
    if (owner.merchantId === undefined) return;
    const rows = await m.query(`SELECT 1 FROM "${this.log.schema}".merchants WHERE merchant_id = $1`, [owner.merchantId]);
    if (!rows.length) throw notFound('MERCHANT_NOT_FOUND', `There is no merchant ${owner.merchantId}.`);
  }

  async open(input: z.infer<typeof openActionRequest>, meta: CommandMetadata): Promise<CorrectiveActionView> {
    await this.assertOwnerKnown(this.ds.manager, input.owner);
    if (input.source.kind === 'penalty_case') {
      const rows = await this.ds.query(`SELECT 1 FROM "${this.log.schema}".penalty_cases WHERE case_id = $1`, [input.source.ref]);
      if (!rows.length) throw notFound('CASE_NOT_FOUND', `There is no penalty case ${input.source.ref}.`);
    }
    const actionId = newActionId();
    return this.run(
      actionId,
      (timeZone) => ({
        type: 'OpenAction',
        timeZone,
        opening: {
          actionId,
          source: input.source,
          problem: input.problem,
          cause: input.cause,
          action: input.action,
          owner: input.owner,
          dueDate: input.dueDate,
          openedAt: meta.now.toISOString(),
        },
      }),
      meta,
    );
  }

  async answer(actionId: string, input: z.infer<typeof answerActionRequest>, by: Principal, meta: CommandMetadata) {
    await this.assertExists(actionId);
    const who = { role: by.role, ...(by.merchantId ? { merchantId: by.merchantId } : {}) };
    return this.run(actionId, () => ({ type: 'AnswerAction', actionId, note: input.note, done: input.done, by: who, now: meta.now }), meta);
  }

  async check(actionId: string, input: z.infer<typeof checkActionRequest>, meta: CommandMetadata) {
    await this.assertExists(actionId);
    return this.run(actionId, () => ({ type: 'CheckAction', actionId, effective: input.effective, note: input.note, now: meta.now }), meta);
  }

  async decide(actionId: string, input: z.infer<typeof managerDecisionRequest>, meta: CommandMetadata) {
    await this.assertExists(actionId);
    if (input.owner) await this.assertOwnerKnown(this.ds.manager, input.owner);
    return this.run(
      actionId,
      (timeZone) => ({
        type: 'DecideEscalatedAction',
        actionId,
        decision: input.decision,
        note: input.note,
        ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
        ...(input.owner ? { owner: input.owner } : {}),
        now: meta.now,
        timeZone,
      }),
      meta,
    );
  }

  /** A command on an action that does not exist appends nothing (and makes no stream). */
  private async assertExists(actionId: string): Promise<void> {
    const rows = await this.ds.query(`SELECT 1 FROM "${this.log.schema}".corrective_actions WHERE action_id = $1`, [actionId]);
    if (!rows.length) throw notFound('ACTION_NOT_FOUND', `There is no corrective action ${actionId}.`);
  }
}
