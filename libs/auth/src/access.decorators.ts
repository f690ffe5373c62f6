/** How a route says who may call it. Routes need a signed-in caller unless marked @Public. */
import { SetMetadata, createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from '@weop/contracts';

export const PUBLIC_ROUTE = 'weop:public';
export const REQUIRED_ROLES = 'weop:roles';
export const OPEN_WHEN_RESTRICTED = 'weop:open-when-restricted';

/** No token needed (register, login, refresh, public pages). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export const OPTIONAL_SIGN_IN = 'weop:optional-sign-in';

/**
 * Open to anyone (published content), but a caller who sends a token is checked and known, so that
 * she also sees her own drafts, her reactions and her registrations — and a suspended member is
 * refused as everywhere else.
 */
export const OptionalSignIn = (): MethodDecorator & ClassDecorator => SetMetadata(OPTIONAL_SIGN_IN, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/**
 * Stays open to a suspended or expelled member: the calls she needs to understand and contest
 * the sanction (API.md "Enforcement").
 */
export const OpenWhenRestricted = (): MethodDecorator => SetMetadata(OPEN_WHEN_RESTRICTED, true);

/** The verified caller of an HTTP request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ user?: Principal }>();
  if (!request.user) throw new Error('CurrentPrincipal used on a route without authentication');
  return request.user;
});
