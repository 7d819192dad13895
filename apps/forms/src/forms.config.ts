import type { z } from 'zod';
import { serviceConfig, setting } from '@fd/platform';

/**
 * The forms service's configuration: the platform's variables and these (docs/operations.md,
 * "Configuration (environment)"), read once at start.
 */
export const formsConfig = serviceConfig({
  /** The key of the verification codes' MACs (verification-code.ts); changing it invalidates the codes printed on forms already issued. */
  FORM_CODE_KEY: setting.secret(),
  /** Wrong verification codes after which a form's filing is locked for all but an administrator. */
  FILING_MAX_WRONG_CODES: setting.number(5, { min: 1, integer: true }),
  /** The deadline sweeper's period; unset, a minute (a second in test mode, where time jumps by days). */
  SWEEP_INTERVAL_MS: setting.optionalNumber({ min: 1, integer: true }),
  /** The font of the printed forms (cjk-font.ts). */
  CJK_FONT: setting.optionalText(),
  CJK_FONT_FAMILY: setting.optionalText(),
});
export type FormsConfig = z.output<typeof formsConfig>;
