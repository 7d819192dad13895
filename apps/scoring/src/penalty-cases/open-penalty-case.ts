import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PenaltyCaseOpened } from '@fd/contracts';
import { CommandMetadata, integrationEvent } from '@fd/platform';
import { penaltyCaseDecider, Violation } from '@fd/scoring-domain';
import { ScoringLogAccess, writeToLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';

export const caseStream = (caseId: string) => `penalty-case-${caseId}`;

/** One case per violation: the case id is derived from the violation's, so a violation noticed again finds its case. */
export function caseIdFor(violationId: string): string {
  return `PC-${createHash('sha256').update(violationId).digest('hex').slice(0, 12).toUpperCase()}`;
}

/**
 * Opens the one penalty case of a violation (docs/rules.md#7-violations-and-penalty-cases) and announces it. The case id
 * comes from the violation's, so a violation noticed again opens nothing new.
 */
export async function openPenaltyCase(
  rt: ScoringLogAccess,
  m: EntityManager,
  violation: Violation,
  openedAt: string,
  meta: CommandMetadata,
): Promise<void> {
  const caseId = caseIdFor(violation.id);
  const policy = await currentPolicy(rt.store, m);
  await writeToLog(rt, m, {
    streamId: caseStream(caseId),
    streamType: 'penalty-case',
    decider: penaltyCaseDecider,
    command: {
      type: 'OpenCase',
      caseId,
      violation: {
        id: violation.id,
        merchantId: violation.merchantId,
        kind: violation.kind,
        period: violation.period,
        ...(violation.serial ? { serial: violation.serial } : {}),
        ...(violation.findingId ? { findingId: violation.findingId } : {}),
      },
      openedAt,
      visibleAt: meta.now.toISOString(),
      policy,
    },
    meta,
    publish: (events) =>
      events.flatMap((e) =>
        e.type === 'CaseOpened'
          ? [
              integrationEvent(
                PenaltyCaseOpened,
                {
                  caseId: e.data.caseId,
                  merchantId: e.data.merchantId,
                  kind: e.data.kind,
                  ...(e.data.serial ? { serial: e.data.serial } : {}),
                  ...(e.data.findingId ? { findingId: e.data.findingId } : {}),
                  period: e.data.period,
                  appealDeadline: e.data.appealDeadline,
                },
                meta,
              ),
            ]
          : [],
      ),
  });
}
