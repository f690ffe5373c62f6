/** The guidelines catalogue, and reports becoming cases in the moderators' queue (trust-safety, through the gateway). */
import { Client } from 'pg';
import { eventually } from '@weop/testing';
import { publishEvent, readEvents } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let author: SignedIn;
let moderator: SignedIn;

beforeAll(async () => {
  platform = await startPlatform('ts-cases', {}, {}, { content: true, trustSafety: true });
  api = client(platform.baseUrl);
  the = given(api);
  author = await the.member({ displayName: 'Author' });
  moderator = await the.staff('moderator', { displayName: 'Moderator' });
  await eventually(async () => (await api('GET', '/api/v1/moderation/cases', { token: moderator.accessToken })).status === 200, 5000);
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const CODES = ['be-real', 'respect', 'no-scams', 'privacy', 'intellectual-property', 'be-factual', 'safety'];

describe('guidelines', () => {
  it('lists the seven guidelines to anyone, in English by default', async () => {
    const answer = await api('GET', '/api/v1/guidelines');
    expect(answer.status).toBe(200);
    expect(answer.body.map((g: { code: string }) => g.code)).toEqual(CODES);
    expect(answer.body[0]).toEqual({ code: 'be-real', title: 'Be real', summary: expect.any(String) });
  });

  it('answers in Russian or Chinese by Accept-Language, falling back to English', async () => {
    const russian = await api('GET', '/api/v1/guidelines', { headers: { 'accept-language': 'kk-KZ, ru;q=0.8, en;q=0.5' } });
    expect(russian.body.find((g: { code: string }) => g.code === 'respect').title).toBe('Проявляйте уважение');
    const chinese = await api('GET', '/api/v1/guidelines/privacy', { headers: { 'accept-language': 'zh-CN' } });
    expect(chinese.body).toMatchObject({ code: 'privacy', title: '尊重隐私', language: 'zh', severity: 'critical', text: expect.stringContaining('隐私') });
    const other = await api('GET', '/api/v1/guidelines/be-real', { headers: { 'accept-language': 'uz' } });
    expect(other.body).toMatchObject({ title: 'Be real', language: 'en' });
    expect((await api('GET', '/api/v1/guidelines/be-nice')).status).toBe(400);
  });
});

describe('cases', () => {
  const blog = async (title: string): Promise<string> =>
    (await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title, body: 'Text under review by the moderators.', originalityAttested: true } })).body.id as string;
  const caseOf = async (subjectId: string): Promise<{ id: string; reportCount: number; priority: number; guidelines: string[] } | undefined> =>
    (await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items.find((c: { subject: { id: string } }) => c.subject.id === subjectId);

  it('gathers every report on a subject into one case, reporters shown as pseudonyms only', async () => {
    const blogId = await blog('A post two members report');
    const first = await the.member();
    const second = await the.member();
    await api('POST', '/api/v1/reports', { token: first.accessToken, body: { subject: { type: 'blog', id: blogId }, guideline: 'respect', details: 'Insulting' } });
    await api('POST', '/api/v1/reports', { token: second.accessToken, body: { subject: { type: 'blog', id: blogId }, guideline: 'be-factual' } });
    const found = await eventually(async () => {
      const c = await caseOf(blogId);
      return c?.reportCount === 2 ? c : undefined;
    });
    expect(found.guidelines.sort()).toEqual(['be-factual', 'respect']);

    const view = await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ subject: { type: 'blog', id: blogId }, status: 'open', authorId: author.id, snapshot: { title: 'A post two members report' } });
    expect(view.body.reports.map((r: { reporter: string }) => r.reporter)).toEqual([expect.stringMatching(/^Reporter [A-Z2-9]{6}$/), expect.stringMatching(/^Reporter [A-Z2-9]{6}$/)]);
    expect(new Set(view.body.reports.map((r: { reporter: string }) => r.reporter)).size).toBe(2);
    const text = JSON.stringify(view.body);
    for (const secret of [first.id, second.id, first.email, second.email]) expect(text).not.toContain(secret);
    expect(view.body.history.map((h: { kind: string }) => h.kind)).toEqual(['opened', 'report-added', 'report-added']);
  });

  it('puts the safety lane on top of the queue and ranks more reporters higher', async () => {
    const quiet = await blog('A post one member reports');
    const urgent = await blog('A post with a threat');
    const reporter = await the.member();
    await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: quiet }, guideline: 'respect' } });
    await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: urgent }, guideline: 'safety' } });
    await eventually(async () => Boolean((await caseOf(urgent)) && (await caseOf(quiet))));
    const queue = (await api('GET', '/api/v1/moderation/cases', { token: moderator.accessToken })).body.items;
    expect(queue[0]).toMatchObject({ subject: { id: urgent }, safetyLane: true });
    const priorities = queue.map((c: { priority: number }) => c.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    // A second member reporting the quiet post lifts it above a post reported once under the same guideline.
    const once = await blog('Another post one member reports');
    await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: once }, guideline: 'respect' } });
    await api('POST', '/api/v1/reports', { token: (await the.member()).accessToken, body: { subject: { type: 'blog', id: quiet }, guideline: 'respect' } });
    await eventually(async () => (await caseOf(quiet))?.reportCount === 2 && Boolean(await caseOf(once)));
    expect((await caseOf(quiet))!.priority).toBeGreaterThan((await caseOf(once))!.priority);
    const onlySafety = await api('GET', '/api/v1/moderation/cases?guideline=safety', { token: moderator.accessToken });
    expect(onlySafety.body.items.map((c: { subject: { id: string } }) => c.subject.id)).toEqual([urgent]);
  });

  it('opens cases for profile reports too, and adds a report delivered twice only once', async () => {
    const reporter = await the.member();
    await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'profile', id: author.id }, guideline: 'be-real' } });
    const found = await eventually(async () => caseOf(author.id));
    const [event] = (await readEvents(platform.scope, 'identity.report.filed.v1')).filter((e) => e.payload.subjectId === author.id);
    // The same report again, as a reconciliation pass might re-publish it under a new event id.
    const again = await publishEvent(platform.scope, 'identity.report.filed.v1', event.payload);
    const db = new Client({ connectionString: await platform.scope.database('trust-safety') });
    await db.connect();
    try {
      await eventually(async () => (await db.query('select 1 from inbox_entry where event_id = $1', [again])).rowCount === 1);
    } finally {
      await db.end();
    }
    expect((await caseOf(author.id))?.reportCount).toBe(found.reportCount);
    const history = (await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken })).body.history;
    expect(history.filter((h: { kind: string; data: { reportId?: string } }) => h.kind === 'report-added' && h.data.reportId === event.payload.reportId)).toHaveLength(1);
  });

  it('keeps the case history append-only, even against a direct update', async () => {
    const db = new Client({ connectionString: await platform.scope.database('trust-safety') });
    await db.connect();
    try {
      await expect(db.query(`update case_event set kind = 'decided'`)).rejects.toThrow(/append-only/);
      await expect(db.query('delete from case_event')).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });

  it('decides: removes the post and suspends its author everywhere at once, and tells the reporter it was actioned', async () => {
    const offender = await the.member({ displayName: 'Offender' });
    const reporter = await the.member();
    const post = await api('POST', '/api/v1/blogs', { token: offender.accessToken, body: { title: 'An insulting post', body: 'Insults aimed at another member.', originalityAttested: true } });
    const report = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: post.body.id }, guideline: 'respect' } });
    const found = await eventually(async () => caseOf(post.body.id));

    const member = await the.member();
    const decide = (token: string, body: Record<string, unknown>) => api('POST', `/api/v1/moderation/cases/${found.id}/decisions`, { token, body });
    expect((await decide(member.accessToken, { action: 'dismiss', guideline: 'respect', statement: 'x' })).status).toBe(403);
    expect((await decide(moderator.accessToken, { action: 'suspend', guideline: 'respect', statement: 'No duration' })).status).toBe(400);
    const statement = 'Repeated insults against another member (guideline: be respectful).';
    const decided = await decide(moderator.accessToken, { action: 'suspend', guideline: 'respect', statement, durationDays: 7, removeContent: true });
    expect(decided.status).toBe(201);
    expect(decided.body).toEqual({ id: expect.any(String), sanctionId: expect.any(String) });

    // Her next request, with the token she already holds, is refused with the sanction (API.md "Enforcement").
    const refused = await eventually(async () => {
      const answer = await api('GET', '/api/v1/me/sessions', { token: offender.accessToken });
      return answer.status === 403 ? answer : undefined;
    }, 5000);
    expect(refused.body.error.code).toBe('ACCOUNT_SUSPENDED');
    expect(refused.body.error.details[0]).toMatchObject({ sanctionId: decided.body.sanctionId, kind: 'suspension', guideline: 'respect', statement, until: expect.any(String) });
    expect((await api('GET', '/api/v1/me', { token: offender.accessToken })).status).toBe(200);
    await eventually(async () => (await api('GET', `/api/v1/blogs/${post.body.id}`)).status === 404);
    await eventually(async () => (await api('GET', '/api/v1/me/reports', { token: reporter.accessToken })).body.items.find((r: { id: string }) => r.id === report.body.id)?.status === 'actioned');

    const view = await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken });
    expect(view.body.status).toBe('decided');
    expect(view.body.history.map((h: { kind: string }) => h.kind)).toEqual(['opened', 'report-added', 'decided']);
    const again = await decide(moderator.accessToken, { action: 'dismiss', guideline: 'respect', statement: 'Again' });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('CASE_CLOSED');
  });

  it('dismisses a case: nothing happens to the author, and the reporter learns there was no violation', async () => {
    const post = await blog('A post that breaks nothing');
    const reporter = await the.member();
    const report = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: post }, guideline: 'be-factual' } });
    const found = await eventually(async () => caseOf(post));
    const dismissed = await api('POST', `/api/v1/moderation/cases/${found.id}/decisions`, { token: moderator.accessToken, body: { action: 'dismiss', guideline: 'be-factual', statement: 'The figures are sourced.' } });
    expect(dismissed.body).toEqual({ id: expect.any(String) });
    await eventually(async () => (await api('GET', '/api/v1/me/reports', { token: reporter.accessToken })).body.items.find((r: { id: string }) => r.id === report.body.id)?.status === 'no-violation');
    expect((await api('GET', `/api/v1/blogs/${post}`)).status).toBe(200);
    expect((await api('GET', '/api/v1/me/sessions', { token: author.accessToken })).status).toBe(200);
  });

  it('refuses to "remove" a profile, which nothing could carry out', async () => {
    const reporter = await the.member();
    const owner = await the.member();
    await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'profile', id: owner.id }, guideline: 'be-real' } });
    const found = await eventually(async () => caseOf(owner.id));
    const refused = await api('POST', `/api/v1/moderation/cases/${found.id}/decisions`, { token: moderator.accessToken, body: { action: 'remove-content', guideline: 'be-real', statement: 'Fake profile' } });
    expect(refused.status).toBe(400);
    expect((await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken })).body.status).toBe('open');
  });

  it('keeps the queue from members', async () => {
    const member = await the.member();
    expect((await api('GET', '/api/v1/moderation/cases', { token: member.accessToken })).status).toBe(403);
    expect((await api('GET', '/api/v1/moderation/cases?status=closed', { token: moderator.accessToken })).status).toBe(400);
  });
});
