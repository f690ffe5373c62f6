/**
 * Every route's door: a verified access token (unless @Public), the live account status (a
 * suspended or expelled member is refused everywhere but the calls she needs to contest it), and
 * the roles the route asks for. Roles come from the replica when it knows the account, so a role
 * revoked by an admin stops working at once rather than when the token expires.
 */
import { Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { OPEN_WHEN_RESTRICTED, OPTIONAL_SIGN_IN, PUBLIC_ROUTE, REQUIRED_ROLES, VerifiedTokenCache, kidOf } from '@weop/auth';
import { DomainError, ErrorCode } from '@weop/contracts';
import type { Principal, Role } from '@weop/contracts';
import { SigningKeysService } from './signing-keys.service';
import { StatusReplica } from './status-replica.service';
import { PerRoute } from '../http/per-route';
import type { ReplicaEntry } from './status-replica.service';

const TokenGuard = AuthGuard('access-token');

/** The sanction in force on an account, if any. */
export function restrictionOf(entry: ReplicaEntry | undefined, now = Date.now()): DomainError | undefined {
  if (!entry) return undefined;
  const details = [
    {
      ...(entry.reason?.sanctionId ? { sanctionId: entry.reason.sanctionId } : {}),
      kind: entry.status === 'expelled' ? 'expulsion' : 'suspension',
      ...(entry.until ? { until: entry.until } : {}),
      ...(entry.reason?.guideline ? { guideline: entry.reason.guideline } : {}),
      ...(entry.reason?.statement ? { statement: entry.reason.statement } : {}),
    },
  ];
  if (entry.status === 'expelled') {
    return new DomainError(ErrorCode.ACCOUNT_EXPELLED, 'This account has been expelled from the community. You can read the decision and appeal it.', details);
  }
  if (entry.status === 'suspended' && (!entry.until || Date.parse(entry.until) > now)) {
    return new DomainError(ErrorCode.ACCOUNT_SUSPENDED, `This account is suspended${entry.until ? ` until ${entry.until}` : ''}. You can read the decision and appeal it.`, details);
  }
  return undefined;
}

/** What a route asks of its caller, from its decorators (and its controller's). */
interface RouteAccess {
  public: boolean;
  optionalSignIn: boolean;
  openWhenRestricted: boolean;
  roles?: Role[];
}

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly tokens = new TokenGuard();
  private readonly verified = new VerifiedTokenCache();
  /** Read once per route, the first time it is called, not through the reflector on every request. */
  private readonly routes = new PerRoute<RouteAccess>((controller, handler) => {
    const targets = [handler as () => void, controller as () => void];
    return {
      public: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
      optionalSignIn: this.reflector.getAllAndOverride<boolean>(OPTIONAL_SIGN_IN, targets) === true,
      openWhenRestricted: this.reflector.get<boolean>(OPEN_WHEN_RESTRICTED, handler as () => void) === true,
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
    };
  });

  constructor(
    private readonly reflector: Reflector,
    private readonly replica: StatusReplica,
    private readonly keys: SigningKeysService,
  ) {}

  /**
   * Makes sure the token's key is at hand before passport verifies it. passport-jwt reports a key
   * that could not be fetched as a bad token (401); identity being unreachable is a 503.
   */
  private async resolveSigningKey(authorization: string): Promise<void> {
    const kid = kidOf(authorization.replace(/^Bearer\s+/i, ''));
    if (!kid || this.keys.knownKey(kid)) return;
    try {
      await this.keys.publicKeyFor(kid);
    } catch {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Sign-in cannot be checked right now. Please try again shortly.');
    }
  }

  /**
   * Synchronous unless the token is new to this process: a public route, and a token already verified (the
   * cache), cost no promise (Nest awaits only a guard that returns one).
   */
  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routes.of(ctx);
    if (route.public) return true;

    const request = ctx.switchToHttp().getRequest<FastifyRequest & { user?: Principal & { exp?: number } }>();
    const authorization = request.headers.authorization;
    if (!authorization && route.optionalSignIn) return true;
    if (!authorization) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'Sign in to do this (send Authorization: Bearer <accessToken>).');
    const cached = this.verified.get(authorization);
    if (!cached) return this.verify(ctx, request, authorization).then(() => this.admit(route, request));
    request.user = cached;
    return this.admit(route, request);
  }

  /** Verifies a token the first time it is seen (signature, algorithm, expiry, audience, type) and remembers it until it expires. */
  private async verify(ctx: ExecutionContext, request: FastifyRequest & { user?: Principal & { exp?: number } }, authorization: string): Promise<void> {
    await this.resolveSigningKey(authorization);
    try {
      await this.tokens.canActivate(ctx);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The access token is not valid or has expired.');
    }
    const verified = request.user;
    if (!verified?.exp) throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The access token is not valid or has expired.');
    this.verified.set(authorization, { accountId: verified.accountId, sessionId: verified.sessionId, roles: verified.roles }, verified.exp);
  }

  /** What is checked on every request of a signed-in caller: the live account and session, the sanction in force, the route's roles. */
  private admit(route: RouteAccess, request: FastifyRequest & { user?: Principal }): boolean {
    const principal = request.user;
    if (!principal) throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The access token is not valid or has expired.');

    if (!this.replica.ready) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The platform is starting. Please try again in a moment.');
    const entry = this.replica.get(principal.accountId);
    if (entry?.deleted) throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'This account no longer exists.');
    if (this.replica.isSessionEnded(principal.sessionId)) throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'This sign-in has ended. Please sign in again.');
    if (entry?.roles) principal.roles = entry.roles;

    const restriction = restrictionOf(entry);
    if (restriction && !route.openWhenRestricted) throw restriction;

    const required = route.roles;
    if (required && !required.some((r) => principal.roles.includes(r))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Your role does not allow this.');
    }
    return true;
  }
}
