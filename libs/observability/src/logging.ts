/** Structured JSON logs (pino) that carry the correlation id and never a secret. */
import pino from 'pino';
import type { Logger, LoggerOptions } from 'pino';
import { currentCorrelationId } from './context';

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

export function createLogger(service: string, level = 'info', extra: LoggerOptions = {}): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    ...extra,
  });
}
