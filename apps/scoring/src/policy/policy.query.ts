import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@fd/platform';
import { Policy } from '@fd/scoring-domain';
import { currentPolicy } from './current-policy';

/** The policy in force: its newest version, or the rule book's defaults before any. */
@Injectable()
export class PolicyInForce {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
  ) {}

  now(): Promise<Policy> {
    return currentPolicy(this.store, this.ds.manager);
  }
}
