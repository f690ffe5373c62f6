/**
 * Rate limits keyed on the client's address (X-Forwarded-For only when WEOP_TRUST_PROXY is on):
 * a general limit on every route, and a tighter one on register, login and refresh.
 */
import { Injectable, SetMetadata } from '@nestjs/common';
import type { CanActivate, ExecutionContext, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ThrottlerGuard, normalizeIp } from '@nestjs/throttler';
import type { ThrottlerLimitDetail, ThrottlerOptions } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import { PerRoute, everyRoute, routeOnlyContext } from './per-route';
import type { GatewayConfig } from '../gateway.config';

const AUTH_LIMITED = 'weop:auth-rate-limited';

/** Marks a route as a credential route: it also counts against the tighter auth limit. */
export const AuthRateLimited = (): MethodDecorator => SetMetadata(AUTH_LIMITED, true);

export const throttlers = (config: GatewayConfig): ThrottlerOptions[] => [
  { name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE },
  {
    name: 'auth',
    ttl: 60_000,
    limit: config.AUTH_RATE_LIMIT_PER_MINUTE,
    // Read once per route (AddressThrottlerGuard.planFor): a skipIf here may look at the route only.
    skipIf: (ctx: ExecutionContext) => Reflect.getMetadata(AUTH_LIMITED, ctx.getHandler()) !== true,
  },
];

/** Where @nestjs/throttler keeps @SkipThrottle() and @Throttle() (its throttler.constants, which the package does not export). */
const THROTTLER_SKIP = 'THROTTLER:SKIP';
const THROTTLER_LIMIT = 'THROTTLER:LIMIT';
const THROTTLER_TTL = 'THROTTLER:TTL';
const THROTTLER_BLOCK_DURATION = 'THROTTLER:BLOCK_DURATION';

/** One limit that applies to a route, its values resolved. */
interface RouteLimit {
  name: string;
  limit: number;
  ttl: number;
  blockDuration: number;
  /** The headers' suffix: none for the default limit, `-<name>` for the others (as the library names them). */
  suffix: string;
}

/**
 * The library's guard with the gateway's key (its tracker is the library's: the client's address, an IPv6 one by its /64). AddressThrottlerGuard asks it
 * which limits apply to a route, leaves it the routes whose limit depends on the request, and has it refuse.
 */
@Injectable()
export class LibraryThrottlerGuard extends ThrottlerGuard {
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    if (!(this.storageService instanceof FixedWindowThrottlerStorage)) {
      throw new Error('The gateway\'s rate limits count in its own process: configure ThrottlerModule with a FixedWindowThrottlerStorage.');
    }
  }

  /** The counters (checked at start to be the in-process ones). */
  get counters(): FixedWindowThrottlerStorage {
    return this.storageService as FixedWindowThrottlerStorage;
  }

  get prefix(): string {
    return this.headerPrefix;
  }

  /** The limits that apply to this route, or `undefined` when one of them depends on the request. */
  planFor(context: ExecutionContext): RouteLimit[] | undefined {
    const targets = [context.getHandler(), context.getClass()];
    const plan: RouteLimit[] = [];
    for (const throttler of this.throttlers) {
      const name = throttler.name ?? 'default';
      const skipIf = throttler.skipIf ?? this.commonOptions.skipIf;
      if (this.reflector.getAllAndOverride<boolean>(THROTTLER_SKIP + name, targets) || skipIf?.(context)) continue;
      const limit = this.reflector.getAllAndOverride<unknown>(THROTTLER_LIMIT + name, targets) ?? throttler.limit;
      const ttl = this.reflector.getAllAndOverride<unknown>(THROTTLER_TTL + name, targets) ?? throttler.ttl;
      const blockDuration = this.reflector.getAllAndOverride<unknown>(THROTTLER_BLOCK_DURATION + name, targets) ?? throttler.blockDuration ?? ttl;
      if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number') return undefined;
      plan.push({ name, limit, ttl, blockDuration, suffix: name === 'default' ? '' : `-${name}` });
    }
    return plan;
  }

  /** Refuses with the library's ThrottlerException (429 RATE_LIMITED); never resolves. */
  refuse(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<boolean> {
    return this.throwThrottlingException(context, detail).then(() => false);
  }

  /**
   * The counter's key, as the library builds it but not hashed: the library sha256-hashes it on every request
   * (1.5 % of the gateway's CPU on a profile read), and our storage is a Map in this process, where the plain
   * key is as good and is never shown to anyone.
   */
  override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${suffix}`;
  }
}

/**
 * The rate limits on every request, with what the library's guard works out on every request worked out once
 * per route. The library's `canActivate` reads six decorators per limit through the reflector and awaits each
 * value, on every request; here the limits that apply to a route (its @SkipThrottle and @Throttle, the limits'
 * skipIf) are resolved once per route, at boot, and the counters (in this process) answer at once:
 * a request costs a map look-up and one counter per limit, and no promise (Nest awaits only a guard that
 * returns one). What it answers is the library's: the X-RateLimit-* headers, Retry-After and a
 * ThrottlerException (429 RATE_LIMITED) when over. A route whose limit is a function of the request (none
 * today) is left to the library's own path.
 */
@Injectable()
export class AddressThrottlerGuard implements CanActivate, OnApplicationBootstrap {
  /**
   * `undefined`: the library decides, on every request. Worked out for every route at boot, on a context that
   * holds the route and no request: a limit's `skipIf` that read the request stops the gateway from starting,
   * rather than deciding all of a route's requests from the first one's.
   */
  private readonly plans = new PerRoute<RouteLimit[] | undefined>((controller, handler) => this.library.planFor(routeOnlyContext(controller, handler)));

  constructor(
    private readonly library: LibraryThrottlerGuard,
    private readonly discovery: DiscoveryService,
  ) {}

  /** After the library's guard has read its limits (its onModuleInit). */
  onApplicationBootstrap(): void {
    this.plans.rememberAll(everyRoute(this.discovery));
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const plan = this.plans.of(context);
    if (!plan) return this.library.canActivate(context);
    if (plan.length === 0) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // As the library counts: an IPv6 address by its /64, which one subscriber holds whole (else each of her
    // 2^64 addresses would get limits of its own).
    const tracker = normalizeIp(request.ip);
    const prefix = this.library.prefix;
    for (const { name, limit, ttl, blockDuration, suffix } of plan) {
      const key = this.library.generateKey(context, tracker, name);
      const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = this.library.counters.hit(key, ttl, limit, blockDuration, name);
      if (isBlocked) {
        void reply.header(`Retry-After${suffix}`, timeToBlockExpire);
        return this.library.refuse(context, { limit, ttl, key, tracker, totalHits, timeToExpire, isBlocked, timeToBlockExpire });
      }
      void reply.header(`${prefix}-Limit${suffix}`, limit);
      void reply.header(`${prefix}-Remaining${suffix}`, Math.max(0, limit - totalHits));
      void reply.header(`${prefix}-Reset${suffix}`, timeToExpire);
    }
    return true;
  }
}
