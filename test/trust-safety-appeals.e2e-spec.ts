/**
 * Trust and safety after the report: claims, auto-hide, reporters' track records, the sanction ladder,
 * sanctions as the member reads them, appeals that undo every effect, suspensions that end by
 * themselves, and overlapping sanctions. Through the gateway, against the real NATS and PostgreSQL.
 */
import { Client } from 'pg';
import { eventually } from '@weop/testing';
import { readEvents } from './support/events';
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
let seniorA: SignedIn;
let seniorB: SignedIn;
let db: { trustSafety: Client; identity: Client };

const DAY = 86_400_000;

beforeAll(async () => {
  platform = await startPlatform('ts-appeals', {}, {}, {
    content: true,
    trustSafety: true,
    trustSafetyEnv: { AUTO_HIDE_THRESHOLD: '2', REPORTER_MUTE_AFTER_DISMISSED: '2', SANCTION_EXPIRY_INTERVAL_MS: '200' },
  });
  api = client(platform.baseUrl);
  the = given(api);
  moderator = await the.staff('moderator');
  seniorA = await the.staff('senior-moderator');
  seniorB = await the.staff('senior-moderator');
  db = {
    trustSafety: new Client({ connectionString: await platform.scope.database('trust-safety') }),
    identity: new Client({ connectionString: await platform.scope.database('identity') }),
  };
  await db.trustSafety.connect();
  await db.identity.connect();
  await eventually(async () => (await api('GET', '/api/v1/moderation/appeals', { token: seniorB.accessToken })).status === 200, 5000);
}, 60_000);

afterAll(async () => {
  await db?.trustSafety.end();
  await db?.identity.end();
  await platform?.close();
});

interface CaseSummary { id: string; reportCount: number; priority: number; assignee: string | null; hidden: boolean }

const blogBy = async (author: SignedIn, title: string): Promise<string> =>
  (await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title, body: `${title}: the text the reporters saw.`, originalityAttested: true } })).body.id as string;
const report = async (reporter: SignedIn, blogId: string, guideline = 'respect'): Promise<string> =>
  (await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: blogId }, guideline } })).body.id as string;
