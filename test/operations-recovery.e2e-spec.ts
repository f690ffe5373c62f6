/**
 * The operators' recovery commands (`npm run weop -- …`, scripts/weop-cli.ts) against the real platform,
 * each judged by what a member or a moderator notices: an admin made from the command line signs in as
 * one; a matching run started there has its proposals; a gateway whose replica was wiped refuses a
 * suspended member again once rebuilt; and after a service's database is restored from a dump, the
 * reports and the sanction it lost are back once `reconcile` has run (docs/operations.md's runbook).
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '@weop/testing';
import { StatusReplica } from '../apps/gateway/src/access/status-replica.service';
import { runCli } from '../scripts/weop-cli';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Answer, Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

const exec = promisify(execFile);

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let admin: SignedIn;
let env: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform('ops-recovery', {}, {}, { content: true, trustSafety: true, mentorship: true });
  api = client(platform.baseUrl);
  the = given(api);
  admin = await the.admin();
  env = { NATS_URL: platform.scope.natsUrl, WEOP_NATS_NAMESPACE: platform.scope.namespace, WEOP_SERVICES: 'identity,content,trust-safety,mentorship' };
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const weop = async (argv: string[], extraEnv: Record<string, string> = {}, secret?: string): Promise<{ code: number; output: string; prompts: string[] }> => {
  const lines: string[] = [];
  const prompts: string[] = [];
  const readSecret = (prompt: string): Promise<string> => {
    prompts.push(prompt);
    return secret === undefined ? Promise.reject(new Error('no stdin in this test')) : Promise.resolve(secret);
  };
  const code = await runCli(argv, { ...env, ...extraEnv }, (line) => lines.push(line), readSecret);
  return { code, output: lines.join('\n'), prompts };
};

/** Her next request is refused with a suspension (the gateway's replica says so). */
const refused = (member: SignedIn): Promise<Answer> =>
  api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'still here' } });

describe('admin create', () => {
  it('creates an admin who signs in with the admin role, and promotes an existing member, never printing the password', async () => {
    const password = 'Caspian-Ferry-Baku-2027';
    const created = await weop(['admin', 'create', 'ops-admin@weop.test'], { WEOP_ADMIN_PASSWORD: password });
    expect(created.code).toBe(0);
    expect(created.output).toContain('created, with the admin role');
    expect(created.output).not.toContain(password);
    const signedIn = await the.signIn('ops-admin@weop.test', password);
    const login = await api('POST', '/api/v1/auth/login', { body: { email: 'ops-admin@weop.test', password } });
    expect(login.body.account.roles).toEqual(['member', 'admin']);
    // Her admin rights are real: she can grant a role.
    const member = await the.member();
    expect((await api('POST', `/api/v1/admin/users/${member.id}/roles`, { token: signedIn.accessToken, body: { role: 'moderator' } })).status).toBe(204);

    // Without WEOP_ADMIN_PASSWORD the password is read from stdin; an existing account keeps hers.
    const promoted = await weop(['admin', 'create', member.email], {}, 'not-used-for-an-existing-account');
    expect(promoted.prompts).toEqual([`Password for ${member.email}: `]);
    expect(promoted.output).toContain('given the admin role');
    expect((await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password } })).body.account.roles).toEqual(['member', 'moderator', 'admin']);
    expect((await weop(['admin', 'create', member.email], { WEOP_ADMIN_PASSWORD: 'x' })).output).toContain('is an admin already; nothing changed');
  });

  it('refuses a password the registration policy refuses, and creates nothing', async () => {
    const weak = await weop(['admin', 'create', 'weak-admin@weop.test'], { WEOP_ADMIN_PASSWORD: 'password1234' });
    expect(weak.code).toBe(1);
    expect(weak.output).toMatch(/^VALIDATION_FAILED: .*password/);
    expect((await api('POST', '/api/v1/auth/login', { body: { email: 'weak-admin@weop.test', password: 'password1234' } })).status).toBe(401);
  });
});

