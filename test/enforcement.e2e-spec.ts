/** Account status and roles reach the gateway at once (API.md "Enforcement"). */
import { randomUUID } from 'node:crypto';
import { eventually } from '@weop/testing';
import { publishEvent } from './support/events';
import { given } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

describe('enforcement of account status and roles', () => {
  let platform: Platform;
  let api: Api;
  let the: ReturnType<typeof given>;
  let admin: Awaited<ReturnType<ReturnType<typeof given>['admin']>>;

  beforeAll(async () => {
    platform = await startPlatform('enforcement');
    api = client(platform.baseUrl);
    the = given(api);
    admin = await the.admin();
  });
  afterAll(() => platform.close());

  const setStatus = (id: string, body: Record<string, unknown>) =>
    api('PUT', `/api/v1/admin/users/${id}/status`, { token: admin.accessToken, body });

  it('refuses a suspended member on her next request within a second, but keeps her way to understand and contest it', async () => {
    const member = await the.member();
    expect((await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'hello' } })).status).toBe(200);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const reason = { sanctionId: '7d0c5b7e-3f7e-4d0a-9a55-0b6b0d8e5c11', guideline: 'respect', statement: 'Personal attacks in comments.' };
    expect((await setStatus(member.id, { status: 'suspended', until, reason })).status).toBe(204);

    const started = Date.now();
    const refused = await eventually(async () => {
      const answer = await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'again' } });
      return answer.status === 403 ? answer : undefined;
    }, 3000, 10);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refused.body.error.code).toBe('ACCOUNT_SUSPENDED');
    expect(refused.body.error.details[0]).toMatchObject({ kind: 'suspension', until, guideline: 'respect', statement: 'Personal attacks in comments.', sanctionId: reason.sanctionId });

    // What stays open to her.
    const me = await api('GET', '/api/v1/me', { token: member.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.status).toBe('suspended');
    expect((await api('GET', '/api/v1/me/export', { token: member.accessToken })).status).toBe(200);
    expect((await api('GET', '/api/v1/me/sessions', { token: member.accessToken })).status).toBe(403);

    // Her sessions were ended; she can sign in again, and the answer says her status.
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } })).status).toBe(401);
    const again = await the.signIn(member.email, member.password);
    const login = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password } });
    expect(login.body.account.status).toBe('suspended');
    expect((await api('GET', `/api/v1/profiles/${member.id}`, { token: again.accessToken })).status).toBe(403);
    // Refresh keeps working for the restricted use.
    const refreshed = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: again.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api('GET', '/api/v1/me', { token: refreshed.body.accessToken })).status).toBe(200);
    expect((await api('POST', '/api/v1/auth/logout', { token: refreshed.body.accessToken })).status).toBe(204);

    // Signing out ended that session, so its token is refused as a sign-in, not as a sanction.
    await eventually(async () => (await api('GET', '/api/v1/me', { token: refreshed.body.accessToken })).status === 401, 2000, 10);

    // Reinstated: the same token she holds works again for everything.
    const current = await the.signIn(member.email, member.password);
    expect((await api('PATCH', '/api/v1/me/profile', { token: current.accessToken, body: { bio: 'back' } })).status).toBe(403);
    expect((await setStatus(member.id, { status: 'active' })).status).toBe(204);
    await eventually(async () => (await api('PATCH', '/api/v1/me/profile', { token: current.accessToken, body: { bio: 'back' } })).status === 200, 3000);
  });

  it("puts the account under the gravest of trust-safety's sanctions in force, ignores one lifted before it arrived, and keeps a longer restriction set by hand", async () => {
    const member = await the.member();
    const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    const base = { accountId: member.id, guideline: 'respect' as const, statement: 'Personal attacks.', startsAt: new Date().toISOString(), caseId: null };
    const suspend = (sanctionId: string, endsAt: string) => publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { ...base, sanctionId, kind: 'suspension', endsAt });
    const expel = (sanctionId: string) => publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { ...base, sanctionId, kind: 'expulsion', endsAt: null });
    const lift = (sanctionId: string) => publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId, accountId: member.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    // What the gateway tells her when it refuses her: the restriction in force and its sanction.
    const refusal = async () => {
      const answer = await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'trying' } });
      return answer.status === 200 ? { code: 'none' } : { code: answer.body.error.code as string, sanctionId: answer.body.error.details?.[0]?.sanctionId as string | undefined, until: answer.body.error.details?.[0]?.until as string | undefined };
    };
    const becomes = async (expected: Record<string, unknown>) => {
      let last: unknown;
      await eventually(async () => JSON.stringify((last = await refusal())) === JSON.stringify(expected), 5000, 20).catch(() => undefined);
      expect(last).toEqual(expected);
    };

    const short = randomUUID();
    const shortEnds = days(2);
    await suspend(short, shortEnds);
    await becomes({ code: 'ACCOUNT_SUSPENDED', sanctionId: short, until: shortEnds });
    // Her sessions ended with it.
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } })).status).toBe(401);

    // A longer one takes over; lifted, she falls back to the shorter one still in force.
    const long = randomUUID();
    const longEnds = days(5);
    await suspend(long, longEnds);
    await becomes({ code: 'ACCOUNT_SUSPENDED', sanctionId: long, until: longEnds });
    await lift(long);
    await becomes({ code: 'ACCOUNT_SUSPENDED', sanctionId: short, until: shortEnds });

    // Lifted before its imposed event arrived: it never takes hold, even though it would end last.
    const crossed = randomUUID();
    await lift(crossed);
    await suspend(crossed, days(10));
    const expulsion = randomUUID();
    await expel(expulsion);
    // Her events are applied in order, so by the time the expulsion shows, the crossed one has been seen.
    await becomes({ code: 'ACCOUNT_EXPELLED', sanctionId: expulsion, until: undefined });
    await lift(expulsion);
    await becomes({ code: 'ACCOUNT_SUSPENDED', sanctionId: short, until: shortEnds });
    await lift(short);
    await becomes({ code: 'none' });

    // An admin's longer suspension by hand stays when a shorter sanction comes and goes; an expulsion is graver.
    const byHandEnds = days(30);
    expect((await setStatus(member.id, { status: 'suspended', until: byHandEnds })).status).toBe(204);
    await becomes({ code: 'ACCOUNT_SUSPENDED', sanctionId: undefined, until: byHandEnds });
    const lesser = randomUUID();
    await suspend(lesser, days(3));
    await lift(lesser);
    const graver = randomUUID();
    await expel(graver);
    await becomes({ code: 'ACCOUNT_EXPELLED', sanctionId: graver, until: undefined });
  });

  it('ends a suspension by itself when its time is up', async () => {
    const member = await the.member();
    expect((await setStatus(member.id, { status: 'suspended', until: new Date(Date.now() + 1500).toISOString() })).status).toBe(204);
    const session = await the.signIn(member.email, member.password);
    await eventually(async () => (await api('GET', '/api/v1/me/sessions', { token: session.accessToken })).status === 403, 3000);
    await eventually(async () => (await api('GET', '/api/v1/me', { token: session.accessToken })).body.status === 'active', 6000, 100);
    expect((await api('GET', '/api/v1/me/sessions', { token: session.accessToken })).status).toBe(200);
  });

  it('refuses an expelled member everywhere but the restricted calls', async () => {
    const member = await the.member();
    expect((await setStatus(member.id, { status: 'expelled', reason: { guideline: 'no-scams', statement: 'Fake job offers asking for fees.' } })).status).toBe(204);
    const answer = await eventually(async () => {
      const a = await api('GET', '/api/v1/me/sessions', { token: member.accessToken });
      return a.status === 403 ? a : undefined;
    }, 3000);
    expect(answer.body.error.code).toBe('ACCOUNT_EXPELLED');
    expect(answer.body.error.details[0]).toMatchObject({ kind: 'expulsion', guideline: 'no-scams' });
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).body.status).toBe('expelled');
    // Her profile is no longer shown to others.
    const viewer = await the.member();
    expect((await api('GET', `/api/v1/profiles/${member.id}`, { token: viewer.accessToken })).status).toBe(404);
  });

  it('refuses a suspension without an end, or one that ended already, and changes nothing', async () => {
    const member = await the.member();
    const noEnd = await setStatus(member.id, { status: 'suspended' });
    expect(noEnd.status).toBe(400);
    expect(noEnd.body.error.details[0].field).toBe('until');
    const past = await setStatus(member.id, { status: 'suspended', until: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).toBe(400);
    expect((await api('GET', '/api/v1/me/sessions', { token: member.accessToken })).status).toBe(200);
  });

  it('applies a granted role at once and a revoked one at once, without a new token', async () => {
    const member = await the.member();
    const target = await the.member();
    const asMember = await api('POST', `/api/v1/admin/users/${target.id}/roles`, { token: member.accessToken, body: { role: 'moderator' } });
    expect(asMember.status).toBe(403);
    expect(asMember.body.error.code).toBe('FORBIDDEN');

    expect((await api('POST', `/api/v1/admin/users/${member.id}/roles`, { token: admin.accessToken, body: { role: 'admin' } })).status).toBe(204);
    await eventually(async () => (await api('POST', `/api/v1/admin/users/${target.id}/roles`, { token: member.accessToken, body: { role: 'mentor' } })).status === 204, 3000);
    const seen = await api('GET', `/api/v1/profiles/${target.id}`, { token: member.accessToken });
    expect(seen.body.badges).toContain('mentor');

    expect((await api('DELETE', `/api/v1/admin/users/${member.id}/roles/admin`, { token: admin.accessToken })).status).toBe(204);
    await eventually(async () => (await api('POST', `/api/v1/admin/users/${target.id}/roles`, { token: member.accessToken, body: { role: 'judge' } })).status === 403, 3000);
  });

  it('keeps the member role and an admin\'s own admin role', async () => {
    const member = await the.member();
    const keepMember = await api('DELETE', `/api/v1/admin/users/${member.id}/roles/member`, { token: admin.accessToken });
    expect(keepMember.status).toBe(409);
    const self = await api('DELETE', `/api/v1/admin/users/${admin.id}/roles/admin`, { token: admin.accessToken });
    expect(self.status).toBe(409);
    const unknownRole = await api('POST', `/api/v1/admin/users/${member.id}/roles`, { token: admin.accessToken, body: { role: 'superuser' } });
    expect(unknownRole.status).toBe(400);
    const unknownAccount = await api('POST', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/roles', { token: admin.accessToken, body: { role: 'mentor' } });
    expect(unknownAccount.status).toBe(404);
  });

  it('does not let a revoked admin act through a gateway started after the revocation', async () => {
    const formerAdmin = await the.member();
    const target = await the.member();
    expect((await api('POST', `/api/v1/admin/users/${formerAdmin.id}/roles`, { token: admin.accessToken, body: { role: 'admin' } })).status).toBe(204);
    // A token issued while she was admin.
    const adminToken = (await the.signIn(formerAdmin.email, formerAdmin.password)).accessToken;
    expect((await api('DELETE', `/api/v1/admin/users/${formerAdmin.id}/roles/admin`, { token: admin.accessToken })).status).toBe(204);
    const { createGatewayApp } = await import('../apps/gateway/src/gateway.app');
    const { app } = await createGatewayApp({ NATS_URL: platform.scope.natsUrl, WEOP_NATS_NAMESPACE: platform.scope.namespace, LOG_LEVEL: 'silent', PORT: '0' });
    await app.listen(0, '127.0.0.1');
    try {
      const fresh = client(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
      const answer = await eventually(async () => {
        const a = await fresh('PUT', `/api/v1/admin/users/${target.id}/status`, { token: adminToken, body: { status: 'expelled' } });
        return a.status !== 503 ? a : undefined;
      }, 5000);
      expect(answer.status).toBe(403);
      expect((await api('GET', '/api/v1/me', { token: target.accessToken })).body.status).toBe('active');
    } finally {
      await app.close();
    }
  });

  it('learns statuses that changed while the gateway was away (snapshot on start)', async () => {
    const member = await the.member();
    expect((await setStatus(member.id, { status: 'expelled' })).status).toBe(204);
    // A second gateway, started after the change, must refuse her too.
    const { createGatewayApp } = await import('../apps/gateway/src/gateway.app');
    const { app } = await createGatewayApp({
      NATS_URL: platform.scope.natsUrl,
      WEOP_NATS_NAMESPACE: platform.scope.namespace,
      LOG_LEVEL: 'silent',
      PORT: '0',
    });
    await app.listen(0, '127.0.0.1');
    try {
      const second = client(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
      const answer = await eventually(async () => {
        const a = await second('GET', '/api/v1/me/sessions', { token: member.accessToken });
        return a.status !== 503 ? a : undefined;
      }, 5000);
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('ACCOUNT_EXPELLED');
    } finally {
      await app.close();
    }
  });
});
