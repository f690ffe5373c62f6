/**
 * What a guard works out about a route from its decorators, kept so that it is worked out once, not on every
 * request. Keyed by controller class and handler: a handler inherited by two controllers has two entries, since
 * class-level decorators differ.
 */
import type { ExecutionContext } from '@nestjs/common';

export class PerRoute<T> {
  private readonly byController = new Map<object, Map<object, T>>();

  /** `work` runs the first time a route is seen (it may return `undefined`, which is kept too). */
  constructor(private readonly work: (controller: object, handler: object, ctx?: ExecutionContext) => T) {}

  of(ctx: ExecutionContext): T {
    const controller = ctx.getClass();
    const handler = ctx.getHandler();
    const byHandler = this.byController.get(controller);
    if (byHandler?.has(handler)) return byHandler.get(handler) as T;
    return this.remember(controller, handler, ctx);
  }

  /** Works a route out now (at boot, for instance) and keeps it. */
  remember(controller: object, handler: object, ctx?: ExecutionContext): T {
    const value = this.work(controller, handler, ctx);
    let byHandler = this.byController.get(controller);
    if (!byHandler) this.byController.set(controller, (byHandler = new Map<object, T>()));
    byHandler.set(handler, value);
    return value;
  }
}
