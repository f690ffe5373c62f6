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

/**
 * class-validator's constraints that say what kind of value a field takes. When one of them failed,
 * it is the problem to name: "must be a string" for an array, not a length the array cannot have.
 */
const TYPE_CONSTRAINTS = [
  'isString', 'isInt', 'isNumber', 'isNumberString', 'isBoolean', 'isArray', 'isObject', 'isUUID', 'isEnum', 'isIn',
  'isDate', 'isDateString', 'isISO8601', 'isEmail', 'isUrl', 'isLocale', 'isLatLong', 'nestedValidation',
];
/** Constraints on a size or a range: named only when nothing more basic is wrong. */
const SIZE_CONSTRAINTS = new Set(['minLength', 'maxLength', 'length', 'min', 'max', 'arrayMinSize', 'arrayMaxSize', 'minDate', 'maxDate', 'isPositive', 'isNegative']);

/** The one problem to tell a person about a field, of all the constraints it failed. */
function mainProblem(e: ValidationError): string | undefined {
  const constraints = e.constraints ?? {};
  const names = Object.keys(constraints);
  if (names.length === 0) return undefined;
  if (constraints.whitelistValidation !== undefined) return constraints.whitelistValidation;
  // A field left out fails every rule it has; what is wrong is that it is missing.
  if (e.value === undefined) return constraints.isDefined ?? 'is required';
  const type = TYPE_CONSTRAINTS.find((name) => constraints[name] !== undefined);
  const chosen = type ?? names.find((name) => !SIZE_CONSTRAINTS.has(name)) ?? names[0];
  return constraints[chosen];
}

/**
 * One problem per field (see mainProblem), worded without the field's name (the field says it).
 * A field whose own rules failed is not searched further; its parts are, otherwise.
 */
export const fieldProblems = (errors: ValidationError[], prefix = ''): FieldProblem[] =>
  errors.flatMap((e) => {
    const field = `${prefix}${e.property}`;
    const problem = mainProblem(e);
    if (problem !== undefined) {
      // class-validator starts messages with the property name; the field says it already.
      return [{ field, problem: problem.startsWith(`${e.property} `) ? problem.slice(e.property.length + 1) : problem }];
    }
    return fieldProblems(e.children ?? [], `${field}.`);
  });

export const validationError = (errors: ValidationError[]): DomainError =>
  new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', fieldProblems(errors));

/**
 * How deeply input may nest (objects and arrays within one another). No request of the API comes
 * near it; a body of `[[[[…]]]]` would otherwise exhaust the stack of every walk over it (these,
 * class-transformer's, JSON.stringify's) and fail as a 500.
 */
export const MAX_INPUT_DEPTH = 32;

const tooDeep = (path: string): DomainError =>
  new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: path || 'body', problem: `is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)` }]);

/**
 * The first string in a value holding a control character PostgreSQL cannot store or a person cannot
 * see, or half of a surrogate pair (not a character; jsonb refuses it). Throws VALIDATION_FAILED for
 * a value nested deeper than MAX_INPUT_DEPTH.
 */
export function controlCharacterField(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value) || LONE_SURROGATE.test(value) ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    if (depth >= MAX_INPUT_DEPTH) throw tooDeep(path);
    for (let i = 0; i < value.length; i++) {
      const found = controlCharacterField(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    if (depth >= MAX_INPUT_DEPTH) throw tooDeep(path);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const found = controlCharacterField(item, path ? `${path}.${key}` : key, depth + 1);
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
export function canonicalIds(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return UUID_TEXT.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) {
    if (depth >= MAX_INPUT_DEPTH) throw tooDeep('');
    return value.map((item) => canonicalIds(item, depth + 1));
  }
  const proto: unknown = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && (proto === Object.prototype || proto === null)) {
    if (depth >= MAX_INPUT_DEPTH) throw tooDeep('');
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, canonicalIds(item, depth + 1)]));
  }
  return value;
}

/**
 * The platform's validation, at every edge (HTTP bodies, query and path, NATS payloads): unknown
 * fields refused, one problem per field (the most basic one: missing, then the wrong type, then the
 * rest), no control characters in text (a NUL would otherwise reach PostgreSQL and fail there; tabs
 * and line breaks are text, and allowed), nothing nested deeper than MAX_INPUT_DEPTH, and ids in lower case.
 */
export class PlatformValidationPipe extends ValidationPipe {
  constructor() {
    // Every rule of a field is checked (not only the first to fail) so that fieldProblems can name the right one.
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationError });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Values built by the platform's own decorators (the caller, the call's origin) are not input.
    if (metadata.type === 'custom') return value;
    // Nest's pipe reads a null body as {}: a JSON `null` sent to a call that takes an object is refused, as 42 or "text" are.
    if (metadata.type === 'body' && value === null && this.toValidate(metadata)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: 'body', problem: 'must be an object' }]);
    }
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
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationError(errors);
  refuseNullOptional(instance);
  return instance;
}

/** Validation for NATS payloads: same rules as HTTP bodies. */
export const rpcValidationPipe = (): ValidationPipe => new PlatformValidationPipe();

/** What a caller hears of a failure that is not a domain error; the detail goes to the log, never to her. */
export const INTERNAL_WIRE_ERROR: WireError = { code: ErrorCode.INTERNAL, message: 'Something went wrong on our side. Please try again.', details: [] };

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
      wire = INTERNAL_WIRE_ERROR;
    }
    return throwError(() => wire);
  }
}

/** A class of NATS request handlers: payloads validated, failures answered as domain errors. */
export const RpcController = (): ClassDecorator =>
  applyDecorators(Controller(), UsePipes(rpcValidationPipe()), UseFilters(RpcErrorFilter));
