import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { CorrectiveActionView, listActionsQuery } from '@fd/api';
import { notFound } from '@fd/kernel';
import { Clock, CLOCK, EventStore, merchantFilter, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { currentPolicy } from '../policy/current-policy';
import { actionView, findAction, listActions, todayIn } from './corrective-action.read-model';

/** The actions as read: the administration's list, the manager's queue (escalated=true), a merchant's own. */
@Injectable()
export class CorrectiveActions {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async today(): Promise<string> {
    const { timeZone } = await currentPolicy(this.store, this.ds.manager);
    return todayIn(await this.clock.now(), timeZone);
  }

  async list(q: z.infer<typeof listActionsQuery>, viewer: Principal): Promise<{ items: CorrectiveActionView[] }> {
    const today = await this.today();
    const rows = await listActions(this.ds.manager, this.schema, {
      merchantId: merchantFilter(viewer, q.merchantId),
      status: q.status,
      sourceRef: q.sourceRef,
      ...(q.escalated === 'true' ? { escalatedOn: today } : q.escalated === 'false' ? { notEscalatedOn: today } : {}),
    });
    return { items: rows.map((a) => actionView(a, today)) };
  }

  /** A merchant is told an action not addressed to it does not exist. */
  async one(actionId: string, viewer: Principal): Promise<CorrectiveActionView> {
    const a = await findAction(this.ds.manager, this.schema, actionId);
    if (!a || (viewer.role === 'merchant' && a.owner.merchantId !== viewer.merchantId))
      throw notFound('ACTION_NOT_FOUND', `There is no corrective action ${actionId}.`);
    return actionView(a, await this.today());
  }
}