describe('matching run', () => {
  it('proposes a run for a programme and prints what a programme administrator then reviews', async () => {
    const programmeAdmin = await the.staff('programme-admin');
    const window = { applicationsOpenAt: new Date(Date.now() - 3_600_000).toISOString(), applicationsCloseAt: new Date(Date.now() + 86_400_000).toISOString() };
    const programme = await api('POST', '/api/v1/mentorship/programmes', { token: programmeAdmin.accessToken, body: { name: 'Operators test cohort', ...window } });
    expect(programme.status).toBe(201);
    const base = `/api/v1/mentorship/programmes/${programme.body.id}`;
    const join = async (role: 'mentor' | 'mentee', profile: Record<string, unknown>): Promise<void> => {
      let m = await the.member();
      if (role === 'mentor') {
        await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: admin.accessToken, body: { role: 'mentor' } });
        m = await the.signIn(m.email, m.password);
      }
      expect((await api('PUT', `/api/v1/mentorship/${role}-profile`, { token: m.accessToken, body: profile })).status).toBe(200);
      expect((await api('POST', '/api/v1/mentorship/code-of-conduct/acceptance', { token: m.accessToken })).status).toBe(200);
      expect((await api('POST', `${base}/applications`, { token: m.accessToken, body: { role } })).status).toBe(201);
    };
    const mentor = { expertise: ['leadership'], languages: ['ru'], countries: [], timeZone: 'Asia/Almaty', capacity: 1, available: true, gender: 'woman' };
    const mentee = { goals: ['lead a team'], expertise: ['leadership'], languages: ['ru'], timeZone: 'Asia/Almaty' };
    await join('mentor', mentor);
    await join('mentor', mentor);
    await join('mentee', mentee);
    await join('mentee', mentee);

    const started = await weop(['matching', 'run', programme.body.id]);
    expect(started.code).toBe(0);
    const runId = /Matching run ([0-9a-f-]{36})/.exec(started.output)?.[1];
    const run = await api('GET', `${base}/matching-runs/${runId}`, { token: programmeAdmin.accessToken });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'proposed', unmatched: [] });
    expect(run.body.proposals).toHaveLength(2);
    expect(started.output).toContain(`2 proposal(s), total score ${run.body.totalScore}`);
    expect(run.body.totalScore).toBeGreaterThan(0);

    const unknown = await weop(['matching', 'run', '5b0c1f8e-2a4d-4c39-9e1a-0d7f3c2b6a10']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/^NOT_FOUND: /);
  });
});

describe('replica rebuild', () => {
  it('makes a gateway whose replica was wiped refuse a suspended member again', async () => {
    const member = await the.member();
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect((await api('PUT', `/api/v1/admin/users/${member.id}/status`, { token: admin.accessToken, body: { status: 'suspended', until } })).status).toBe(204);
    await eventually(async () => (await refused(member)).status === 403);

    // What a lost replica looks like: the gateway no longer knows she is suspended.
    const replica = platform.gateway.get(StatusReplica);
    replica['entries'].clear();
    expect((await refused(member)).status).toBe(200);

    const rebuilt = await weop(['replica', 'rebuild', '--gateways', '1']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.output).toContain('1 of 1 gateway(s) rebuilt their replica.');
    const answer = await refused(member);
    expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 403, code: 'ACCOUNT_SUSPENDED' });
  });
});

