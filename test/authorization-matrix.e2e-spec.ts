/**
 * Every gateway route × every kind of caller → the expected status, from one table. A route in the
 * OpenAPI document without a row here fails the build, so a new route cannot ship unconsidered.
 * Routes that take an id are also probed with another member's id.
 */
import { randomBytes } from 'node:crypto';
import { eventually } from '@weop/testing';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

type Caller = 'anonymous' | 'member' | 'admin' | 'suspended';
const CALLERS: Caller[] = ['anonymous', 'member', 'admin', 'suspended'];

interface Actor extends Partial<SignedIn> {
  kind: Caller;
}

interface Probe {
  path: string;
  body?: unknown;
  /** A token of its own, for calls that spend the one they are made with (logout). */
  token?: string;
}

interface Row {
  method: string;
  route: string;
  /** Builds the call for this caller (fresh data where the call consumes it). */
  probe: (actor: Actor, ctx: Context) => Promise<Probe> | Probe;
  expect: Record<Caller, number>;
  /** The same call aimed at another member's object, and what each signed-in caller gets. */
  otherMember?: { probe: (actor: Actor, ctx: Context) => Probe; expect: Partial<Record<Caller, number>> };
}

interface Context {
  api: Api;
  the: ReturnType<typeof given>;
  other: SignedIn;
  otherSessionId: string;
  freshActor(kind: Caller): Promise<Actor>;
}

const newEmail = (): string => `matrix-${randomBytes(4).toString('hex')}@example.org`;
const sessionOf = async (ctx: Context, actor: Actor): Promise<string> => {
  // A second session of her own, so ending it does not end the one making the call.
  const second = await ctx.the.signIn(actor.email!, actor.password!);
  const list = await ctx.api('GET', '/api/v1/me/sessions', { token: second.accessToken });
  return (list.body?.items ?? []).find((s: { current: boolean }) => s.current)?.id ?? '00000000-0000-4000-8000-000000000000';
};

