/** What a request handler's failure becomes on the wire, and the validation every handler gets. */
import { ArgumentsHost, Catch, Controller, Logger, UseFilters, UsePipes, ValidationPipe, applyDecorators } from '@nestjs/common';
import type { ArgumentMetadata } from '@nestjs/common';
import type { RpcExceptionFilter } from '@nestjs/common';
import { validate } from 'class-validator';
import type { ValidationError } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { DomainError, ErrorCode, LONE_SURROGATE, nullOptionalField } from '@weop/contracts';
import type { FieldProblem, WireError } from '@weop/contracts';
import { safeError } from '@weop/observability';

export const fieldProblems = (errors: ValidationError[], prefix = ''): FieldProblem[] =>
  errors.flatMap((e) => {
    const field = `${prefix}${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({
      field,
      // class-validator starts messages with the property name; the field says it already.
      problem: problem.startsWith(`${e.property} `) ? problem.slice(e.property.length + 1) : problem,
    }));
    return [...own, ...fieldProblems(e.children ?? [], `${field}.`)];
  });

export const validationError = (errors: ValidationError[]): DomainError =>
  new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', fieldProblems(errors));

/**
 * The first string in a value holding a control character PostgreSQL cannot store or a person cannot
 * see, or half of a surrogate pair (not a character; jsonb refuses it).
 */
export function controlCharacterField(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value) || LONE_SURROGATE.test(value) ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = controlCharacterField(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const found = controlCharacterField(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id the platform is given in its one written form, lower case, as it gives them out and as
 * PostgreSQL compares them: code comparing ids (herself against the member she names) then sees an
 * upper-case copy of her own id as her own.
 */
export function canonicalIds(value: unknown): unknown {
  if (typeof value === 'string') return UUID_TEXT.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(canonicalIds);
  const proto: unknown = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && (proto === Object.prototype || proto === null)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, canonicalIds(item)]));
  }
  return value;
}

/**
 * The platform's validation, at every edge (HTTP bodies, query and path, NATS payloads): unknown
 * fields refused, one problem per field, no control characters in text (a NUL would otherwise
 * reach PostgreSQL and fail there; tabs and line breaks are text, and allowed), and ids in lower case.
 */
export class PlatformValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: true, exceptionFactory: validationError });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Values built by the platform's own decorators (the caller, the call's origin) are not input.
    if (metadata.type === 'custom') return value;
    const field = controlCharacterField(value);
    if (field) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field, problem: 'must not contain control characters' }]);
    const result: unknown = await super.transform(canonicalIds(value), metadata);
    // An HTTP body (RPC payloads have a numeric type): an optional field sent as null is refused (libs/contracts null-fields.ts).
    if (metadata.type === 'body') refuseNullOptional(result);
    return result;
  }
}

function refuseNullOptional(value: unknown): void {
  const field = nullOptionalField(value);
  if (field) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field, problem: 'must not be null; leave the field out instead' }]);
}

/**
 * The same checks for input that arrives inside another payload (a type-specific `changes` object,
 * multipart form fields): returns the validated instance or throws VALIDATION_FAILED.
 */
export async function validateInput<T extends object>(cls: new () => T, value: unknown): Promise<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: 'body', problem: 'must be an object' }]);
  }
  const field = controlCharacterField(value);
  if (field) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field, problem: 'must not contain control characters' }]);
  const instance = plainToInstance(cls, canonicalIds(value) as object);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length > 0) throw validationError(errors);
  refuseNullOptional(instance);
  return instance;
}

/** Validation for NATS payloads: same rules as HTTP bodies. */
export const rpcValidationPipe = (): ValidationPipe => new PlatformValidationPipe();

/** A DomainError crosses unchanged; anything else is logged here and answered as INTERNAL without detail. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('rpc');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    let wire: WireError;
    if (exception instanceof DomainError) {
      wire = exception.toWire();
    } else {
      this.logger.error({ error: safeError(exception) }, 'request handler failed');
      wire = { code: ErrorCode.INTERNAL, message: 'Something went wrong on our side. Please try again.', details: [] };
    }
    return throwError(() => wire);
  }
}

/** A class of NATS request handlers: payloads validated, failures answered as domain errors. */
export const RpcController = (): ClassDecorator =>
  applyDecorators(Controller(), UsePipes(rpcValidationPipe()), UseFilters(RpcErrorFilter));
