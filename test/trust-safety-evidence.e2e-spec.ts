/**
 * What trust-safety shows, and to whom: a moderator never reads the case about herself; every report
 * keeps what its reporter saw; the statement of reasons names the content, in her language; subjects
 * whose owner cannot hide them are never hidden or "removed"; one member's report hides nothing. With
 * AUTO_HIDE_THRESHOLD at 1, so that only the distinct-reporter rule stands between a report and a hide.
 */
import { randomUUID } from 'node:crypto';
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
let moderator: SignedIn;
let senior: SignedIn;
let db: Client;

beforeAll(async () => {
  platform = await startPlatform('ts-evidence', {}, {}, { content: true, trustSafety: true, trustSafetyEnv: { AUTO_HIDE_THRESHOLD: '1' } });
  api = client(platform.baseUrl);
  the = given(api);
  moderator = await the.staff('moderator', { displayName: 'Moderator' });
  senior = await the.staff('senior-moderator', { displayName: 'Senior' });
  db = new Client({ connectionString: await platform.scope.database('trust-safety') });
  await db.connect();
  await eventually(async () => (await api('GET', '/api/v1/moderation/cases', { token: moderator.accessToken })).status === 200, 5000);
}, 60_000);

afterAll(async () => {
  await db?.end();
  await platform?.close();
});

interface CaseSummary { id: string; reportCount: number; hidden: boolean; subject: { type: string; id: string } }

