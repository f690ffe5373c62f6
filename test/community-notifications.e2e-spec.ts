/**
 * The notifications inbox (community), fed by every service's events: a comment on her post, a
 * mentoring request (and mentorship's 30-day reminder, sent by mentorship itself), a sanction notice, a report outcome, an award result; read/unread, preferences,
 * the daily email digest (to the development mailbox), her export and her account's deletion.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { JSONCodec, connect, headers } from 'nats';
import { BlockCreatedV1, ContentCommentCreatedV1, Headers, IdentityRequests, NOTIFICATION_KINDS, NominationResultV1, ReportOutcomeV1, SanctionImposedV1, SanctionLiftedV1 } from '@weop/contracts';
import type { AccountEmails, Principal } from '@weop/contracts';
import { Naming, ServiceClient } from '@weop/messaging';
import { eventually } from '@weop/testing';
import { MentorshipsService } from '../apps/mentorship/src/mentorships/mentorships.service';
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
let admin: SignedIn;
let mailbox: string;
let db: Client;

beforeAll(async () => {
  mailbox = await mkdtemp(join(tmpdir(), 'weop-mailbox-'));
  platform = await startPlatform('notify', {}, {}, {
    content: true,
    trustSafety: true,
    mentorship: true,
    community: true,
    // A digest pass every 200 ms, and no wait between two digests: only "not mailed yet" keeps a line from a second mail.
    communityEnv: { DIGEST_INTERVAL_MS: '200', DIGEST_PERIOD_HOURS: '0', WEOP_MAILBOX_DIR: mailbox, WEOP_PUBLIC_URL: 'https://weop.example.org' },
  });
  api = client(platform.baseUrl);
  the = given(api);
  admin = await the.admin();
  db = await platform.db('community');
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await rm(mailbox, { recursive: true, force: true });
});

interface Line {
  id: string;
  kind: string;
  text: string;
  link: string;
  readAt: string | null;
  createdAt: string;
}

const inbox = async (m: SignedIn, query = ''): Promise<{ items: Line[]; nextCursor: string | null; unreadCount: number }> => {
  const answer = await api('GET', `/api/v1/me/notifications${query}`, { token: m.accessToken });
  expect(answer.status).toBe(200);
  return answer.body;
};
/** Waits until her inbox holds a line of `kind` (and `more` agrees), and answers it. */
const told = (m: SignedIn, kind: string, more: (l: Line) => boolean = () => true): Promise<Line> =>
  eventually(async () => (await inbox(m, '?limit=100')).items.find((l) => l.kind === kind && more(l)), 10_000);
const outcome = (reporterId: string, status: 'actioned' | 'no-violation' = 'actioned'): ReportOutcomeV1 =>
  ({ reporterId, reportId: randomUUID(), subjectType: 'blog', status, decidedAt: new Date().toISOString() });
