import { createHash } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import type { PenaltyKind } from '@fd/contracts';
import { PayloadOf, PenaltyCaseDecided } from '@fd/contracts';
import { ruleRefuses } from '@fd/kernel';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';

/** The scoring service's case id of a violation (docs/scoring.md): `PC-` and 12 hex digits of SHA-256 of the violation id. */
export const caseIdOf = (violationId: string) => `PC-${createHash('sha256').update(violationId).digest('hex').slice(0, 12).toUpperCase()}`;

/** A decision is final (docs/rules.md#7-violations-and-penalty-cases): the cases decided, so a correction after one is refused. */
@Controller()
export class RememberDecidedCaseWhenPenaltyCaseDecided {
  constructor(@Inject(SERVICE_SCHEMA) private readonly schema: string) {}

  @EventPattern(PenaltyCaseDecided.type)
  async onPenaltyCaseDecided(@Payload() p: PayloadOf<typeof PenaltyCaseDecided>, @Ctx() ctx: EventContext) {
    await ctx.tx.query(`INSERT INTO "${this.schema}".decided_cases (case_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      p.caseId,
      p.kind,
    ]);
  }
}

/** Refuses a correction whose violation's case (of that kind) was decided. */
export async function assertCaseNotDecided(m: EntityManager, schema: string, violationId: string, kind: PenaltyKind): Promise<void> {
  const caseId = caseIdOf(violationId);
  const rows: unknown[] = await m.query(`SELECT 1 FROM "${schema}".decided_cases WHERE case_id = $1 AND kind = $2`, [caseId, kind]);
  if (rows.length)
    throw ruleRefuses('CASE_ALREADY_DECIDED', `Penalty case ${caseId} of this record was already decided; a decision is final.`);
}
