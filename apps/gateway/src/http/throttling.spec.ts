import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import { AddressThrottlerGuard, LibraryThrottlerGuard } from './throttling';

class BlogsController {
  list(): void {}
}

/** A request to BlogsController.list from `ip`; the headers the guard sets are collected. */
function requestFrom(ip: string, headers: Record<string, unknown> = {}): ExecutionContext {
  const reply = { header: (name: string, value: unknown) => ((headers[name] = value), reply) };
  return {
    getClass: () => BlogsController,
    getHandler: () => BlogsController.prototype.list,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ ip }), getResponse: () => reply }),
  } as unknown as ExecutionContext;
}

describe('the gateway rate limit per address', () => {
  let guard: AddressThrottlerGuard;

  beforeEach(async () => {
    const library = new LibraryThrottlerGuard({ throttlers: [{ name: 'default', ttl: 60_000, limit: 2 }] }, new FixedWindowThrottlerStorage(), new Reflector());
    await library.onModuleInit();
    guard = new AddressThrottlerGuard(library);
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
