import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';

/** The correlation id of the request or event being handled, carried across awaits. */
export const correlation = new AsyncLocalStorage<{ correlationId: string }>();

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = order[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? 20;

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold) return;
  const line = {
    time: new Date().toISOString(),
    level,
    service: process.env.SERVICE_NAME,
    correlationId: correlation.getStore()?.correlationId,
    msg,
    ...fields,
  };
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(JSON.stringify(line) + '\n');
}

/** Structured JSON logs, one line each. */
export const log = {
  debug: (msg: string, f?: Record<string, unknown>) => write('debug', msg, f),
  info: (msg: string, f?: Record<string, unknown>) => write('info', msg, f),
  warn: (msg: string, f?: Record<string, unknown>) => write('warn', msg, f),
  error: (msg: string, f?: Record<string, unknown>) => write('error', msg, f),
};

/** Nest's own messages through the same JSON lines. */
export class JsonNestLogger implements LoggerService {
  log(message: unknown, context?: string) {
    write('info', String(message), { context });
  }
  error(message: unknown, trace?: string, context?: string) {
    write('error', String(message), { context, trace });
  }
  warn(message: unknown, context?: string) {
    write('warn', String(message), { context });
  }
  debug(message: unknown, context?: string) {
    write('debug', String(message), { context });
  }
  verbose(message: unknown, context?: string) {
    write('debug', String(message), { context });
  }
}
