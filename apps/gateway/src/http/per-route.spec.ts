import type { ExecutionContext } from '@nestjs/common';
import { PerRoute, routeOnlyContext } from './per-route';

const ctx = (controller: object, handler: object): ExecutionContext => ({ getClass: () => controller, getHandler: () => handler }) as unknown as ExecutionContext;

describe('PerRoute', () => {
  it('works a route out once, an undefined answer too, and apart for each controller that shares a handler', () => {
    class Base {
      shared(): void {}
    }
    class A extends Base {}
    class B extends Base {}
    const calls: string[] = [];
    const routes = new PerRoute<string | undefined>((controller) => {
      calls.push((controller as { name: string }).name);
      return controller === B ? undefined : `for ${(controller as { name: string }).name}`;
    });
    const handler = Base.prototype.shared;
    expect(routes.of(ctx(A, handler))).toBe('for A');
    expect(routes.of(ctx(A, handler))).toBe('for A');
    expect(routes.of(ctx(B, handler))).toBeUndefined();
    expect(routes.of(ctx(B, handler))).toBeUndefined();
    expect(calls).toEqual(['A', 'B']);
  });

  it('gives a once-per-route decision the route, and refuses it the request', () => {
    class Things {
      list(): void {}
    }
    const context = routeOnlyContext(Things, Things.prototype.list);
    expect(context.getClass()).toBe(Things);
    expect(context.getHandler()).toBe(Things.prototype.list);
    expect(() => context.switchToHttp().getRequest()).toThrow('A decision made once for the route Things.list looked at the request');
    expect(() => context.getArgs()).toThrow(/looked at the request/);
  });
});