const blogBy = async (author: SignedIn, title: string): Promise<string> => {
  const made = await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title, body: `${title}: the text as first published.`, originalityAttested: true } });
  if (made.status !== 201) throw new Error(`blog: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.id as string;
};
const report = async (reporter: SignedIn, type: string, id: string, guideline = 'respect', details?: string): Promise<string> => {
  const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type, id }, guideline, ...(details ? { details } : {}) } });
  if (filed.status !== 202) throw new Error(`report: ${filed.status} ${JSON.stringify(filed.body)}`);
  return filed.body.id as string;
};
const queueOf = async (viewer: SignedIn): Promise<CaseSummary[]> => (await api('GET', '/api/v1/moderation/cases?limit=100', { token: viewer.accessToken })).body.items as CaseSummary[];
const caseOf = (subjectId: string, predicate: (c: CaseSummary) => boolean = () => true, viewer = moderator): Promise<CaseSummary> =>
  eventually(async () => (await queueOf(viewer)).find((c) => c.subject.id === subjectId && predicate(c)));
const decide = (token: string, caseId: string, body: Record<string, unknown>) => api('POST', `/api/v1/moderation/cases/${caseId}/decisions`, { token, body });
/** A report as the owning service would announce it (mentorship and community are not running here). */
const announce = (subject: 'mentorship.report.filed.v1' | 'community.report.filed.v1' | 'content.report.filed.v1', subjectType: string, subjectId: string, reporterId: string | null, snapshot: Record<string, unknown>) =>
  publishEvent(platform.scope, subject, {
    reportId: randomUUID(), subjectType, subjectId, guideline: 'respect', reporterId, details: null,
    signals: reporterId ? [] : [{ detector: 'near-duplicate', code: 'near-duplicate', detail: 'Close to another post' }],
    snapshot: { title: null, body: 'What was reported.', authorId: null, authorName: null, createdAt: new Date().toISOString(), ...snapshot },
    filedAt: new Date().toISOString(),
  } as never);
const visibilityEventsOf = async (subjectId: string) =>
  (await readEvents(platform.scope, 'trust-safety.subject.visibility-changed.v1')).filter((e) => e.payload.subjectId === subjectId);

describe('a moderator reported herself', () => {
  it('does not see the case about her, her own record or her own appeal; other moderators do', async () => {
    const herself = await the.staff('senior-moderator', { displayName: 'Reported Moderator' });
    const reporter = await the.member();
    const blogId = await blogBy(herself, 'A post by a moderator');
    await report(reporter, 'blog', blogId, 'respect', 'She insulted me in our group chat last week');
    const found = await caseOf(blogId);

    expect((await queueOf(herself)).some((c) => c.subject.id === blogId)).toBe(false);
    expect((await api('GET', `/api/v1/moderation/cases?limit=100&subjectType=blog&guideline=respect`, { token: herself.accessToken })).body.items.map((c: CaseSummary) => c.id)).not.toContain(found.id);
    // Every route on the case answers as for a case that does not exist.
    for (const [method, path, body] of [
      ['GET', `/api/v1/moderation/cases/${found.id}`, undefined],
      ['POST', `/api/v1/moderation/cases/${found.id}/claim`, undefined],
      ['POST', `/api/v1/moderation/cases/${found.id}/release`, undefined],
      ['POST', `/api/v1/moderation/cases/${found.id}/decisions`, { action: 'dismiss', guideline: 'respect', statement: 'Nothing wrong.' }],
    ] as const) {
      const answer = await api(method, path, { token: herself.accessToken, ...(body ? { body } : {}) });
      expect({ path, status: answer.status, code: answer.body.error?.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
      expect(JSON.stringify(answer.body)).not.toContain('group chat');
    }
    const ownRecord = await api('GET', `/api/v1/moderation/members/${herself.id}/history`, { token: herself.accessToken });
    expect(ownRecord.status).toBe(403);
    expect(ownRecord.body.error.code).toBe('FORBIDDEN');

    // Another moderator reads it all, and decides.
    const view = await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken });
    expect(view.status).toBe(200);
    expect(view.body.reports[0].details).toBe('She insulted me in our group chat last week');
    expect((await api('GET', `/api/v1/moderation/members/${herself.id}/history`, { token: moderator.accessToken })).body.cases.map((c: { id: string }) => c.id)).toContain(found.id);
    const decided = await decide(moderator.accessToken, found.id, { action: 'warn', guideline: 'respect', statement: 'A rude remark about another member.' });
    expect(decided.status).toBe(201);

    // She appeals like any member; the appeals queue she judges leaves hers out, another senior moderator's has it.
    const appeal = await api('POST', `/api/v1/sanctions/${decided.body.sanctionId}/appeals`, { token: herself.accessToken, body: { text: 'It was a quotation.' } });
    expect(appeal.status).toBe(201);
    const queueIds = async (viewer: SignedIn): Promise<string[]> => (await api('GET', '/api/v1/moderation/appeals?limit=100', { token: viewer.accessToken })).body.items.map((a: { id: string }) => a.id);
    expect(await queueIds(senior)).toContain(appeal.body.id);
    expect(await queueIds(herself)).not.toContain(appeal.body.id);
  });
});

describe('the evidence of every report', () => {
  it('keeps the subject as each reporter saw it, the case keeping the first one', async () => {
    const author = await the.member({ displayName: 'Editing Author' });
    const blogId = await blogBy(author, 'Before the edit');
    const [first, second] = [await the.member(), await the.member()];
    const firstReport = await report(first, 'blog', blogId);
    await caseOf(blogId);
    const edited = await api('PATCH', `/api/v1/blogs/${blogId}`, { token: author.accessToken, body: { title: 'After the edit', body: 'Toned down after the first report.' } });
    expect(edited.status).toBe(200);
    const secondReport = await report(second, 'blog', blogId);
    const found = await caseOf(blogId, (c) => c.reportCount === 2);

    const view = (await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken })).body;
    expect(view.snapshot).toMatchObject({ title: 'Before the edit' });
    const snapshotOf = (id: string) => view.reports.find((r: { id: string }) => r.id === id).snapshot;
    expect(snapshotOf(firstReport)).toMatchObject({ title: 'Before the edit', body: expect.stringContaining('as first published'), authorId: author.id });
    expect(snapshotOf(secondReport)).toMatchObject({ title: 'After the edit', body: 'Toned down after the first report.', authorId: author.id });

    // A report kept before snapshots were stored per report shows none.
    await db.query('update case_report set snapshot = null where id = $1', [firstReport]);
    const again = (await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken })).body;
    expect(again.reports.find((r: { id: string }) => r.id === firstReport).snapshot).toBeNull();
  });
});

describe('the statement of reasons', () => {
  it('names the content the sanction is about, and says what is restricted in her language', async () => {
    const author = await the.member({ displayName: 'Sanctioned Author' });
    const blogId = await blogBy(author, 'A post that earns a suspension');
    await report(await the.member(), 'blog', blogId);
    const found = await caseOf(blogId);
    expect((await decide(moderator.accessToken, found.id, { action: 'suspend', durationDays: 3, removeContent: true, guideline: 'respect', statement: 'Insults aimed at another member.' })).status).toBe(201);

    const read = async (language?: string) =>
      (await api('GET', '/api/v1/me/sanctions', { token: author.accessToken, ...(language ? { headers: { 'accept-language': language } } : {}) })).body.items[0];
    const english = await read();
    expect(english.subject).toEqual({ type: 'blog', id: blogId, title: 'A post that earns a suspension' });
    expect(english.restriction).toMatch(/^Your account is suspended until .* The reported content was removed\.$/);
    const russian = await read('ru-RU, en;q=0.5');
    expect(russian.guidelineTitle).toBe('Проявляйте уважение');
    expect(russian.restriction).toMatch(/^Ваш аккаунт приостановлен до .* Материал, на который пожаловались, удалён\.$/);
    expect(russian.subject).toEqual(english.subject);
    expect(russian.howToAppeal).toMatch(/^Вы можете подать апелляцию один раз, до \d{4}-\d{2}-\d{2}/);
    const chinese = await read('zh-CN');
    expect(chinese.restriction).toContain('您的账户已被暂停');
    expect(chinese.restriction).toContain('被举报的内容已被删除');
    expect(chinese.howToAppeal).toContain('申诉');
    expect((await read('uz')).restriction).toBe(english.restriction);
    expect(english.howToAppeal).toMatch(/^You can appeal once, until /);
  });

  it('names no subject for a mentorship: its only other member reported her, and even its id would say who', async () => {
    const mentor = await the.member({ displayName: 'Reported Mentor' });
    const mentorshipId = randomUUID();
    await announce('mentorship.report.filed.v1', 'mentorship', mentorshipId, randomUUID(), { title: 'Mentorship of Reporting Mentee with Reported Mentor', authorId: mentor.id, authorName: 'Reported Mentor' });
    const found = await caseOf(mentorshipId);
    expect((await decide(moderator.accessToken, found.id, { action: 'warn', guideline: 'respect', statement: 'Demeaning remarks in sessions.' })).status).toBe(201);
    const [sanction] = (await api('GET', '/api/v1/me/sanctions', { token: mentor.accessToken })).body.items;
    expect(sanction.subject).toBeNull();
    expect(JSON.stringify(sanction)).not.toContain(mentorshipId);
    expect(JSON.stringify(sanction)).not.toContain('Reporting Mentee');
  });
});

describe('subjects whose owner cannot hide them', () => {
  it('never hides or removes a mentorship, refusing remove-content as for a profile; a message is hidden', async () => {
    const mentor = await the.member({ displayName: 'Mentor Under Review' });
    const mentorshipId = randomUUID();
    for (const reporterId of [randomUUID(), randomUUID()]) {
      await announce('mentorship.report.filed.v1', 'mentorship', mentorshipId, reporterId, { title: 'A mentorship', authorId: mentor.id });
    }
    const found = await caseOf(mentorshipId, (c) => c.reportCount === 2);
    expect(found.hidden).toBe(false);

    const removal = await decide(moderator.accessToken, found.id, { action: 'remove-content', guideline: 'respect', statement: 'Remove it.' });
    expect(removal.status).toBe(400);
    expect(removal.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'action', problem: expect.stringContaining('cannot be removed') }] });
    const withSanction = await decide(moderator.accessToken, found.id, { action: 'warn', removeContent: true, guideline: 'respect', statement: 'Remove it and warn.' });
    expect(withSanction.status).toBe(400);
    expect(withSanction.body.error.details[0].field).toBe('removeContent');
    // The profile refusal answers the same way.
    const profile = await the.member();
    await report(await the.member(), 'profile', profile.id, 'be-real');
    const profileCase = await caseOf(profile.id);
    const profileRemoval = await decide(moderator.accessToken, profileCase.id, { action: 'remove-content', guideline: 'be-real', statement: 'Remove it.' });
    expect({ status: profileRemoval.status, code: profileRemoval.body.error.code, field: profileRemoval.body.error.details[0].field }).toEqual({ status: 400, code: 'VALIDATION_FAILED', field: 'action' });

    // A message, which community hides, is hidden by the same two reports.
    const messageId = randomUUID();
    for (const reporterId of [randomUUID(), randomUUID()]) {
      await announce('community.report.filed.v1', 'message', messageId, reporterId, { title: 'Direct message', authorId: mentor.id });
    }
    expect((await caseOf(messageId, (c) => c.reportCount === 2)).hidden).toBe(true);
    await eventually(async () => ((await visibilityEventsOf(messageId)).length === 1 ? true : undefined));
    expect(await visibilityEventsOf(mentorshipId)).toEqual([]);
    expect((await decide(moderator.accessToken, found.id, { action: 'warn', guideline: 'respect', statement: 'Demeaning remarks.' })).status).toBe(201);
    expect(await visibilityEventsOf(mentorshipId)).toEqual([]);
  });
});

describe('auto-hide', () => {
  it('needs two members, whatever the threshold: one member, a detector or a muted reporter hide nothing', async () => {
    const author = await the.member();
    const blogId = await blogBy(author, 'A post reported once');
    await report(await the.member(), 'blog', blogId);
    expect((await caseOf(blogId)).hidden).toBe(false);
    // A detector's report adds weight but is not a member.
    await announce('content.report.filed.v1', 'blog', blogId, null, { title: 'A post reported once', authorId: author.id });
    expect((await caseOf(blogId, (c) => c.reportCount === 2)).hidden).toBe(false);
    // A muted member counts for nothing.
    const muted = await the.member();
    await db.query(`insert into reporter_standing (reporter_id, dismissed, muted_until, updated_at) values ($1, 5, now() + interval '1 day', now())`, [muted.id]);
    await report(muted, 'blog', blogId);
    expect((await caseOf(blogId, (c) => c.reportCount === 3)).hidden).toBe(false);
    expect(await visibilityEventsOf(blogId)).toEqual([]);

    // A second member: now it is hidden pending review.
    await report(await the.member(), 'blog', blogId);
    const hidden = await caseOf(blogId, (c) => c.reportCount === 4);
    expect(hidden.hidden).toBe(true);
    const history = (await api('GET', `/api/v1/moderation/cases/${hidden.id}`, { token: moderator.accessToken })).body.history;
    expect(history.find((h: { kind: string }) => h.kind === 'hidden')).toMatchObject({ actor: 'system', data: { threshold: 1, reporters: 2 } });
    await eventually(async () => ((await visibilityEventsOf(blogId)).length === 1 ? true : undefined));
  });
});