const mailsTo = async (email: string): Promise<string[]> => {
  const files = (await readdir(mailbox).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  const mails = await Promise.all(files.map(async (f) => quotedPrintable(await readFile(join(mailbox, f), 'utf8'))));
  return mails.filter((m) => m.includes(`To: ${email}`));
};
/** The mail as a person reads it: soft line breaks joined, `=XX` bytes decoded. */
const quotedPrintable = (raw: string): string =>
  Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

describe('what reaches her inbox', () => {
  it('tells the author of a post of a comment on it, names the commenter, and tells no one of her own comment', async () => {
    const author = await the.member({ displayName: 'Aigerim' });
    const commenter = await the.member({ displayName: 'Dilnoza' });
    const post = await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title: 'Women in STEM in Almaty', body: 'Our first meetup.', originalityAttested: true } });
    expect(post.status).toBe(201);
    expect((await api('POST', `/api/v1/blogs/${post.body.id}/comments`, { token: author.accessToken, body: { body: 'Photos to follow.' } })).status).toBe(201);
    expect((await api('POST', `/api/v1/blogs/${post.body.id}/comments`, { token: commenter.accessToken, body: { body: 'Wonderful, I will come next time.' } })).status).toBe(201);

    const line = await told(author, 'content.comment');
    expect(line).toEqual({ id: expect.any(String), kind: 'content.comment', text: expect.stringMatching(/^(Dilnoza|A member) commented on your blog post\.$/), link: `/blogs/${post.body.id}`, readAt: null, createdAt: expect.any(String) });
    // Her own comment announced nothing, and the commenter is not told of her own comment.
    const events = (await readEvents(platform.scope, 'content.comment.created.v1')).filter((e) => e.payload.itemId === post.body.id);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ itemAuthorId: author.id, commentAuthorId: commenter.id, itemType: 'blog' })]);
    expect((await inbox(author)).items.filter((l) => l.kind === 'content.comment')).toHaveLength(1);
    expect((await inbox(commenter)).items).toEqual([]);
  });

  it("puts a mentoring request in the mentor's inbox, and mentorship's own list keeps it too", async () => {
    const m = await the.member({ displayName: 'Mentor' });
    expect((await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: admin.accessToken, body: { role: 'mentor' } })).status).toBe(204);
    const mentor = await the.signIn(m.email, m.password);
    const profile = { expertise: ['leadership'], languages: ['ru', 'en'], countries: ['KZ', 'UZ'], timeZone: 'Asia/Almaty', capacity: 2, available: true, gender: 'woman' };
    expect((await api('PUT', '/api/v1/mentorship/mentor-profile', { token: mentor.accessToken, body: profile })).status).toBe(200);
    const mentee = await the.member();
    expect((await api('PUT', '/api/v1/mentorship/mentee-profile', { token: mentee.accessToken, body: { goals: ['lead a team'], expertise: ['leadership'], languages: ['ru'], timeZone: 'Asia/Tashkent' } })).status).toBe(200);
    for (const who of [mentor, mentee]) expect((await api('POST', '/api/v1/mentorship/code-of-conduct/acceptance', { token: who.accessToken })).status).toBe(200);
    const request = await api('POST', '/api/v1/mentorship/requests', { token: mentee.accessToken, body: { mentorId: mentor.id, message: 'I would value your advice on leading a team.' } });
    expect(request.status).toBe(201);

    const line = await told(mentor, 'mentorship.request');
    expect(line).toMatchObject({ text: 'A member asked you for mentoring.', link: `/mentorship/requests/${request.body.id}` });
    const own = await api('GET', '/api/v1/mentorship/notifications', { token: mentor.accessToken });
    expect(own.body.items).toEqual([expect.objectContaining({ kind: 'mentorship.request.received', text: 'A member asked you for mentoring.' })]);
    expect((await inbox(mentee)).items).toEqual([]);

    // The 30-day reminder, as mentorship's scheduler sends it, reaches both sides' inboxes here.
    const accepted = await api('POST', `/api/v1/mentorship/requests/${request.body.id as string}/accept`, { token: mentor.accessToken });
    expect(accepted.status).toBe(200);
    const mentorshipDb = await platform.db('mentorship');
    await mentorshipDb.query("update mentorship set started_at = now() - interval '31 days' where id = $1", [accepted.body.mentorshipId]);
    const service = platform.mentorship?.get(MentorshipsService);
    if (!service) throw new Error('mentorship is not running');
    expect(await service.remindQuiet(30)).toBeGreaterThanOrEqual(1);
    for (const side of [mentor, mentee]) {
      expect(await told(side, 'mentorship.reminder')).toMatchObject({
        text: 'No session has been logged in this mentorship for 30 days. A short check-in keeps it going.', link: `/mentorship/mentorships/${accepted.body.mentorshipId as string}`,
      });
    }
  });

  it('tells the sanctioned member (she can read it while suspended) and the reporter only that action was taken', async () => {
    const moderator = await the.staff('moderator');
    const offender = await the.member({ displayName: 'Offender Name' });
    const reporter = await the.member();
    const post = await api('POST', '/api/v1/blogs', { token: offender.accessToken, body: { title: 'An insulting post', body: 'Insults aimed at another member.', originalityAttested: true } });
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: post.body.id }, guideline: 'respect' } })).status).toBe(202);
    const found = await eventually(async () =>
      ((await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items as { id: string; subject: { id: string } }[]).find((c) => c.subject.id === post.body.id), 10_000);
    const statement = 'Repeated insults against another member.';
    const decided = await api('POST', `/api/v1/moderation/cases/${found.id}/decisions`, { token: moderator.accessToken, body: { action: 'suspend', guideline: 'respect', statement, durationDays: 7, removeContent: true } });
    expect(decided.status).toBe(201);

    // Suspended everywhere, she still reads her inbox.
    await eventually(async () => (await api('GET', '/api/v1/me/sessions', { token: offender.accessToken })).status === 403 || undefined, 10_000);
    const notice = await told(offender, 'sanction.notice');
    expect(notice).toMatchObject({ text: expect.stringMatching(/^Your account is suspended until \d{4}-\d{2}-\d{2} under the community guidelines\. Read the reasons and how to appeal\.$/), link: '/me/sanctions' });
    expect((await api('POST', '/api/v1/me/notifications/read', { token: offender.accessToken, body: { ids: [notice.id] } })).status).toBe(204);

    const result = await told(reporter, 'report.outcome');
    expect(result).toMatchObject({ text: 'Your report was reviewed: we took action. Thank you for helping keep the community safe.', link: '/me/reports' });
    const everything = JSON.stringify(await inbox(reporter));
    for (const secret of [offender.id, 'Offender Name', post.body.id, 'suspend', 'respect', statement, decided.body.sanctionId]) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('sanction');
    const [event] = (await readEvents(platform.scope, 'trust-safety.report.outcome.v1')).filter((e) => e.payload.reporterId === reporter.id);
    expect(Object.keys(event.payload).sort()).toEqual(['decidedAt', 'reportId', 'reporterId', 'status', 'subjectType']);
  });

  it('tells her nothing a member she blocked does', async () => {
    const her = await the.member();
    const blocked = await the.member();
    const stranger = await the.member();
    await publishEvent(platform.scope, BlockCreatedV1.subject, { blockerId: her.id, blockedId: blocked.id, version: 1, at: new Date().toISOString() });
    const itemId = randomUUID();
    const comment = (by: SignedIn): ContentCommentCreatedV1 =>
      ({ commentId: randomUUID(), itemId, itemType: 'discussion', itemAuthorId: her.id, commentAuthorId: by.id, link: `/discussions/${itemId}`, createdAt: new Date().toISOString() });
    // Content's events after identity's block has been applied (another stream: wait for the projection first).
    await eventually(async () => ((await db.query('select 1 from block_projection where blocker_id = $1 and active', [her.id])).rowCount === 1) || undefined, 10_000);
    await publishEvent(platform.scope, ContentCommentCreatedV1.subject, comment(blocked));
    await publishEvent(platform.scope, ContentCommentCreatedV1.subject, comment(stranger));
    expect((await told(her, 'content.comment')).text).toMatch(/replied to your discussion\.$/);
    await new Promise((r) => setTimeout(r, 300));
    expect((await inbox(her)).items).toHaveLength(1);
  });

  it('tells a nominator and her member nominee the award result', async () => {
    const nominator = await the.member();
    const nominee = await the.member();
    await publishEvent(platform.scope, NominationResultV1.subject, {
      nominationId: randomUUID(), cycleId: randomUUID(), year: 2026, nominatorId: nominator.id, nomineeMemberId: nominee.id, outcome: 'champion', publishedAt: new Date().toISOString(),
    });
    expect((await told(nominator, 'award.result')).text).toBe('The 2026 CAREC Gender Award results are published: your nominee is a Gender Champion.');
    expect(await told(nominee, 'award.result')).toMatchObject({ text: 'Congratulations: you are a 2026 CAREC Gender Champion.', link: '/awards/champions' });
  });

  it('adds one line however often an event is delivered', async () => {
    const member = await the.member();
    const event: SanctionImposedV1 = {
      sanctionId: randomUUID(), accountId: member.id, kind: 'warning', guideline: 'respect', statement: 'A warning.', startsAt: new Date().toISOString(), endsAt: null, caseId: null,
    };
    const envelopeId = randomUUID();
    await publishEvent(platform.scope, SanctionImposedV1.subject, event, envelopeId);
    await publishEvent(platform.scope, SanctionImposedV1.subject, event, envelopeId);
    await told(member, 'sanction.notice');
    // A later event on the same consumer has passed both copies.
    await publishEvent(platform.scope, SanctionImposedV1.subject, { ...event, sanctionId: randomUUID() });
    await eventually(async () => (await inbox(member)).items.length === 2 || undefined, 10_000);
    expect((await inbox(member)).items.map((l) => l.text)).toEqual([
      'You received a warning under the community guidelines. Read the reasons and how to appeal.',
      'You received a warning under the community guidelines. Read the reasons and how to appeal.',
    ]);

    // The end of a sanction is a notice too.
    await publishEvent(platform.scope, SanctionLiftedV1.subject, { sanctionId: event.sanctionId, accountId: member.id, reason: 'revoked', liftedAt: new Date().toISOString() });
    expect(await told(member, 'sanction.notice', (l) => l.text.includes('lifted'))).toMatchObject({ text: 'A sanction on your account was lifted.', link: '/me/sanctions' });
  });
});

