import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { addOpinionCategoryRequest, OpinionCategory } from '@fd/api';
import { OpinionCategoryAdded, OpinionCategoryRetired } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, SERVICE_SCHEMA } from '@fd/platform';
import { OpinionCategoryCommand, opinionCategoryDecider, OpinionCategoryEvent, opinionCategoryStreamId } from '@fd/callbacks-domain';
import { OpinionCategories } from './opinion-categories.query';

/** The administration adds and retires opinion categories; each change is an event of the category's stream. */
@Injectable()
export class ManageOpinionCategories {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly categories: OpinionCategories,
  ) {}

  add(input: z.infer<typeof addOpinionCategoryRequest>, meta: CommandMetadata): Promise<OpinionCategory> {
    return this.run({ type: 'AddOpinionCategory', ...input, builtIn: false, now: meta.now }, meta);
  }

  retire(code: string, meta: CommandMetadata): Promise<OpinionCategory> {
    return this.run({ type: 'RetireOpinionCategory', code, builtIn: false, now: meta.now }, meta);
  }

  private async run(command: OpinionCategoryCommand, meta: CommandMetadata): Promise<OpinionCategory> {
    const { schema } = this;
    return this.ds.transaction(async (m) => {
      const known = await this.categories.find(command.code, m);
      await handleCommand(this.store, schema, m, {
        streamId: opinionCategoryStreamId(command.code),
        streamType: 'opinion-category',
        decider: opinionCategoryDecider,
        command: { ...command, builtIn: known?.builtIn ?? false },
        meta,
        publish: (events: OpinionCategoryEvent[]) =>
          events.map((e) =>
            e.type === 'OpinionCategoryAdded'
              ? integrationEvent(OpinionCategoryAdded, { code: e.data.code, labels: e.data.labels }, meta)
              : integrationEvent(OpinionCategoryRetired, { code: e.data.code }, meta),
          ),
        project: async (tx, stored) => {
          for (const e of stored as Array<{ type: string; data: OpinionCategoryEvent['data'] }>) {
            if (e.type === 'OpinionCategoryAdded') {
              const d = e.data as Extract<OpinionCategoryEvent, { type: 'OpinionCategoryAdded' }>['data'];
              await tx.query(
                `INSERT INTO "${schema}".opinion_categories (code, label_zh_hant, label_zh_hans, label_en, status, built_in, added_at)
                 VALUES ($1, $2, $3, $4, 'active', false, $5)`,
                [d.code, d.labels['zh-Hant'], d.labels['zh-Hans'], d.labels.en, d.addedAt],
              );
            } else {
              const d = e.data as Extract<OpinionCategoryEvent, { type: 'OpinionCategoryRetired' }>['data'];
              await tx.query(`UPDATE "${schema}".opinion_categories SET status = 'retired', retired_at = $2 WHERE code = $1`, [
                d.code,
                d.retiredAt,
              ]);
            }
          }
        },
      });
      return (await this.categories.find(command.code, m))!;
    });
  }
}
