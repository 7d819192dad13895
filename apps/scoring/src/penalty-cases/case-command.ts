import type { DataSource, EntityManager } from 'typeorm';
import { CommandMetadata, OutboxMessage } from '@fd/platform';
import { PenaltyCase, PenaltyCaseCommand, penaltyCaseDecider, PenaltyCaseEvent, PenaltyCaseState } from '@fd/scoring-domain';
import { ScoringLog, writeToLog } from '../projection/write-to-log';
import { caseStream } from './open-penalty-case';
import { caseView, PenaltyCaseView } from './penalty-case.read-model';

/**
 * Runs one command of a person on a penalty case (an appeal, a waiver, a decision, a fine's
 * payment): decided on the case's stream in one transaction, which also updates the projection
 * and the outbox, and answered as the API shows a case. `command` is built inside the
 * transaction (it may read the policy in force there).
 */
export async function onPenaltyCase(
  ds: DataSource,
  log: ScoringLog,
  caseId: string,
  command: (m: EntityManager) => PenaltyCaseCommand | Promise<PenaltyCaseCommand>,
  meta: CommandMetadata,
  publish?: (events: PenaltyCaseEvent[], state: PenaltyCaseState) => OutboxMessage[],
): Promise<PenaltyCaseView> {
  const { state } = await ds.transaction(async (m) =>
    writeToLog(log, m, {
      streamId: caseStream(caseId),
      streamType: 'penalty-case',
      decider: penaltyCaseDecider,
      command: await command(m),
      meta,
      ...(publish ? { publish } : {}),
    }),
  );
  // the decider refuses every command on a case that does not exist (CASE_NOT_FOUND)
  if (state.status === 'none') throw new Error(`case ${caseId} has no events after a command that was not refused`);
  return caseView(state as PenaltyCase);
}