describe('read and unread', () => {
  it('counts her unread, filters them, pages them, and marks only hers read', async () => {
    const her = await the.member();
    const other = await the.member();
    for (let i = 0; i < 3; i++) await publishEvent(platform.scope, ReportOutcomeV1.subject, outcome(her.id, i === 0 ? 'no-violation' : 'actioned'));
    await publishEvent(platform.scope, ReportOutcomeV1.subject, outcome(other.id));
    await eventually(async () => ((await inbox(her)).items.length === 3 ? true : undefined), 10_000);
    const theirs = await told(other, 'report.outcome');

    const first = await inbox(her, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.unreadCount).toBe(3);
    const second = await inbox(her, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.map((l) => l.createdAt)).toEqual([...all.map((l) => l.createdAt)].sort().reverse());
    expect(all.map((l) => l.text)).toContain('Your report was reviewed: we found no violation of the community guidelines. Thank you for telling us.');

    // Her id and another member's: only hers changes, and the answer is the same 204.
    const read = await api('POST', '/api/v1/me/notifications/read', { token: her.accessToken, body: { ids: [all[0].id, theirs.id] } });
    expect(read.status).toBe(204);
    const after = await inbox(her);
    expect(after.unreadCount).toBe(2);
    expect(after.items.find((l) => l.id === all[0].id)?.readAt).toEqual(expect.any(String));
    expect((await inbox(her, '?unread=true')).items.map((l) => l.id)).toEqual([all[1].id, all[2].id]);
    expect(await inbox(other)).toMatchObject({ unreadCount: 1, items: [expect.objectContaining({ id: theirs.id, readAt: null })] });

    expect((await api('POST', '/api/v1/me/notifications/read-all', { token: her.accessToken })).status).toBe(204);
    expect(await inbox(her, '?unread=true')).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
    expect((await inbox(other)).unreadCount).toBe(1);

    expect((await api('POST', '/api/v1/me/notifications/read', { token: her.accessToken, body: { ids: ['not-an-id'] } })).status).toBe(400);
    expect((await api('POST', '/api/v1/me/notifications/read', { token: her.accessToken, body: { ids: [] } })).status).toBe(400);
    expect((await api('GET', '/api/v1/me/notifications?cursor=bm9wZQ', { token: her.accessToken })).status).toBe(400);
    expect((await api('GET', '/api/v1/me/notifications?unread=maybe', { token: her.accessToken })).status).toBe(400);
    expect((await api('GET', '/api/v1/me/notifications')).status).toBe(401);
  });
});

