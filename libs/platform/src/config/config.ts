import { z } from 'zod';

/**
 * A service's configuration: its environment read once at start through a zod schema of every
 * variable it uses (docs/architecture.md, "Configuration"). The keys are the variables' names, the
 * values parsed (numbers, lists, defaults filled in). Injected as `@Inject(CONFIG)`; also
 * `runtime.config`.
 */
export const CONFIG = Symbol('fd:config');

/** What a process is given: `process.env`, or an object of the same shape in a test. */
export type Environment = Record<string, string | undefined>;

/**
 * Bad configuration, every variable at fault at once: the process stops before it opens
 * anything, and the operator fixes everything in one go instead of one variable per start.
 */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is not valid; nothing was started:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses the environment with a schema of its variables; throws one ConfigurationError naming each wrong one. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Environment = process.env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigurationError(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')} ${i.message}` : i.message)));
}

/** The values a group of variables takes when none is set (for a part used outside a service, e.g. in a tool). */
export function defaultsOf<T extends z.ZodRawShape>(shape: T): z.output<z.ZodObject<T>> {
  return loadConfig(z.object(shape), {});
}

/** Values once written in this repository as development defaults: public, so never a key. */
const PUBLISHED_SECRETS = new Set([
  'feedback-desk-development-secret',
  'feedback-desk-development-form-code-key',
  'feedback-desk-development-sample-key',
]);

export const MIN_SECRET_BYTES = 32;

const unset = (raw: string | undefined): raw is undefined => raw === undefined || raw.trim() === '';
const raw = () => z.string().optional();

/**
 * The kinds of variable. An empty variable counts as unset, everywhere. A message names what is
 * wrong after the variable's name, which `loadConfig` puts in front.
 */
export const setting = {
  /**
   * A number, or `dflt` when unset. Not a number (or not an integer where one is needed), or below
   * `min`, is refused: a typo must not quietly become the default.
   */
  number(dflt: number, { min = 0, integer = false } = {}) {
    return raw().transform((v, ctx): number => {
      if (unset(v)) return dflt;
      const n = Number(v);
      if (Number.isFinite(n) && n >= min && (!integer || Number.isInteger(n))) return n;
      ctx.addIssue({
        code: 'custom',
        message: `must be ${integer ? 'an integer' : 'a number'} of at least ${min} (is ${JSON.stringify(v)})`,
      });
      return z.NEVER;
    });
  },

  /** A number with no default: undefined when unset (the code that reads it decides). */
  optionalNumber({ min = 0, integer = false } = {}) {
    const checked = setting.number(0, { min, integer });
    return raw().transform((v, ctx): number | undefined => {
      if (unset(v)) return undefined;
      const r = checked.safeParse(v);
      if (r.success) return r.data;
      for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    });
  },

  /** A TCP port (0: any free one); undefined when unset. */
  port() {
    return setting.optionalNumber({ integer: true }).refine((p) => p === undefined || p <= 65535, 'must be a port, 0 to 65535');
  },

  /**
   * A key (an HMAC key, the token secret). No default, in any mode: unset, shorter than 32 bytes,
   * or a value once published in this repository is refused. `npm start` and the tests make their
   * own at random.
   */
  secret() {
    return raw().transform((v, ctx): string => {
      const problem = !v
        ? `must be set: a random value of at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`
        : Buffer.byteLength(v, 'utf8') < MIN_SECRET_BYTES
          ? `is too short: it must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`
          : PUBLISHED_SECRETS.has(v)
            ? 'is a value published in the repository; choose a random one'
            : null;
      if (!problem) return v!;
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    });
  },

  /** Text, or `dflt` when unset. */
  text(dflt: string) {
    return raw().transform((v) => (unset(v) ? dflt : v));
  },

  /** Text with no default: undefined when unset. */
  optionalText() {
    return raw().transform((v) => (unset(v) ? undefined : v));
  },

  /** A comma-separated list (blanks around items dropped), or `dflt` when unset. */
  list(dflt: string) {
    return raw().transform((v) =>
      (unset(v) ? dflt : v)
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );
  },

  /** One of `values` (in any case with `anyCase`), or `dflt` when unset. */
  oneOf<const T extends readonly [string, ...string[]]>(values: T, dflt?: T[number], { anyCase = false } = {}) {
    return raw().transform((v, ctx): T[number] | undefined => {
      if (unset(v)) return dflt;
      const given = anyCase ? v.trim().toLowerCase() : v.trim();
      const found = values.find((x) => x === given);
      if (found) return found;
      ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')} (is ${JSON.stringify(v)})` });
      return z.NEVER;
    });
  },

  /** On with `1`; off when unset or `0`. Anything else is refused rather than guessed. */
  flag() {
    return raw().transform((v, ctx): boolean => {
      if (unset(v) || v.trim() === '0') return false;
      if (v.trim() === '1') return true;
      ctx.addIssue({ code: 'custom', message: `must be 1 (on), or 0 or unset (off) (is ${JSON.stringify(v)})` });
      return z.NEVER;
    });
  },

  /** An instant (ISO 8601); undefined when unset. */
  optionalInstant() {
    return raw().transform((v, ctx): Date | undefined => {
      if (unset(v)) return undefined;
      const at = new Date(v);
      if (Number.isFinite(at.getTime())) return at;
      ctx.addIssue({ code: 'custom', message: `must be a date and time such as 2026-10-01T09:00:00+08:00 (is ${JSON.stringify(v)})` });
      return z.NEVER;
    });
  },
};
