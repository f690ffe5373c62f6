import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Controller, Get } from '@nestjs/common';
import type { CallOptions } from '@weop/messaging';
import { GATEWAY_CONTROLLERS } from '../gateway.module';
import { Call, callOptionsOf } from './call-options';
import { routesOf } from './per-route';
import type { Route } from './per-route';

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

const takesCall = ({ controller, name }: Route): boolean => {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { factory?: unknown }>;
  return Object.values(args).some((arg) => arg.factory === callOptionsOf);
};

describe('@Call() on the gateway\'s routes', () => {
  it('is taken by every route that may call a service, so each call carries its caller, address and correlation id', () => {
    const routes = GATEWAY_CONTROLLERS.flatMap((c) => routesOf(c).map((route) => ({ ...route, id: `${c.name}.${route.name}` })));
    expect(routes.length).toBeGreaterThan(150);
    const missing = routes.filter((r) => !(r.id in WITHOUT_CALL) && !takesCall(r)).map((r) => r.id);
    expect(missing).toEqual([]);
    // The exceptions are routes that exist, and take no call options (else they would not need to be listed).
    for (const id of Object.keys(WITHOUT_CALL)) {
      const route = routes.find((r) => r.id === id);
      expect(route && !takesCall(route)).toBe(true);
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
    const [list, read] = routesOf(ThingsController).sort((x, y) => x.name.localeCompare(y.name));
    expect([list.name, read.name]).toEqual(['list', 'read']);
    expect(takesCall(read)).toBe(true);
    expect(takesCall(list)).toBe(false);
  });
});