describe('preferences', () => {
  it('keeps a kind she switched off out of her inbox entirely, but never the sanction notice', async () => {
    const her = await the.member();
    const defaults = await api('GET', '/api/v1/me/notification-preferences', { token: her.accessToken });
    expect(defaults.status).toBe(200);
    expect(defaults.body.digest).toBe('off');
    expect(defaults.body.kinds['report.outcome']).toEqual({ inbox: true, email: true });
    expect(Object.keys(defaults.body.kinds).sort()).toEqual([...NOTIFICATION_KINDS].sort());

    const off = await api('PUT', '/api/v1/me/notification-preferences', { token: her.accessToken, body: { kinds: { 'report.outcome': { inbox: false, email: false } } } });
    expect(off.status).toBe(200);
    expect(off.body.kinds['report.outcome']).toEqual({ inbox: false, email: false });
    expect(off.body.kinds['award.result']).toEqual({ inbox: true, email: true });

    await publishEvent(platform.scope, ReportOutcomeV1.subject, outcome(her.id));
    // A later event of a kind she keeps, after which the first has been applied (or dropped).
    await publishEvent(platform.scope, ReportOutcomeV1.subject, { ...outcome(her.id), status: 'no-violation' });
    await publishEvent(platform.scope, SanctionImposedV1.subject, {
      sanctionId: randomUUID(), accountId: her.id, kind: 'warning', guideline: 'respect', statement: 'A warning.', startsAt: new Date().toISOString(), endsAt: null, caseId: null,
    });
    await told(her, 'sanction.notice');
    await new Promise((r) => setTimeout(r, 500));
    expect((await inbox(her)).items.map((l) => l.kind)).toEqual(['sanction.notice']);
    const stored = await db.query('select kind from notification where recipient_id = $1', [her.id]);
    expect(stored.rows).toEqual([{ kind: 'sanction.notice' }]);

    const required = await api('PUT', '/api/v1/me/notification-preferences', { token: her.accessToken, body: { kinds: { 'sanction.notice': { inbox: false, email: true } } } });
    expect(required.status).toBe(422);
    expect(required.body.error).toMatchObject({ code: 'NOTIFICATION_REQUIRED', details: [{ field: 'kinds.sanction.notice.inbox', problem: 'cannot be false' }] });
    // Out of her digest, though, she may keep it.
    expect((await api('PUT', '/api/v1/me/notification-preferences', { token: her.accessToken, body: { kinds: { 'sanction.notice': { inbox: true, email: false } } } })).status).toBe(200);
    expect((await api('PUT', '/api/v1/me/notification-preferences', { token: her.accessToken, body: { kinds: { 'friend.poke': { inbox: true, email: true } } } })).status).toBe(400);
    expect((await api('PUT', '/api/v1/me/notification-preferences', { token: her.accessToken, body: { digest: 'hourly' } })).status).toBe(400);
    expect((await api('PUT', '/api/v1/me/notification-preferences', { token: her.accessToken, body: { kinds: { 'award.result': { inbox: true } } } })).status).toBe(400);
    const kept = await api('GET', '/api/v1/me/notification-preferences', { token: her.accessToken });
    expect(kept.body.kinds['report.outcome']).toEqual({ inbox: false, email: false });
    expect(kept.body.kinds['sanction.notice']).toEqual({ inbox: true, email: false });
  });
});

