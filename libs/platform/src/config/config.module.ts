import { DynamicModule, Global, Module } from '@nestjs/common';
import { CONFIG } from './config';
import type { PlatformConfig } from './platform.config';

/** Gives every module of a service its configuration, read once at start, as `@Inject(CONFIG)`. */
@Global()
@Module({})
export class ServiceConfigModule {
  static of(config: PlatformConfig): DynamicModule {
    return { module: ServiceConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
