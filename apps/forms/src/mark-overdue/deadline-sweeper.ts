import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { localDate } from '@fd/kernel';
import { acrossMalls, Clock, CLOCK, inMall, log, policyInForce, SERVICE_SCHEMA, StreamVersionConflict } from '@fd/platform';
import { FormStreams } from '../form/form-streams';

const BATCH = 500;

/**
 * Turns every issued form whose due date has ended in the mall's time zone into an overdue
 * (missing) form, through the form's decider. Several service instances may sweep at once:
 * the stream's expected version lets one of them append, and the other's conflict is
 * swallowed, so each form becomes overdue exactly once.
 */
@Injectable()
export class DeadlineSweeper {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: FormStreams,
  ) {}

  /** One pass; returns how many forms it turned overdue. */
  /** Marks overdue what is due in every mall, each mall by its own policy's time zone. */
  async sweepOnce(): Promise<number> {
    const malls: Array<{ mall_id: string }> = await acrossMalls(() =>
      this.ds.query(`SELECT DISTINCT mall_id FROM "${this.schema}".forms WHERE status = 'issued'`),
    );
    let turned = 0;
    for (const { mall_id } of malls) turned += await inMall(mall_id, () => this.sweepMall());
    return turned;
  }

  private async sweepMall(): Promise<number> {
    const { ds, schema, clock } = this;
    const now = await clock.now();
    const { timeZone } = await policyInForce(ds.manager, schema);
    // a due date before today in the mall has ended (hasDayEnded); the decider checks it again
    const due: Array<{ serial: string }> = await ds.query(
      `SELECT serial FROM "${schema}".forms WHERE status = 'issued' AND due_date < $1::date ORDER BY due_date, serial LIMIT $2`,
      [localDate(now, timeZone), BATCH],
    );
    const meta = { now, actor: { id: 'deadline-sweeper', role: 'system' as const }, correlationId: randomUUID(), causationId: null };
    let turned = 0;
    for (const { serial } of due) {
      try {
        const r = await this.streams.handle(ds, serial, { type: 'MarkOverdue', now, timeZone }, meta);
        turned += r.events.length;
      } catch (e) {
        if (e instanceof StreamVersionConflict) continue; // another sweeper (or a filing) got there first
        log.error('could not mark a form overdue', { serial, error: String(e) });
      }
    }
    return turned;
  }

  start(intervalMs: number): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.sweepOnce();
        } catch (e) {
          log.warn('deadline sweep failed; trying again', { error: String(e) });
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, intervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