describe('the daily email digest', () => {
  it('mails her unread lines once, in one mail, to the address identity holds; nothing for a member without a digest', async () => {
    const her = await the.member();
    const quiet = await the.member();
    expect((await api('PUT', '/api/v1/me/notification-preferences', { token: her.accessToken, body: { digest: 'daily', kinds: { 'award.result': { inbox: true, email: false } } } })).status).toBe(200);
    await publishEvent(platform.scope, ReportOutcomeV1.subject, outcome(her.id, 'no-violation'));
    await publishEvent(platform.scope, ReportOutcomeV1.subject, outcome(quiet.id));
    await told(quiet, 'report.outcome');

    const [mail] = await eventually(async () => {
      const mails = await mailsTo(her.email);
      return mails.length > 0 ? mails : undefined;
    }, 10_000);
    expect(mail).toContain('Subject: WEOP: 1 unread notification');
    expect(mail).toContain('- 1 report outcomes');
    expect(mail).toContain('Your report was reviewed: we found no violation of the community guidelines.');
    expect(mail).toContain('https://weop.example.org/me/reports');

    // Passes go on every 200 ms: the line is not mailed again.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await mailsTo(her.email)).toHaveLength(1);
    expect(await mailsTo(quiet.email)).toEqual([]);

    // A new line of a kind she gets by email comes in the next mail, alone; one she left out of email does not.
    await publishEvent(platform.scope, NominationResultV1.subject, {
      nominationId: randomUUID(), cycleId: randomUUID(), year: 2026, nominatorId: her.id, nomineeMemberId: null, outcome: 'not-selected', publishedAt: new Date().toISOString(),
    });
    await told(her, 'award.result');
    await publishEvent(platform.scope, ReportOutcomeV1.subject, outcome(her.id, 'actioned'));
    const mails = await eventually(async () => {
      const all = await mailsTo(her.email);
      return all.length === 2 ? all : undefined;
    }, 10_000);
    const second = mails.find((m) => m !== mail)!;
    expect(second).toContain('Your report was reviewed: we took action.');
    expect(second).not.toContain('no violation');
    expect(second).not.toContain('CAREC Gender Award');
    // Read lines are never mailed: she has read everything, and nothing more comes.
    expect((await api('POST', '/api/v1/me/notifications/read-all', { token: her.accessToken })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 600));
    expect(await mailsTo(her.email)).toHaveLength(2);
    const stored = await db.query('select count(*)::int as n from notification where recipient_id = $1 and kind = $2 and emailed_at is not null', [her.id, 'report.outcome']);
    expect(stored.rows[0].n).toBe(2);
  });

  it("asks identity for addresses over an internal request that refuses any call made for a member, and the gateway has no route to it", async () => {
    const her = await the.member();
    const nc = await connect({ servers: platform.scope.natsUrl });
    try {
      const identity = new ServiceClient(nc, new Naming(platform.scope.namespace));
      const answer = await identity.request<AccountEmails>(IdentityRequests.accountEmails, { accountIds: [her.id, randomUUID()] });
      expect(answer).toEqual({ items: [{ accountId: her.id, email: her.email }] });
      await expect(identity.request(IdentityRequests.accountEmails, { accountIds: [her.id] }, { principal: { accountId: her.id, sessionId: randomUUID(), roles: ['member'] } satisfies Principal }))
        .rejects.toMatchObject({ code: 'FORBIDDEN' });
      // A principal header that does not even parse is refused too: only the platform's own services ask.
      const forged = headers();
      forged.set(Headers.principal, '{"accountId":1}');
      const reply = await nc.request(new Naming(platform.scope.namespace).rpc(IdentityRequests.accountEmails), JSONCodec().encode({ pattern: new Naming(platform.scope.namespace).rpc(IdentityRequests.accountEmails), data: { accountIds: [her.id] }, id: randomUUID() }), { headers: forged, timeout: 5000 });
      expect(JSON.stringify(JSONCodec().decode(reply.data))).toContain('FORBIDDEN');
      expect(JSON.stringify(JSONCodec().decode(reply.data))).not.toContain(her.email);
    } finally {
      await nc.close();
    }
    expect(JSON.stringify((await api('GET', '/api/docs-json')).body)).not.toContain('emails');
  });
});

describe('her data', () => {
  it('exports her notifications and preferences, and deletes them with her account', async () => {
    const her = await the.member();
    await api('PUT', '/api/v1/me/notification-preferences', { token: her.accessToken, body: { kinds: { 'content.comment': { inbox: true, email: false } } } });
    await publishEvent(platform.scope, ReportOutcomeV1.subject, outcome(her.id));
    await told(her, 'report.outcome');

    const exported = await api('GET', '/api/v1/me/export', { token: her.accessToken });
    expect(exported.status).toBe(200);
    expect(exported.body.services.community).toMatchObject({
      notificationPreferences: { digest: 'off', kinds: expect.objectContaining({ 'content.comment': { inbox: true, email: false } }) },
      notifications: [expect.objectContaining({ kind: 'report.outcome', link: '/me/reports', emailedAt: null })],
    });

    expect((await api('DELETE', '/api/v1/me', { token: her.accessToken, body: { password: her.password } })).status).toBe(204);
    await eventually(async () => {
      const left = await db.query('select (select count(*) from notification where recipient_id = $1)::int + (select count(*) from notification_preference where account_id = $1)::int as n', [her.id]);
      return left.rows[0].n === 0 ? true : undefined;
    }, 10_000);
  });
});
