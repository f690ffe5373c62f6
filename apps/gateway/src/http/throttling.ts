/**
 * Rate limits keyed on the client's address (X-Forwarded-For only when WEOP_TRUST_PROXY is on):
 * a general limit on every route, and a tighter one on register, login and refresh.
 */
import { Injectable, SetMetadata } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerOptions } from '@nestjs/throttler';
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
    skipIf: (ctx: ExecutionContext) => Reflect.getMetadata(AUTH_LIMITED, ctx.getHandler()) !== true,
  },
];

@Injectable()
export class AddressThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(String(request.ip));
  }

  /**
   * The counter's key, as the library builds it but not hashed: the library sha256-hashes it on every request
   * (1.5 % of the gateway's CPU on a profile read), and our storage is a Map in this process, where the plain
   * key is as good and is never shown to anyone.
   */
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${suffix}`;
  }
}
