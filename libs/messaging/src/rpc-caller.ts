/** Reading the caller from a NATS request's headers inside a service's handler. */
import { Injectable, createParamDecorator } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { DomainError, ErrorCode, Headers } from '@weop/contracts';
import type { Principal } from '@weop/contracts';
import type { MsgHdrs } from 'nats';

const headersOf = (ctx: ExecutionContext): MsgHdrs | undefined =>
  ctx.switchToRpc().getContext<NatsContext>().getHeaders() as MsgHdrs | undefined;

export function principalFrom(headers: MsgHdrs | undefined): Principal | undefined {
  const raw = headers?.get(Headers.principal);
  if (!raw) return undefined;
  try {
    const p = JSON.parse(raw) as Principal;
    if (typeof p.accountId === 'string' && Array.isArray(p.roles)) return p;
  } catch {
    /* fall through: treated as anonymous */
  }
  return undefined;
}

/** The authenticated caller; refuses the request when there is none. */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = principalFrom(headersOf(ctx));
  if (!principal) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'Sign in to do this.');
  return principal;
});

/** The caller when signed in, or null for a public (anonymous) read. */
export const MaybeCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | null => principalFrom(headersOf(ctx)) ?? null);

/** Where the request came from (client address and user agent), as the gateway saw it. */
export interface CallOrigin {
  address: string | null;
  userAgent: string | null;
}

export const Origin = createParamDecorator((_data: unknown, ctx: ExecutionContext): CallOrigin => {
  const h = headersOf(ctx);
  return { address: h?.get(Headers.clientAddress) || null, userAgent: h?.get(Headers.userAgent) || null };
});

/**
 * For requests only the platform itself sends (the operators' `rpc.*.ops.*`, community's request for
 * digest addresses): refused with 403 whenever a member's principal header is present at all, parsed or
 * not, so no member's request can reach them even if a route forwarded one. NATS permissions are the
 * first barrier (deploy/nats-authorization.js); this is the second.
 */
export function carriesMember(headers: MsgHdrs | undefined): boolean {
  return Boolean(headers?.get(Headers.principal));
}

@Injectable()
export class PlatformOnly implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (carriesMember(headersOf(ctx))) throw new DomainError(ErrorCode.FORBIDDEN, 'This request is for the platform\'s own services only.');
    return true;
  }
}
