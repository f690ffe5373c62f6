/** What a request handler's failure becomes on the wire, and the validation every handler gets. */
import { ArgumentsHost, Catch, Controller, Logger, UseFilters, UsePipes, ValidationPipe, applyDecorators } from '@nestjs/common';
import type { RpcExceptionFilter } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { DomainError, ErrorCode } from '@weop/contracts';
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

/** Validation for NATS payloads: same rules as HTTP bodies, unknown fields refused. */
export const rpcValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: validationError,
  });

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
