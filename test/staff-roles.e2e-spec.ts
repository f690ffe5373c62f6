/**
 * Every staff role against every route the gateway keeps to certain roles. The authorization matrix
 * (authorization-matrix.e2e-spec.ts) tries each route as anonymous, member, admin and suspended; this
 * suite adds each staff role: a verifier may not reach a moderator's route, a judge not an awards-admin's,
 * a programme-admin not a verifier's, and so on. The routes and the roles each allows are read from the
 * running gateway's own decorators, so a new role-guarded route is covered without a row to add. Each
 * role outside a route's list gets 403 FORBIDDEN from the gateway's role check, before any service is
 * asked; each role on the list gets past that check (whatever the service then answers for a made-up id).
 */
import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { REQUIRED_ROLES } from '@weop/auth';
import { ROLES } from '@weop/contracts';
import type { Role } from '@weop/contracts';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

const ROLE_REFUSAL = 'Your role does not allow this.';
/** Every role a member can be given, and a plain member (admin passes every check by being listed). */
const CALLERS = ROLES.filter((r) => r !== 'admin');

interface GuardedRoute {
  method: string;
  path: string;
  roles: readonly Role[];
}

const joinPath = (...parts: string[]): string => parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');

/** The routes with @Roles, from the gateway's controllers, path parameters filled with fresh ids. */
function guardedRoutes(platform: Platform): GuardedRoute[] {
  const discovery = platform.gateway.get(DiscoveryService);
  const scanner = platform.gateway.get(MetadataScanner);
  const routes: GuardedRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
    if (!controller) continue;
    const classRoles = Reflect.getMetadata(REQUIRED_ROLES, controller) as Role[] | undefined;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as object;
      const own = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (own === undefined) continue;
      const roles = (Reflect.getMetadata(REQUIRED_ROLES, handler) as Role[] | undefined) ?? classRoles;
      if (!roles) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const path = `/api/v1/${joinPath(base, own)}`.replace(/:[A-Za-z]+/g, () => randomUUID());
      routes.push({ method, path, roles });
    }
  }
  return routes;
}

describe('staff roles against role-guarded routes', () => {
  let platform: Platform;
  let api: Api;
  const callers = new Map<Role, SignedIn>();

  beforeAll(async () => {
    platform = await startPlatform('staffroles');
    api = client(platform.baseUrl);
    const the = given(api);
    for (const role of CALLERS) callers.set(role, role === 'member' ? await the.member() : await the.staff(role));
  }, 120_000);

  afterAll(() => platform?.close());

  it('finds the role-guarded routes of every area (moderation, verification, awards, mentorship, admin)', () => {
    const routes = guardedRoutes(platform);
    expect(routes.length).toBeGreaterThan(30);
    for (const area of ['/moderation/', '/verification/', '/awards/', '/mentorship/', '/admin/']) {
      expect(routes.some((r) => r.path.includes(area))).toBe(true);
    }
  });

  it('refuses each role a route does not list, and lets each listed one past the role check', async () => {
    const outcomes: string[] = [];
    for (const route of guardedRoutes(platform)) {
      for (const [role, caller] of callers) {
        const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
        const answer = await api(route.method, route.path, { token: caller.accessToken, ...(body ? { body } : {}) });
        const refused = answer.status === 403 && answer.body?.error?.message === ROLE_REFUSAL;
        const allowed = route.roles.includes(role);
        if (allowed === refused) outcomes.push(`${route.method} ${route.path} as ${role}: ${answer.status} ${answer.body?.error?.code ?? ''} (roles: ${route.roles.join(', ')})`);
        if (!allowed) expect(answer.body?.error?.code).toBe('FORBIDDEN');
      }
    }
    // Every (route, role) pair behaved as its roles say; the list names any that did not.
    expect(outcomes).toEqual([]);
  }, 300_000);
});
