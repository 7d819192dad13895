import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '../event-store/event-store';
import type { ServiceRuntime } from './runtime';

/**
 * What a use case's handler, a read model or an event handler may ask for by itself, instead of
 * the whole runtime: the service's `DataSource` and `EventStore` by their classes, the clock
 * (`CLOCK`, the one "now") and the service's schema name (`SERVICE_SCHEMA`) by token. PlatformModule provides them from
 * the runtime, to every module of the service; `RUNTIME` stays for what needs the whole process
 * (boot, health and metrics, the test clock).
 */
export const CLOCK = Symbol('Clock');
export const SERVICE_SCHEMA = Symbol('ServiceSchema');

export function runtimeProviders(rt: ServiceRuntime): Provider[] {
  return [
    { provide: DataSource, useValue: rt.ds },
    { provide: EventStore, useValue: rt.store },
    { provide: CLOCK, useValue: rt.clock },
    { provide: SERVICE_SCHEMA, useValue: rt.schema },
  ];
}

export const RUNTIME_PROVIDED = [DataSource, EventStore, CLOCK, SERVICE_SCHEMA];
