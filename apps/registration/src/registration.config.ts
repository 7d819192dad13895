import type { z } from 'zod';
import { serviceConfig, setting } from '@fd/platform';

/**
 * The registration service's configuration: the platform's variables and its own (docs/operations.md,
 * "Configuration (environment)"), read once at start.
 */
export const registrationConfig = serviceConfig({
  /** The font of the printed cards (card.pdf.ts). */
  CJK_FONT: setting.optionalText(),
  CJK_FONT_FAMILY: setting.optionalText(),
  /** The service desk's telephone, printed on the card when set. */
  SERVICE_DESK_PHONE: setting.optionalText(),
});
export type RegistrationConfig = z.output<typeof registrationConfig>;
