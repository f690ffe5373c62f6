/**
 * What a guard works out about a route from its decorators, kept so that it is worked out once, not on every
 * request. Keyed by controller class and handler: a handler inherited by two controllers has two entries, since
 * class-level decorators differ.
 */
import type { ExecutionContext, Type } from '@nestjs/common';

export class PerRoute<T> {
  private readonly byController = new Map<object, Map<object, T>>();

  /**
   * `work` runs the first time a route is seen (it may return `undefined`, which is kept too). It is given the
   * route, not the request: what it works out holds for every request of the route.
   */
  constructor(private readonly work: (controller: object, handler: object) => T) {}

  of(ctx: ExecutionContext): T {
    const controller = ctx.getClass();
    const handler = ctx.getHandler();
    const byHandler = this.byController.get(controller);
    if (byHandler?.has(handler)) return byHandler.get(handler) as T;
    return this.remember(controller, handler);
  }

  /** Works a route out now (at boot, for instance) and keeps it. */
  remember(controller: object, handler: object): T {
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
