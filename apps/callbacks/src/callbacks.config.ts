import type { z } from 'zod';
import { serviceConfig, setting } from '@fd/platform';

/**
 * The callbacks service's configuration: the platform's variables and its own (docs/operations.md,
 * "Configuration (environment)"), read once at start.
 */
export const callbacksConfig = serviceConfig({
  /** The key of the keyed hash that picks the callback sample (sample-point.ts). */
  CALLBACK_SAMPLE_KEY: setting.secret(),
});
export type CallbacksConfig = z.output<typeof callbacksConfig>;
