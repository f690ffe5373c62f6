/**
 * What a guard works out about a route from its decorators, kept so that it is worked out once, not on every
 * request. Keyed by controller class and handler: a handler inherited by two controllers has two entries, since
 * class-level decorators differ.
 */
import type { ExecutionContext, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner } from '@nestjs/core';
import type { DiscoveryService } from '@nestjs/core';

const scanner = new MetadataScanner();

/** A route: its controller class, and the handler (a method of it, its own or inherited) with its name. */
export interface Route {
  controller: object;
  handler: object;
  name: string;
}

/** Each route handler of a controller class, its own and those it inherits (the content routes share a base class). */
export function routesOf(controller: object): Route[] {
  const prototype = (controller as { prototype: Record<string, unknown> }).prototype;
  return scanner.getAllMethodNames(prototype).flatMap((name) => {
    const handler = prototype[name];
    return typeof handler === 'function' && Reflect.getMetadata(PATH_METADATA, handler) !== undefined ? [{ controller, handler, name }] : [];
  });
}

/** Every route of the application's controllers. */
export const everyRoute = (discovery: DiscoveryService): Route[] =>
  discovery.getControllers().flatMap((wrapper) => (wrapper.metatype ? routesOf(wrapper.metatype) : []));

export class PerRoute<T> {
  private readonly byController = new Map<object, Map<object, T>>();

  /**
   * `work` runs once per route: at boot for the routes given to `rememberAll`, else the first time a route is
   * seen (it may return `undefined`, which is kept too). It is given the route, not the request: what it works
   * out holds for every request of the route.
   */
  constructor(private readonly work: (controller: object, handler: object) => T) {}

  of(ctx: ExecutionContext): T {
    const controller = ctx.getClass();
    const handler = ctx.getHandler();
    const byHandler = this.byController.get(controller);
    if (byHandler?.has(handler)) return byHandler.get(handler) as T;
    return this.remember(controller, handler);
  }

  /**
   * Works out these routes now, at boot: what `work` throws for a route then stops the gateway from starting
   * instead of failing that route's requests (nothing is kept for a route whose work threw).
   */
  rememberAll(routes: readonly Route[]): void {
    for (const { controller, handler } of routes) this.remember(controller, handler);
  }

  /** Works a route out now and keeps it. */
  private remember(controller: object, handler: object): T {
    const value = this.work(controller, handler);
    let byHandler = this.byController.get(controller);
    if (!byHandler) this.byController.set(controller, (byHandler = new Map<object, T>()));
    byHandler.set(handler, value);
    return value;
  }
}

/**
 * An ExecutionContext that holds a route and no request, for a library's decision that is made once per route
 * (the rate limits' `skipIf`). Reaching for the request throws: a decision that read it would otherwise be made
 * from the first request's and kept for all the others.
 */
export function routeOnlyContext(controller: object, handler: object): ExecutionContext {
  const noRequest = (): never => {
    throw new Error(`A decision made once for the route ${(controller as { name?: string }).name}.${(handler as { name?: string }).name} looked at the request`);
  };
  const context: ExecutionContext = {
    getClass: <C>() => controller as Type<C>,
    getHandler: () => handler as ReturnType<ExecutionContext['getHandler']>,
    getType: () => 'http' as never,
    getArgs: noRequest,
    getArgByIndex: noRequest,
    switchToHttp: noRequest,
    switchToRpc: noRequest,
    switchToWs: noRequest,
  };
  return context;
}
