import { ErrorCode } from './error-codes';

/**
 * The one error channel of the platform. A service throws a DomainError; the messaging layer carries
 * `{code, message, details}` back over NATS unchanged, and the gateway maps the code to HTTP.
 * Codes are strings so that a service can add its own (`MODERATION.APPEAL_WINDOW_CLOSED`) without
 * touching this lib; the gateway's table gives unknown codes 422.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly unknown[] = [],
    /** Seconds the caller should wait (RATE_LIMITED). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      details: [...this.details],
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }

  static fromWire(wire: WireError): DomainError {
    return new DomainError(wire.code, wire.message, wire.details ?? [], wire.retryAfterSeconds);
  }

  static isWire(value: unknown): value is WireError {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as WireError).code === 'string' &&
      typeof (value as WireError).message === 'string'
    );
  }
}

/** A domain error as it travels in a NATS reply. */
export interface WireError {
  code: string;
  message: string;
  details?: unknown[];
  retryAfterSeconds?: number;
}

export const notFound = (what = 'The resource'): DomainError =>
  new DomainError(ErrorCode.NOT_FOUND, `${what} was not found.`);

export const forbidden = (message = 'You are not allowed to do this.'): DomainError =>
  new DomainError(ErrorCode.FORBIDDEN, message);

export const conflict = (message: string): DomainError => new DomainError(ErrorCode.CONFLICT, message);

export const validationFailed = (field: string, problem: string): DomainError =>
  new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field, problem }]);