const ROWS: Row[] = [
  { method: 'GET', route: '/health/live', probe: () => ({ path: '/health/live' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 } },
  { method: 'GET', route: '/health/ready', probe: () => ({ path: '/health/ready' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 } },
  { method: 'GET', route: '/metrics', probe: () => ({ path: '/metrics' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 } },
  {
    method: 'POST', route: '/api/v1/auth/register',
    probe: () => ({ path: '/api/v1/auth/register', body: { email: newEmail(), password: 'Issyk-Kul-shore-2024', fullName: 'Aizada Asanova', country: 'KG' } }),
    expect: { anonymous: 201, member: 201, admin: 201, suspended: 201 },
  },
  {
    method: 'POST', route: '/api/v1/auth/login',
    probe: (a, ctx) => ({ path: '/api/v1/auth/login', body: { email: a.email ?? ctx.other.email, password: a.password ?? ctx.other.password } }),
    expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 },
  },
  {
    method: 'POST', route: '/api/v1/auth/refresh',
    probe: async (a, ctx) => {
      const session = await ctx.the.signIn(a.email ?? ctx.other.email, a.password ?? ctx.other.password);
      return { path: '/api/v1/auth/refresh', body: { refreshToken: session.refreshToken } };
    },
    expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 },
  },
  {
    method: 'POST', route: '/api/v1/auth/logout',
    // Signing out ends the session the call is made with: each caller signs in afresh for it.
    probe: async (a, ctx) => ({ path: '/api/v1/auth/logout', token: a.email ? (await ctx.the.signIn(a.email, a.password!)).accessToken : undefined }),
    expect: { anonymous: 401, member: 204, admin: 204, suspended: 204 },
  },
  { method: 'GET', route: '/api/v1/me', probe: () => ({ path: '/api/v1/me' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 200 } },
  { method: 'GET', route: '/api/v1/me/export', probe: () => ({ path: '/api/v1/me/export' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 200 } },
  { method: 'PATCH', route: '/api/v1/me/profile', probe: () => ({ path: '/api/v1/me/profile', body: { bio: 'Matrix' } }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/me/sessions', probe: () => ({ path: '/api/v1/me/sessions' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  {
    method: 'DELETE', route: '/api/v1/me/sessions/{id}',
    probe: async (a, ctx) => ({ path: `/api/v1/me/sessions/${a.kind === 'anonymous' || a.kind === 'suspended' ? ctx.otherSessionId : await sessionOf(ctx, a)}` }),
    expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/me/sessions/${ctx.otherSessionId}` }), expect: { member: 404, admin: 404 } },
  },
  {
    method: 'DELETE', route: '/api/v1/me',
    // Deleting consumes the account: each caller is a fresh one of its kind.
    probe: () => ({ path: '/api/v1/me' }),
    expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
  },
  {
    method: 'GET', route: '/api/v1/profiles/{id}',
    probe: (a, ctx) => ({ path: `/api/v1/profiles/${a.id ?? ctx.other.id}` }),
    expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 },
    // Public profiles are meant to be seen by other members: public fields only (tested in accounts.e2e-spec).
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/profiles/${ctx.other.id}` }), expect: { member: 200, admin: 200 } },
  },
  {
    method: 'PUT', route: '/api/v1/me/photo',
    // A JSON body is refused as the wrong media type only after the caller is let in.
    probe: () => ({ path: '/api/v1/me/photo', body: {} }),
    expect: { anonymous: 401, member: 415, admin: 415, suspended: 403 },
  },
  { method: 'DELETE', route: '/api/v1/me/photo', probe: () => ({ path: '/api/v1/me/photo' }), expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 } },
  {
    method: 'GET', route: '/api/v1/profiles/{id}/photo',
    // Nobody here has a photo: a signed-in member gets 404, the rest are stopped at the door.
    probe: (a, ctx) => ({ path: `/api/v1/profiles/${a.id ?? ctx.other.id}/photo` }),
    expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 },
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/profiles/${ctx.other.id}/photo` }), expect: { member: 404, admin: 404 } },
  },
  {
    method: 'POST', route: '/api/v1/admin/users/{id}/roles',
    probe: (_a, ctx) => ({ path: `/api/v1/admin/users/${ctx.other.id}/roles`, body: { role: 'mentor' } }),
    expect: { anonymous: 401, member: 403, admin: 204, suspended: 403 },
  },
  {
    method: 'DELETE', route: '/api/v1/admin/users/{id}/roles/{role}',
    probe: (_a, ctx) => ({ path: `/api/v1/admin/users/${ctx.other.id}/roles/mentor` }),
    expect: { anonymous: 401, member: 403, admin: 204, suspended: 403 },
  },
  {
    method: 'PUT', route: '/api/v1/admin/users/{id}/status',
    probe: (_a, ctx) => ({ path: `/api/v1/admin/users/${ctx.other.id}/status`, body: { status: 'active' } }),
    expect: { anonymous: 401, member: 403, admin: 204, suspended: 403 },
  },
];

describe('authorization matrix', () => {
  let platform: Platform;
  let ctx: Context;
  let actors: Record<Caller, Actor>;

  beforeAll(async () => {
    platform = await startPlatform('authz');
    const api = client(platform.baseUrl);
    const the = given(api);
    const admin = await the.admin();
    const setStatus = (id: string, body: unknown) => api('PUT', `/api/v1/admin/users/${id}/status`, { token: admin.accessToken, body });
    const other = await the.member();
    const otherSecond = await the.signIn(other.email, other.password);
    const otherSessions = await api('GET', '/api/v1/me/sessions', { token: otherSecond.accessToken });
    const freshActor = async (kind: Caller): Promise<Actor> => {
      if (kind === 'anonymous') return { kind };
      const m = await the.member();
      if (kind === 'admin') {
        await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: admin.accessToken, body: { role: 'admin' } });
      }
      if (kind === 'suspended') {
        await setStatus(m.id, { status: 'suspended', until: new Date(Date.now() + 86_400_000).toISOString() });
        const again = await the.signIn(m.email, m.password);
        await eventually(async () => (await api('GET', '/api/v1/me/sessions', { token: again.accessToken })).status === 403, 3000);
        return { kind, ...again };
      }
      if (kind === 'admin') {
        await eventually(async () => (await api('PUT', `/api/v1/admin/users/${other.id}/status`, { token: m.accessToken, body: { status: 'active' } })).status === 204, 3000);
      }
      return { kind, ...m };
    };
    ctx = {
      api,
      the,
      other,
      otherSessionId: otherSessions.body.items.find((s: { current: boolean }) => s.current).id,
      freshActor,
    };
    actors = {
      anonymous: { kind: 'anonymous' },
      member: await freshActor('member'),
      admin: await freshActor('admin'),
      suspended: await freshActor('suspended'),
    };
  });
  afterAll(() => platform.close());

  it('has a row for every route the gateway serves, and no row for a route it does not', async () => {
    const doc = await ctx.api('GET', '/api/docs-json');
    const served = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const table = ROWS.map((r) => `${r.method} ${r.route}`);
    expect(table.sort()).toEqual(served.sort());
  });

  describe.each(ROWS)('$method $route', (row) => {
    it.each(CALLERS)('as %s', async (caller) => {
      const consumes = row.route === '/api/v1/me' && row.method === 'DELETE';
      const actor = consumes ? await ctx.freshActor(caller) : actors[caller];
      const { path, body, token } = await row.probe(actor, ctx);
      const answer = await ctx.api(row.method, path, { token: token ?? actor.accessToken, body });
      expect({ caller, status: answer.status }).toEqual({ caller, status: row.expect[caller] });
      if (answer.status >= 400) expect(answer.body.error.code).toEqual(expect.any(String));
    });

    if (row.otherMember) {
      const other = row.otherMember;
      it.each(Object.keys(other.expect) as Caller[])('with another member\'s id, as %s', async (caller) => {
        const actor = actors[caller];
        const { path, body } = other.probe(actor, ctx);
        const answer = await ctx.api(row.method, path, { token: actor.accessToken, body });
        expect(answer.status).toBe(other.expect[caller]);
      });
    }
  });
});
