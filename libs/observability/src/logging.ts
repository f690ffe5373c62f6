/** Structured JSON logs (pino) that carry the correlation id (and the trace id when traces are on) and never a secret. */
import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { currentCorrelationId } from './context';
import { currentTraceId } from './tracing';

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'refreshToken',
  '*.refreshToken',
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'contentBase64',
  '*.contentBase64',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'res.headers["set-cookie"]',
];

/** The platform's logger; `destination` (stdout by default) lets tests read what is written. */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const correlationId = currentCorrelationId();
      // With traces on, the trace id too, so a log line leads to its trace and back.
      const traceId = currentTraceId();
      if (traceId) return correlationId ? { correlationId, traceId } : { traceId };
      return correlationId ? { correlationId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * An error as it may be logged: its type, code and stack frames, but not its message, which for a
 * database error holds the SQL and the values (emails, names) that must not reach a log.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown };
  const frames = (e.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 12).join('\n');
  const fromDatabase = 'sql' in e || /Exception$|DatabaseError/.test(e.constructor.name);
  return {
    type: e.constructor.name,
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(fromDatabase ? {} : { message: e.message.slice(0, 300) }),
    stack: frames,
  };
}
