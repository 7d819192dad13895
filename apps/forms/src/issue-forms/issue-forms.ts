import { Injectable, Inject } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { localDate } from '@fd/kernel';
import { CommandMetadata, EventStore, handleCommand, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { CardServices, IssuanceSource, issuanceDecider, issuanceStreamId, IssuedForm, planForms } from '@fd/forms-domain';
import { FormStreams } from '../form/form-streams';
import { announceFormsIssued } from '../read-forms/forms-arrival';

/** Serials are `FD` + 8 digits of a PostgreSQL sequence: short enough to type, unique in the service. */
async function nextSerials(m: EntityManager, schema: string, count: number): Promise<string[]> {
  if (count === 0) return [];
  const rows: Array<{ n: string }> = await m.query(`SELECT nextval('"${schema}".form_serial_seq') AS n FROM generate_series(1, $1)`, [
    count,
  ]);
  return rows.map((r) => `FD${r.n.padStart(8, '0')}`);
}

/**
 * Issues the forms of one purchase or after-sales request, once: the issuance stream of the
 * source refuses a second issuance (the same event redelivered or re-published), and only a
 * first issuance starts the form streams. Runs in the transaction of the consumed message.
 */
@Injectable()
export class IssueForms {
  constructor(
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly streams: FormStreams,
  ) {}

  /** `registeredAt`: when the purchase or request was registered (its deadline never runs before that day). */
  async issue(m: EntityManager, source: IssuanceSource, cards: CardServices[], registeredAt: string, meta: CommandMetadata): Promise<void> {
    const { store, schema } = this;
    const { returnDays, timeZone } = await policyInForce(m, schema);
    const planned = planForms(source, cards, returnDays, localDate(new Date(registeredAt), timeZone));
    // a repeat burns these serials unused; a gap in the serials is harmless
    const serials = await nextSerials(m, schema, planned.length);
    const issuedAt = meta.now.toISOString();
    const forms: IssuedForm[] = planned.map((f, i) => ({ ...f, serial: serials[i], issuedAt }));
    const issuance = await handleCommand(store, schema, m, {
      streamId: issuanceStreamId(source),
      streamType: 'issuance',
      decider: issuanceDecider,
      command: { type: 'IssueForms', source, forms },
      meta,
    });
    if (issuance.events.length === 0) return;
    for (const form of forms) await this.streams.handle(m, form.serial, { type: 'IssueForm', form }, meta);
    await announceFormsIssued(m, schema, { purchaseId: source.purchaseId, cardNos: [...new Set(forms.map((f) => f.cardNo))] });
  }
}
