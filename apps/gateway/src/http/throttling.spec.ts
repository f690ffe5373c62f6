import { Controller, Get } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { DiscoveryService } from '@nestjs/core';
import type { ThrottlerOptions } from '@nestjs/throttler';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import { AddressThrottlerGuard, LibraryThrottlerGuard } from './throttling';

@Controller('blogs')
class BlogsController {
  @Get()
  list(): void {}
}

@Controller('notes')
class NotesController {
  @Get()
  list(): void {}
}

/** The application's controllers as Nest's discovery would list them. */
const discovery = { getControllers: () => [{ metatype: BlogsController }, { metatype: NotesController }] } as unknown as DiscoveryService;

/** The guard as the gateway builds it, booted: the library's limits read, every route's plan worked out. */
async function bootedGuard(throttlers: ThrottlerOptions[]): Promise<AddressThrottlerGuard> {
  const library = new LibraryThrottlerGuard({ throttlers }, new FixedWindowThrottlerStorage(), new Reflector());
  await library.onModuleInit();
  const guard = new AddressThrottlerGuard(library, discovery);
  guard.onApplicationBootstrap();
  return guard;
}

/** A request to `controller`'s list route (BlogsController's by default) from `ip`; the headers the guard sets are collected. */
function requestFrom(ip: string, headers: Record<string, unknown> = {}, controller: typeof BlogsController = BlogsController): ExecutionContext {
  const reply = { header: (name: string, value: unknown) => ((headers[name] = value), reply) };
  return {
    getClass: () => controller,
    getHandler: () => controller.prototype.list,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ ip }), getResponse: () => reply }),
  } as unknown as ExecutionContext;
}

describe('the gateway rate limit per address', () => {
  let guard: AddressThrottlerGuard;

  beforeEach(async () => {
    guard = await bootedGuard([{ name: 'default', ttl: 60_000, limit: 2 }]);
  });

  it('refuses to start with a limit whose skipIf reads the request, which is decided once per route', async () => {
    const byAgent = { name: 'agents', ttl: 60_000, limit: 5, skipIf: (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['user-agent'] === 'probe' };
    await expect(bootedGuard([byAgent])).rejects.toThrow('A decision made once for the route BlogsController.list looked at the request');
  });

  it('works out a route\'s limits from its decorators and the limits\' skipIf, which may look at the route', async () => {
    const onlyBlogs = { name: 'blogs', ttl: 60_000, limit: 1, skipIf: (ctx: ExecutionContext) => ctx.getClass() !== BlogsController };
    const booted = await bootedGuard([onlyBlogs]);
    expect(booted.canActivate(requestFrom('198.51.100.4'))).toBe(true);
    await expect(booted.canActivate(requestFrom('198.51.100.4'))).rejects.toMatchObject({ status: 429 });
    // The route the limit skips is not counted, however often it is called.
    for (let i = 0; i < 3; i += 1) await expect(Promise.resolve(booted.canActivate(requestFrom('198.51.100.4', {}, NotesController)))).resolves.toBe(true);
  });

  it('answers at once while under the limit, with the X-RateLimit headers', () => {
    const headers: Record<string, unknown> = {};
    expect(guard.canActivate(requestFrom('203.0.113.7', headers))).toBe(true);
    expect(headers).toMatchObject({ 'X-RateLimit-Limit': 2, 'X-RateLimit-Remaining': 1 });
  });

  it('counts an IPv6 client by her /64, so changing address inside it does not reset her limit', async () => {
    expect(guard.canActivate(requestFrom('2001:db8:5:7::1'))).toBe(true);
    expect(guard.canActivate(requestFrom('2001:db8:5:7:a:b:c:d'))).toBe(true);
    const headers: Record<string, unknown> = {};
    await expect(guard.canActivate(requestFrom('2001:db8:5:7:ffff::9', headers))).rejects.toMatchObject({ status: 429 });
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    // Another /64, and IPv4 addresses, have counts of their own.
    expect(guard.canActivate(requestFrom('2001:db8:5:8::1'))).toBe(true);
    expect(guard.canActivate(requestFrom('203.0.113.7'))).toBe(true);
    expect(guard.canActivate(requestFrom('203.0.113.8'))).toBe(true);
  });
});
