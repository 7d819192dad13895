import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  FindingRecorded,
  FindingWithdrawn,
  FormCallbackCorrected,
  FormCertificationReassessed,
  FormFiled,
  FormForged,
  FormIssued,
  FormOverdue,
  FormRatingReplaced,
  FormReportedMissing,
  FormRescheduled,
  FormSelfConfirmed,
  FormVerified,
  FormVoided,
  MerchantRegistered,
  PayloadOf,
} from '@fd/contracts';
import { EventContext } from '@fd/platform';
import { factLedger, factStream, UpstreamFact } from '@fd/scoring-domain';
import { ScoringLog, writeToLog } from '../projection/write-to-log';
import { openPenaltyCase } from '../penalty-cases/open-penalty-case';
import { correctPenaltyCases } from '../penalty-cases/correct-penalty-case';

/**
 * Records what the forms, callbacks and registration services announce in this service's
 * own log (so the evaluation is a fold over a log we keep), updates the projection in the
 * same transaction, and opens a penalty case for each violation that comes to light.
 */
@Controller()
export class RecordUpstreamFactsHandler {
  constructor(private readonly log: ScoringLog) {}

  @EventPattern(FormIssued.type)
  formIssued(@Payload() data: PayloadOf<typeof FormIssued>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormIssued', data }, ctx);
  }

  @EventPattern(FormFiled.type)
  formFiled(@Payload() data: PayloadOf<typeof FormFiled>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormFiled', data }, ctx);
  }

  @EventPattern(FormCertificationReassessed.type)
  formCertificationReassessed(@Payload() data: PayloadOf<typeof FormCertificationReassessed>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormCertificationReassessed', data }, ctx);
  }

  @EventPattern(FormVoided.type)
  formVoided(@Payload() data: PayloadOf<typeof FormVoided>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormVoided', data }, ctx);
  }

  @EventPattern(FormOverdue.type)
  formOverdue(@Payload() data: PayloadOf<typeof FormOverdue>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormOverdue', data }, ctx);
  }

  @EventPattern(FormRescheduled.type)
  formRescheduled(@Payload() data: PayloadOf<typeof FormRescheduled>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormRescheduled', data }, ctx);
  }

  @EventPattern(FormRatingReplaced.type)
  formRatingReplaced(@Payload() data: PayloadOf<typeof FormRatingReplaced>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormRatingReplaced', data }, ctx);
  }

  @EventPattern(FormVerified.type)
  formVerified(@Payload() data: PayloadOf<typeof FormVerified>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormVerified', data }, ctx);
  }

  /** The customer's own confirmation, kept in the form's evidence (a case's timeline shows it). */
  @EventPattern(FormSelfConfirmed.type)
  formSelfConfirmed(@Payload() data: PayloadOf<typeof FormSelfConfirmed>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormSelfConfirmed', data }, ctx);
  }

  @EventPattern(FormForged.type)
  formForged(@Payload() data: PayloadOf<typeof FormForged>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormForged', data }, ctx);
  }

  @EventPattern(FormReportedMissing.type)
  formReportedMissing(@Payload() data: PayloadOf<typeof FormReportedMissing>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormReportedMissing', data }, ctx);
  }

  @EventPattern(FormCallbackCorrected.type)
  formCallbackCorrected(@Payload() data: PayloadOf<typeof FormCallbackCorrected>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FormCallbackCorrected', data }, ctx);
  }

  @EventPattern(FindingWithdrawn.type)
  findingWithdrawn(@Payload() data: PayloadOf<typeof FindingWithdrawn>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FindingWithdrawn', data }, ctx);
  }

  @EventPattern(FindingRecorded.type)
  findingRecorded(@Payload() data: PayloadOf<typeof FindingRecorded>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'FindingRecorded', data }, ctx);
  }

  @EventPattern(MerchantRegistered.type)
  merchantRegistered(@Payload() data: PayloadOf<typeof MerchantRegistered>, @Ctx() ctx: EventContext) {
    return this.record({ type: 'MerchantRegistered', data }, ctx);
  }

  private async record(fact: UpstreamFact, ctx: EventContext): Promise<void> {
    const env = ctx.envelope;
    // When the upstream service says it happened: the time a violation came to light, and
    // so the day its case opens (a replay or a late consumer gives the same appeal deadline).
    const happenedAt = new Date(env.occurredAt);
    const { newViolations } = await writeToLog(this.log, ctx.tx, {
      ...factStream(fact),
      decider: factLedger,
      command: { type: 'RecordFact', fact },
      // the envelope's time and actor stay with the fact; its message id is the cause
      meta: { now: happenedAt, actor: env.actor, correlationId: env.correlationId, causationId: env.id },
    });
    for (const violation of newViolations) await openPenaltyCase(this.log, ctx.tx, violation, happenedAt.toISOString(), ctx.meta());
    // a corrected record: the case of the violation it made closes as corrected
    await correctPenaltyCases(this.log, ctx.tx, fact, happenedAt.toISOString(), ctx.meta());
  }
}
