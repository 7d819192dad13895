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
  /** Days after a form's due date that its self-confirmation link still works (docs/rules.md, "The customer's own confirmation"). */
  SELF_CONFIRMATION_DAYS: setting.number(14, { min: 0, integer: true }),
  /** Where the web UI is reached from a customer's phone: the printed self-confirmation link is this + /c/<token>. */
  SELF_CONFIRMATION_BASE_URL: setting.text('http://localhost:8080'),
  /** Tries (asking for a code, confirming) one form's link takes at once, and the seconds after which one more is allowed. */
  SELF_CONFIRMATION_FORM_BURST: setting.number(5, { min: 1, integer: true }),
  SELF_CONFIRMATION_FORM_LEAK_SECONDS: setting.number(60, { min: 1 }),
  /** The same for all the links tried from one client address. */
  SELF_CONFIRMATION_ADDRESS_BURST: setting.number(20, { min: 1, integer: true }),
  SELF_CONFIRMATION_ADDRESS_LEAK_SECONDS: setting.number(30, { min: 1 }),
  /** Where the SMS adapter without a provider writes the messages it sends (one JSON line each); unset, feedback-desk-sms.log in the temporary directory. */
  SMS_LOG_FILE: setting.optionalText(),
  /** The largest scan or photo of a signed form that is kept, in bytes (docs/rules.md, "The signed original"); the entry point takes at most 25 MB. */
  ORIGINAL_MAX_BYTES: setting.number(5 * 1024 * 1024, { min: 1024, integer: true }),
  /** Years a signed original is kept after it was attached (its keep-until date is set then); a void never deletes one. */
  ORIGINALS_KEEP_YEARS: setting.number(5, { min: 1, integer: true }),
  /** The font of the printed forms (cjk-font.ts). */
  CJK_FONT: setting.optionalText(),
  CJK_FONT_FAMILY: setting.optionalText(),
});
export type FormsConfig = z.output<typeof formsConfig>;
