import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { Level, Logger } from 'pino';

/** The correlation id of the request or event being handled, carried across awaits. */
export const correlation = new AsyncLocalStorage<{ correlationId: string }>();

const LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
/** LOG_LEVEL (debug, info, warn, error); anything else is info, as it always was. */
const given = process.env.LOG_LEVEL;
const level = given && LEVELS.includes(given) ? (given as Level | 'silent') : 'info';

/**
 * The process's one pino logger: a JSON line each, with `time` (ISO), `level` as a word, the
 * `service` (SERVICE_NAME) and the `correlationId` of the request or event being handled, then
 * the line's own fields and `msg`. Warnings and errors go to stderr, the rest to stdout, both
 * written synchronously so a line logged just before `process.exit` is never lost.
 */
export const rootLogger: Logger = pino(
  {
    level,
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const correlationId = correlation.getStore()?.correlationId;
      return { service: process.env.SERVICE_NAME, ...(correlationId ? { correlationId } : {}) };
    },
  },
  pino.multistream(
    [
      { level: 'trace', stream: pino.destination({ dest: 1, sync: true }) },
      { level: 'warn', stream: pino.destination({ dest: 2, sync: true }) },
    ],
    { dedupe: true },
  ),
);

type Fields = Record<string, unknown>;

/** Our logging calls, `log.info(msg, fields)`, on the root logger: the fields beside `msg`. */
export const log = {
  debug: (msg: string, f?: Fields) => rootLogger.debug(f ?? {}, msg),
  info: (msg: string, f?: Fields) => rootLogger.info(f ?? {}, msg),
  warn: (msg: string, f?: Fields) => rootLogger.warn(f ?? {}, msg),
  error: (msg: string, f?: Fields) => rootLogger.error(f ?? {}, msg),
};
