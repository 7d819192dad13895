import type { EntityManager } from 'typeorm';
import { CommandMetadata } from '@fd/platform';
import { findingViolationId, forgedViolationId, missingViolationId, penaltyCaseDecider, UpstreamFact } from '@fd/scoring-domain';
import { ScoringLogAccess, writeToLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { caseIdFor, caseStream } from './open-penalty-case';

/** The violations a correction fact may have corrected, and why (the administrator's reason). */
function correctedBy(fact: UpstreamFact): { violationIds: string[]; reason: string } | null {
  switch (fact.type) {
    case 'FormCallbackCorrected':
      return { violationIds: [forgedViolationId(fact.data.serial), missingViolationId(fact.data.serial)], reason: fact.data.reason };
    case 'FindingWithdrawn':
      return { violationIds: [findingViolationId(fact.data.findingId)], reason: fact.data.reason };
    default:
      return null;
  }
}

/**
 * Closes as corrected the case of each violation a correction fact corrected (docs/rules.md#7-violations-and-penalty-cases),
 * at the time the correction was announced, so a replay or a late consumer gives the same date. The fold has
 * already corrected the violation (its status says so); a decided case is left as it is, and a case corrected
 * already takes nothing new, so a correction delivered twice closes nothing twice.
 */
export async function correctPenaltyCases(
  rt: ScoringLogAccess,
  m: EntityManager,
  fact: UpstreamFact,
  correctedAt: string,
  meta: CommandMetadata,
): Promise<void> {
  const corrected = correctedBy(fact);
  if (!corrected) return;
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM "${rt.schema}".violations WHERE id = ANY($1) AND status = 'corrected' AND case_id IS NOT NULL`,
    [corrected.violationIds],
  );
  if (rows.length === 0) return;
  const { timeZone } = await currentPolicy(rt.store, m);
  for (const { id } of rows) {
    const caseId = caseIdFor(id);
    await writeToLog(rt, m, {
      streamId: caseStream(caseId),
      streamType: 'penalty-case',
      decider: penaltyCaseDecider,
      command: { type: 'CorrectCase', caseId, reason: corrected.reason, correctedAt, timeZone },
      meta,
    });
  }
}
