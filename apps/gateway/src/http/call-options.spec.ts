import 'reflect-metadata';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Controller, Get } from '@nestjs/common';
import type { CallOptions } from '@weop/messaging';
import { GATEWAY_CONTROLLERS } from '../gateway.module';
import { Call, callOptionsOf } from './call-options';

/**
 * The routes that make no call for a member, each with why. Every other route must take `@Call()`: a
 * handler that called a service without it would reach the service with no caller (her own data refused or,
 * worse, a public answer where a member's was due), no client address for the login and report limits, and a
 * correlation id and trace of their own, so the request could no longer be followed across services.
 */
const WITHOUT_CALL: Record<string, string> = {
  'HealthController.live': 'answers from the gateway itself',
  'HealthController.ready': "pings each service as the gateway, for the orchestrator, not for a caller",
  'HealthController.metricsText': 'answers from the gateway itself',
};

type ControllerClass = abstract new (...args: never[]) => unknown;

/** Each route handler of a controller, its own and those it inherits (the content routes share a base class). */
function routesOf(controller: ControllerClass): string[] {
  const names = new Set<string>();
  for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const member = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (name !== 'constructor' && typeof member === 'function' && Reflect.getMetadata(PATH_METADATA, member) !== undefined) names.add(name);
    }
  }
  return [...names];
}

const takesCall = (controller: ControllerClass, handler: string): boolean => {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { factory?: unknown }>;
  return Object.values(args).some((arg) => arg.factory === callOptionsOf);
};

describe('@Call() on the gateway\'s routes', () => {
  it('is taken by every route that may call a service, so each call carries its caller, address and correlation id', () => {
    const routes = GATEWAY_CONTROLLERS.flatMap((c) => routesOf(c).map((handler) => ({ controller: c, handler, name: `${c.name}.${handler}` })));
    expect(routes.length).toBeGreaterThan(150);
    const missing = routes.filter((r) => !(r.name in WITHOUT_CALL) && !takesCall(r.controller, r.handler)).map((r) => r.name);
    expect(missing).toEqual([]);
    // The exceptions are routes that exist, and take no call options (else they would not need to be listed).
    for (const name of Object.keys(WITHOUT_CALL)) {
      const route = routes.find((r) => r.name === name);
      expect(route && !takesCall(route.controller, route.handler)).toBe(true);
    }
  });

  it('is told apart from a route that forgot it', () => {
    @Controller('things')
    class ThingsController {
      @Get(':id')
      read(@Call() call: CallOptions): CallOptions {
        return call;
      }

      @Get()
      list(): string[] {
        return [];
      }
    }
    expect(routesOf(ThingsController).sort()).toEqual(['list', 'read']);
    expect(takesCall(ThingsController, 'read')).toBe(true);
    expect(takesCall(ThingsController, 'list')).toBe(false);
  });
});
