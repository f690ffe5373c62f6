/**
 * Input a route did not ask for is refused, not ignored (API.md "Errors"): query parameters on a route
 * that declares no @Query(), a body on a route that declares no @Body() (nor a multipart upload), and a
 * body in a media type the route does not take (415). What each route takes is read once, at boot,
 * from its parameter decorators (Nest's ROUTE_ARGS_METADATA) and its @ApiConsumes; a request costs two
 * map look-ups and, only when it carries a query or a body, a look at them.
 *
 * The DTOs behind @Query() and @Body() refuse unknown fields themselves (PlatformValidationPipe); this
 * guard covers the routes that have no DTO to do it. Fastify has answered before this runs for bodies
 * of a type no parser takes (only JSON and multipart are registered, see createGatewayApp).
 */
import { Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext, OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, validationFailed } from '@weop/contracts';
import { PerRoute, everyRoute } from './per-route';

/** The gateway's own routes outside /api/v1 (probes and the metrics scrape): not the API, so not checked. */
export const OUTSIDE_BASE_PATH = ['health/live', 'health/ready', 'metrics'] as const;

/** Where @nestjs/swagger's @ApiConsumes keeps its list (its DECORATORS.API_CONSUMES, which the package does not export). */
const API_CONSUMES = 'swagger/apiConsumes';
const JSON_TYPE = 'application/json';
const MULTIPART_TYPE = 'multipart/form-data';

/** What one route takes besides its path parameters. */
export interface RouteInput {
  /** Not checked at all (OUTSIDE_BASE_PATH). */
  open: boolean;
  /** `true`: a @Query() DTO (it checks the names); otherwise the names of its @Query('name') parameters. */
  query: true | ReadonlySet<string>;
  /** The media types of the bodies it takes: none, JSON (a @Body()), and/or those its @ApiConsumes lists. */
  accepts: readonly string[];
}

type ArgMetadata = Record<string, { index: number; data?: unknown }>;

const paramtypeOf = (key: string): number => Number(key.split(':')[0]);

const pathsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '']);

const trimSlashes = (path: string): string => path.replace(/^\/+|\/+$/g, '');

/** Reads a route's decorators (at boot, or the first time an unknown handler is seen). */
export function describeRoute(controller: object, handler: object, name: string): RouteInput {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as ArgMetadata;
  const entries = Object.entries(args).filter(([key]) => !key.includes('__customRouteArgs__'));
  const queries = entries.filter(([key]) => paramtypeOf(key) === Number(RouteParamtypes.QUERY));
  const query: true | ReadonlySet<string> = queries.some(([, arg]) => arg.data === undefined) ? true : new Set(queries.map(([, arg]) => String(arg.data)));
  const takesBody = entries.some(([key]) => paramtypeOf(key) === Number(RouteParamtypes.BODY) || paramtypeOf(key) === Number(RouteParamtypes.RAW_BODY));
  const consumes = ((Reflect.getMetadata(API_CONSUMES, handler) ?? Reflect.getMetadata(API_CONSUMES, controller) ?? []) as string[]).map((type) => type.toLowerCase());
  const accepts = consumes.length > 0 ? consumes : takesBody ? [JSON_TYPE] : [];
  const paths = pathsOf(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((base) =>
    pathsOf(Reflect.getMetadata(PATH_METADATA, handler)).map((own) => trimSlashes([trimSlashes(base), trimSlashes(own)].filter(Boolean).join('/'))),
  );
  const open = paths.every((path) => (OUTSIDE_BASE_PATH as readonly string[]).includes(path));
  return { open, query, accepts };
}

/** The media type of a Content-Type header, without its parameters, in lower case. */
const mediaTypeOf = (header: string | undefined): string => (header ?? '').split(';', 1)[0].trim().toLowerCase();

/** `{}`, `[]` and `null` say nothing: clients that always send a JSON body may send them anywhere. */
const isEmpty = (body: unknown): boolean =>
  body === null || (Array.isArray(body) ? body.length === 0 : typeof body === 'object' && Object.keys(body).length === 0);

const NOT_EXPECTED = 'is not expected: this call takes no query parameters';

@Injectable()
export class InputShapeGuard implements CanActivate, OnApplicationBootstrap {
  /** A method's name is its handler's: the key its parameter decorators are kept under. */
  private readonly routes = new PerRoute<RouteInput>((controller, handler) => describeRoute(controller, handler, (handler as { name: string }).name));

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.routes.rememberAll(everyRoute(this.discovery));
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const route = this.routes.of(ctx);
    if (route.open) return true;
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (route.query !== true) {
      for (const name in request.query as Record<string, unknown>) {
        if (!route.query.has(name)) throw validationFailed(name, NOT_EXPECTED);
      }
    }
    const multipart = request.isMultipart();
    const body: unknown = request.body;
    if (body === undefined && !multipart) return true;
    const type = multipart ? MULTIPART_TYPE : mediaTypeOf(request.headers['content-type']);
    if (route.accepts.includes(type)) return true;
    if (route.accepts.length === 0) {
      if (!multipart && isEmpty(body)) return true;
      const first = !multipart && body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
      throw validationFailed(first ?? 'body', first ? 'is not expected: this call takes no body' : 'is not expected: this call takes no body; send none');
    }
    throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, unsupportedMessage(route.accepts));
  }
}

function unsupportedMessage(accepts: readonly string[]): string {
  const json = accepts.includes(JSON_TYPE);
  const multipart = accepts.includes(MULTIPART_TYPE);
  if (json && multipart) return 'Send JSON (Content-Type: application/json), or multipart/form-data with a file.';
  if (json) return 'Send JSON (Content-Type: application/json).';
  if (multipart) return 'Send this as multipart/form-data (the API documentation at /api/docs lists its fields).';
  return `Send this as ${accepts.join(' or ')}.`;
}