describe('restore a database, then reconcile', () => {
  const pgDump = (service: string, file: string): Promise<unknown> => platform.scope.database(service).then((url) => exec('pg_dump', ['-Fc', '-f', file, '-d', url]));
  const pgRestore = (service: string, file: string): Promise<unknown> =>
    platform.scope.database(service).then((url) => exec('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '-d', url, file]));

  it('brings back the case of a report and the suspension that the restored databases lost', async () => {
    const moderator = await the.staff('moderator');
    const author = await the.member({ displayName: 'Author' });
    const blog = async (title: string): Promise<string> =>
      (await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title, body: 'Text a member reports.', originalityAttested: true } })).body.id as string;
    const report = async (blogId: string): Promise<void> => {
      const filed = await api('POST', '/api/v1/reports', { token: (await the.member()).accessToken, body: { subject: { type: 'blog', id: blogId }, guideline: 'respect' } });
      expect(filed.status).toBe(202);
    };
    const caseOf = async (subjectId: string): Promise<{ id: string; reportCount: number } | undefined> =>
      (await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items.find((c: { subject: { id: string } }) => c.subject.id === subjectId);

    const first = await blog('Reported before the backup');
    await report(first);
    const firstCase = await eventually(() => caseOf(first), 10_000);
    const dumps = { trustSafety: join(tmpdir(), `weop-${platform.scope.id}-ts.dump`), identity: join(tmpdir(), `weop-${platform.scope.id}-identity.dump`) };
    try {
      await pgDump('trust-safety', dumps.trustSafety);
      await pgDump('identity', dumps.identity);

      // After the backups: a second report gets its case; then trust-safety's database is restored (service stopped).
      const second = await blog('Reported after the backup');
      await report(second);
      await eventually(() => caseOf(second), 10_000);
      await platform.stopTrustSafety();
      await pgRestore('trust-safety', dumps.trustSafety);
      await platform.startTrustSafety();
      await eventually(async () => (await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).status === 200, 10_000);
      expect(await caseOf(second)).toBeUndefined();

      // A moderator suspends the author; then identity's database is restored from before that.
      const decided = await api('POST', `/api/v1/moderation/cases/${firstCase.id}/decisions`, {
        token: moderator.accessToken,
        body: { action: 'suspend', guideline: 'respect', statement: 'Insults against another member.', durationDays: 7 },
      });
      expect(decided.status).toBe(201);
      await eventually(async () => (await refused(author)).status === 403, 10_000);
      await platform.stopIdentity();
      await pgRestore('identity', dumps.identity);
      await platform.startIdentity();
      // Identity's records say she is active again; the gateway's replica still has the newer suspension.
      expect((await api('GET', '/api/v1/me', { token: author.accessToken })).body.status).toBe('active');

      const dry = await weop(['reconcile', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.output).toMatch(/content\.report\.filed\.v1: \d+ sent by content, 1 not applied by trust-safety; would re-publish 1/);
      expect(dry.output).toMatch(/trust-safety\.sanction\.imposed\.v1: 1 sent by trust-safety, 1 not applied by identity; would re-publish 1/);
      // The decision also moved the reports' statuses, which identity (restored) no longer has applied.
      expect(dry.output).toMatch(/trust-safety\.case\.reports-updated\.v1: 1 sent by trust-safety, 1 not applied by identity; would re-publish 1/);
      expect(dry.output).toContain('Dry run: 3 event(s) would be re-published.');
      expect(await caseOf(second)).toBeUndefined();

      const run = await weop(['reconcile']);
      expect(run.code).toBe(0);
      expect(run.output).toContain('Re-published 3 event(s).');
      expect((await eventually(() => caseOf(second), 10_000)).reportCount).toBe(1);
      // The report it already had is not added again, nor does it open a second case.
      expect(await caseOf(first)).toBeUndefined();
      expect((await api('GET', `/api/v1/moderation/cases/${firstCase.id}`, { token: moderator.accessToken })).body).toMatchObject({ status: 'decided', reportCount: 1 });
      await eventually(async () => (await api('GET', '/api/v1/me', { token: author.accessToken })).body.status === 'suspended', 10_000);

      // The replica's versions outran the restored database's: rebuilding realigns it, and she stays refused.
      expect((await weop(['replica', 'rebuild', '--gateways', '1'])).code).toBe(0);
      expect((await refused(author)).body.error?.code).toBe('ACCOUNT_SUSPENDED');

      // Everything is in place now: a second pass finds nothing to do.
      await eventually(async () => (await weop(['reconcile', '--dry-run'])).output.includes('Dry run: 0 event(s)'), 10_000, 250);
    } finally {
      await rm(dumps.trustSafety, { force: true });
      await rm(dumps.identity, { force: true });
    }
  });
});
