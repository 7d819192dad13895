import { z } from 'zod';

/** The mall of everything recorded before a deployment held several, and of a message or token that names none. */
export const DEFAULT_MALL = 'main';

/** A mall's id: a short lower-case slug, the same in every service, event and account (docs/api.md#auth). */
export const mallIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,30}$/, 'a mall id is 2 to 31 lower-case letters, digits or dashes, starting with a letter');