const caseOf = (subjectId: string, predicate: (c: CaseSummary) => boolean = () => true): Promise<CaseSummary> =>
  eventually(async () => {
    const found = (await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items.find((c: { subject: { id: string } }) => c.subject.id === subjectId) as CaseSummary | undefined;
    return found && predicate(found) ? found : undefined;
  });
const reportedCase = async (author: SignedIn, title: string): Promise<{ blogId: string; caseId: string; reportId: string; reporter: SignedIn }> => {
  const blogId = await blogBy(author, title);
  const reporter = await the.member();
  const reportId = await report(reporter, blogId);
  return { blogId, caseId: (await caseOf(blogId)).id, reportId, reporter };
};
const decide = (token: string, caseId: string, body: Record<string, unknown>) => api('POST', `/api/v1/moderation/cases/${caseId}/decisions`, { token, body });
const refused = (member: SignedIn) => eventually(async () => ((await api('GET', '/api/v1/me/sessions', { token: member.accessToken })).status === 403 ? true : undefined), 5000);
const allowed = (member: SignedIn) => eventually(async () => ((await api('GET', '/api/v1/me/sessions', { token: member.accessToken })).status === 200 ? true : undefined), 5000);
const sanctionsOf = async (member: SignedIn) => (await api('GET', '/api/v1/me/sanctions', { token: member.accessToken })).body.items as Record<string, unknown>[];

describe('appeals', () => {
  it('a suspended member reads why, appeals once, and an overturn by another senior moderator undoes every effect', async () => {
    const offender = await the.member({ displayName: 'Appellant' });
    const { blogId, caseId } = await reportedCase(offender, 'An insulting post');
    const statement = 'The post insults another member by name.';
    const decided = await decide(seniorA.accessToken, caseId, { action: 'suspend', durationDays: 7, removeContent: true, guideline: 'respect', statement });
    expect(decided.status).toBe(201);
    await refused(offender);
    await eventually(async () => (await api('GET', `/api/v1/blogs/${blogId}`)).status === 404);

    // The statement of reasons, open to her while she is suspended.
    const [notice] = await sanctionsOf(offender);
    expect(notice).toMatchObject({
      id: decided.body.sanctionId,
      kind: 'suspension',
      guideline: 'respect',
      guidelineTitle: expect.any(String),
      statement,
      restriction: expect.stringContaining('suspended until'),
      automated: false,
      state: 'in-force',
      howToAppeal: expect.stringContaining('appeal once'),
    });
    expect(notice.restriction).toContain('content was removed');
    expect(new Date(notice.appealableUntil as string).getTime() - Date.now()).toBeGreaterThan(29 * DAY);
    const [decisionMade] = (await readEvents(platform.scope, 'trust-safety.decision.made.v1')).filter((e) => e.payload.caseId === caseId);
    expect(decisionMade.payload).toMatchObject({ decisionId: decided.body.id, action: 'suspend', removeContent: true, sanctionId: decided.body.sanctionId, authorId: offender.id });

    // Someone else's sanction does not exist for her; her own she appeals once.
    const stranger = await the.member();
    expect((await api('POST', `/api/v1/sanctions/${decided.body.sanctionId}/appeals`, { token: stranger.accessToken, body: { text: 'Not mine' } })).status).toBe(404);
    const appeal = await api('POST', `/api/v1/sanctions/${decided.body.sanctionId}/appeals`, { token: offender.accessToken, body: { text: 'I quoted the insult to report it, I did not write it.' } });
    expect(appeal.status).toBe(201);
    const twice = await api('POST', `/api/v1/sanctions/${decided.body.sanctionId}/appeals`, { token: offender.accessToken, body: { text: 'Again' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_APPEALED');

    // The queue is for senior moderators; the one who decided may not judge it.
    expect((await api('GET', '/api/v1/moderation/appeals', { token: moderator.accessToken })).status).toBe(403);
    const queue = await api('GET', '/api/v1/moderation/appeals', { token: seniorB.accessToken });
    expect(queue.body.items.find((a: { id: string }) => a.id === appeal.body.id)).toMatchObject({ status: 'open', accountId: offender.id, sanctionDecidedBy: seniorA.id, sanction: { id: decided.body.sanctionId, kind: 'suspension' } });
    const own = await api('POST', `/api/v1/moderation/appeals/${appeal.body.id}/decision`, { token: seniorA.accessToken, body: { outcome: 'overturned', statement: 'Mine' } });
    expect(own.status).toBe(403);
    const overturned = await api('POST', `/api/v1/moderation/appeals/${appeal.body.id}/decision`, { token: seniorB.accessToken, body: { outcome: 'overturned', statement: 'She was quoting the insult to report it.' } });
    expect(overturned.status).toBe(201);
    expect((await api('POST', `/api/v1/moderation/appeals/${appeal.body.id}/decision`, { token: seniorB.accessToken, body: { outcome: 'upheld', statement: 'Changed my mind' } })).status).toBe(422);

    // Every effect undone: the account, the post; she is told.
    await allowed(offender);
    await eventually(async () => (await api('GET', `/api/v1/blogs/${blogId}`)).status === 200);
    const [after] = await sanctionsOf(offender);
    expect(after).toMatchObject({ state: 'lifted', appeal: { id: appeal.body.id, status: 'overturned', statement: 'She was quoting the insult to report it.' } });
    const history = (await api('GET', `/api/v1/moderation/cases/${caseId}`, { token: moderator.accessToken })).body.history.map((h: { kind: string }) => h.kind);
    expect(history).toEqual(expect.arrayContaining(['decided', 'appealed', 'appeal-decided', 'restored']));
    // Her export holds it all, open to her whatever her status.
    const exported = await api('GET', '/api/v1/me/export', { token: offender.accessToken });
    expect(exported.body.services['trust-safety'].sanctions).toEqual([expect.objectContaining({ id: decided.body.sanctionId, statement, appeal: expect.objectContaining({ status: 'overturned' }) })]);
    // An overturned sanction is no strike.
    expect((await api('GET', `/api/v1/moderation/members/${offender.id}/history`, { token: moderator.accessToken })).body).toMatchObject({ activeStrikes: 0, sanctions: [{ id: decided.body.sanctionId, liftReason: 'overturned' }] });
  });

  it('an upheld appeal changes nothing, and the window closes', async () => {
    const author = await the.member();
    const first = await reportedCase(author, 'A first rude post');
    const warned = await decide(moderator.accessToken, first.caseId, { action: 'warn', guideline: 'respect', statement: 'Rude to another member.' });
    const appeal = await api('POST', `/api/v1/sanctions/${warned.body.sanctionId}/appeals`, { token: author.accessToken, body: { text: 'It was a joke.' } });
    const upheld = await api('POST', `/api/v1/moderation/appeals/${appeal.body.id}/decision`, { token: seniorA.accessToken, body: { outcome: 'upheld', statement: 'Jokes at a member are still insults.' } });
    expect(upheld.status).toBe(201);
    expect((await sanctionsOf(author))[0]).toMatchObject({ kind: 'warning', state: 'in-force', restriction: expect.stringContaining('Nothing is restricted'), appeal: { status: 'upheld' } });
    expect((await api('GET', '/api/v1/me/sessions', { token: author.accessToken })).status).toBe(200);

    const second = await reportedCase(author, 'A second rude post');
    const again = await decide(moderator.accessToken, second.caseId, { action: 'warn', guideline: 'respect', statement: 'Rude again.' });
    await db.trustSafety.query(`update sanction set appealable_until = now() - interval '1 minute' where id = $1`, [again.body.sanctionId]);
    const late = await api('POST', `/api/v1/sanctions/${again.body.sanctionId}/appeals`, { token: author.accessToken, body: { text: 'Late' } });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('APPEAL_WINDOW_CLOSED');

    // Two strikes in force: the ladder suggests a 30-day suspension for the next case, with her record beside it.
    const third = await reportedCase(author, 'A third rude post');
    const view = (await api('GET', `/api/v1/moderation/cases/${third.caseId}`, { token: moderator.accessToken })).body;
    expect(view.author).toMatchObject({ id: author.id, activeStrikes: 2, suggestion: { action: 'suspend', durationDays: 30, reason: expect.stringContaining('2 strikes') } });
    expect(view.author.sanctions.map((s: { id: string }) => s.id)).toEqual([again.body.sanctionId, warned.body.sanctionId]);
    // A strike decays: moved back beyond STRIKE_DECAY_DAYS, it no longer counts.
    await db.trustSafety.query(`update decision set decided_at = now() - interval '181 days' where case_id = $1`, [first.caseId]);
    expect((await api('GET', `/api/v1/moderation/cases/${third.caseId}`, { token: moderator.accessToken })).body.author).toMatchObject({ activeStrikes: 1, suggestion: { action: 'suspend', durationDays: 7 } });
  });
});

describe('claims', () => {
  it('shows who holds a case, keeps others off it until the claim lapses, and moves the reports to in review', async () => {
    const author = await the.member();
    const { caseId, reportId, reporter } = await reportedCase(author, 'A post to claim');
    const claimed = await api('POST', `/api/v1/moderation/cases/${caseId}/claim`, { token: seniorA.accessToken });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id: caseId, assignee: seniorA.id, claimExpiresAt: expect.any(String) });
    expect((await caseOf(claimed.body.subject.id)).assignee).toBe(seniorA.id);
    await eventually(async () => (await api('GET', '/api/v1/me/reports', { token: reporter.accessToken })).body.items.find((r: { id: string }) => r.id === reportId)?.status === 'in-review');

    const taken = await api('POST', `/api/v1/moderation/cases/${caseId}/claim`, { token: moderator.accessToken });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CASE_CLAIMED');
    expect((await decide(moderator.accessToken, caseId, { action: 'dismiss', guideline: 'respect', statement: 'Fine' })).body.error.code).toBe('CASE_CLAIMED');
    expect((await api('POST', `/api/v1/moderation/cases/${caseId}/release`, { token: moderator.accessToken })).status).toBe(403);
    // Queues filter by the author's member country (from identity's profile events).
    await eventually(async () => (await api('GET', '/api/v1/moderation/cases?country=UZ&limit=100', { token: moderator.accessToken })).body.items.some((c: { id: string; authorCountry: string }) => c.id === caseId && c.authorCountry === 'UZ'));
    expect((await api('GET', '/api/v1/moderation/cases?country=KZ&limit=100', { token: moderator.accessToken })).body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
    const mine = await api('GET', '/api/v1/moderation/cases?assignee=me', { token: seniorA.accessToken });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);

    // A stale claim: the case is anyone's again.
    await db.trustSafety.query(`update moderation_case set claimed_at = now() - interval '31 minutes' where id = $1`, [caseId]);
    const free = await api('GET', '/api/v1/moderation/cases?assignee=none&limit=100', { token: moderator.accessToken });
    expect(free.body.items.find((c: { id: string }) => c.id === caseId)).toMatchObject({ assignee: null, claimExpiresAt: null });
    expect((await api('POST', `/api/v1/moderation/cases/${caseId}/claim`, { token: moderator.accessToken })).body.assignee).toBe(moderator.id);
    const released = await api('POST', `/api/v1/moderation/cases/${caseId}/release`, { token: moderator.accessToken });
    expect(released.body).toMatchObject({ assignee: null });
    const kinds = (await api('GET', `/api/v1/moderation/cases/${caseId}`, { token: moderator.accessToken })).body.history.map((h: { kind: string }) => h.kind);
    expect(kinds).toEqual(['opened', 'report-added', 'claimed', 'claimed', 'released']);
  });
});

describe('auto-hide and reporters', () => {
  it('hides a subject once weighted reports pass the threshold, and shows it again when the case is dismissed', async () => {
    const author = await the.member();
    const blogId = await blogBy(author, 'A post two members report at once');
    await report(await the.member(), blogId);
    await caseOf(blogId);
    expect((await api('GET', `/api/v1/blogs/${blogId}`)).status).toBe(200);
    await report(await the.member(), blogId, 'be-factual');
    const hidden = await caseOf(blogId, (c) => c.hidden);
    await eventually(async () => (await api('GET', `/api/v1/blogs/${blogId}`)).status === 404);
    const history = (await api('GET', `/api/v1/moderation/cases/${hidden.id}`, { token: moderator.accessToken })).body.history;
    expect(history.find((h: { kind: string }) => h.kind === 'hidden')).toMatchObject({ actor: 'system', data: { weightedReports: 2, threshold: 2 } });
    await decide(moderator.accessToken, hidden.id, { action: 'dismiss', guideline: 'respect', statement: 'Criticism, not insult.' });
    await eventually(async () => (await api('GET', `/api/v1/blogs/${blogId}`)).status === 200);
  });

  it('mutes a reporter whose reports keep being dismissed: her reports are kept and marked, and raise nothing', async () => {
    const reporter = await the.member();
    const author = await the.member();
    for (const title of ['First fine post', 'Second fine post']) {
      const blogId = await blogBy(author, title);
      await report(reporter, blogId);
      await decide(moderator.accessToken, (await caseOf(blogId)).id, { action: 'dismiss', guideline: 'respect', statement: 'No insult here.' });
    }
    const record = (await api('GET', `/api/v1/moderation/members/${reporter.id}/history`, { token: moderator.accessToken })).body.asReporter;
    expect(record).toMatchObject({ upheld: 0, dismissed: 2, mutedUntil: expect.any(String) });

    const mutedOn = await blogBy(author, 'A third post she reports');
    const fresh = await blogBy(author, 'A post someone new reports');
    await report(reporter, mutedOn);
    await report(await the.member(), fresh);
    const muted = await caseOf(mutedOn);
    const counted = await caseOf(fresh);
    expect(muted.priority).toBeLessThan(counted.priority);
    const view = (await api('GET', `/api/v1/moderation/cases/${muted.id}`, { token: moderator.accessToken })).body;
    expect(view.reports).toEqual([expect.objectContaining({ muted: true, weight: 0 })]);
    // A muted report and an ordinary one: 1 in weight, below the threshold of 2, so nothing is hidden.
    await report(await the.member(), mutedOn);
    expect((await caseOf(mutedOn, (c) => c.reportCount === 2)).hidden).toBe(false);
  });
});

describe('sanctions over time', () => {
  it('ends a suspension by itself: the account is active again and content is told', async () => {
    const member = await the.member();
    const { caseId } = await reportedCase(member, 'A post that earns a short suspension');
    const decided = await decide(moderator.accessToken, caseId, { action: 'suspend', durationDays: 1, guideline: 'respect', statement: 'Insults.' });
    await refused(member);
    // A day passes: both clocks are moved back rather than waited for.
    await db.trustSafety.query(`update sanction set ends_at = now() - interval '1 second' where id = $1`, [decided.body.sanctionId]);
    await db.identity.query(`update account set status_until = now() - interval '1 second' where id = $1`, [member.id]);
    await db.identity.query(`update sanction_in_force set ends_at = now() - interval '1 second' where sanction_id = $1`, [decided.body.sanctionId]);
    await allowed(member);
    const lifted = await eventually(async () => (await readEvents(platform.scope, 'trust-safety.sanction.lifted.v1')).find((e) => e.payload.sanctionId === decided.body.sanctionId));
    expect(lifted.payload.reason).toBe('expired');
    expect((await sanctionsOf(member))[0]).toMatchObject({ id: decided.body.sanctionId, state: 'ended' });
  });

  it('keeps a member under her other sanction when one of two is overturned', async () => {
    const member = await the.member();
    const long = await reportedCase(member, 'The post that earned thirty days');
    const short = await reportedCase(member, 'The post that earned seven days');
    const thirty = await decide(seniorA.accessToken, long.caseId, { action: 'suspend', durationDays: 30, guideline: 'respect', statement: 'Thirty days.' });
    const seven = await decide(seniorA.accessToken, short.caseId, { action: 'suspend', durationDays: 7, guideline: 'respect', statement: 'Seven days.' });
    const refusal = async () => (await api('GET', '/api/v1/me/sessions', { token: member.accessToken })).body.error?.details?.[0] as { sanctionId: string } | undefined;
    // The longer suspension governs while both are in force.
    await eventually(async () => (await refusal())?.sanctionId === thirty.body.sanctionId);
    const appeal = await api('POST', `/api/v1/sanctions/${thirty.body.sanctionId}/appeals`, { token: member.accessToken, body: { text: 'The thirty days were for a quote.' } });
    await api('POST', `/api/v1/moderation/appeals/${appeal.body.id}/decision`, { token: seniorB.accessToken, body: { outcome: 'overturned', statement: 'A quote, not an insult.' } });
    // Overturned: she is under the seven days now, not free.
    await eventually(async () => (await refusal())?.sanctionId === seven.body.sanctionId);
    const { rows } = await db.identity.query(`select status, status_until from account where id = $1`, [member.id]);
    expect(rows[0].status).toBe('suspended');
    expect(new Date(rows[0].status_until as string).getTime() - Date.now()).toBeLessThan(8 * DAY);
  });
});
