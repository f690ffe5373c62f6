/**
 * Reports on content and profiles through the gateway, and trust-safety's outcomes applied by
 * content exactly once (the test plays trust-safety on the event backbone).
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
let author: SignedIn;
let reporter: SignedIn;

beforeAll(async () => {
  platform = await startPlatform('content-reports', {}, {}, { content: true });
  api = client(platform.baseUrl);
  the = given(api);
  author = await the.member({ displayName: 'Author' });
  reporter = await the.member({ displayName: 'Reporter' });
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const newBlog = async (token: string, title = 'A post that will be reported'): Promise<string> => {
  const created = await api('POST', '/api/v1/blogs', { token, body: { title, body: 'Text of the post, long enough to be judged by a moderator.', originalityAttested: true } });
  expect(created.status).toBe(201);
  return created.body.id as string;
};

describe('reports', () => {
  it('takes a report once, snapshots the subject and tells trust-safety, never naming the reporter in answers', async () => {
    const blogId = await newBlog(author.accessToken);
    const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: blogId }, guideline: 'respect', details: 'Insults in the second paragraph' } });
    expect(filed.status).toBe(202);
    expect(filed.body).toEqual({ id: expect.any(String) });
    const again = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: blogId }, guideline: 'safety' } });
    expect(again.status).toBe(409);

    await eventually(async () => {
      const [event] = (await readEvents(platform.scope, 'content.report.filed.v1')).filter((e) => e.payload.reportId === filed.body.id);
      expect(event.payload).toMatchObject({
        subjectType: 'blog',
        subjectId: blogId,
        guideline: 'respect',
        reporterId: reporter.id,
        details: 'Insults in the second paragraph',
        snapshot: { title: 'A post that will be reported', authorId: author.id, authorName: 'Author', body: expect.stringContaining('Text of the post') },
      });
      return true;
    });

    // The author edits her post afterwards: the evidence keeps what the reporter saw.
    await api('PATCH', `/api/v1/blogs/${blogId}`, { token: author.accessToken, body: { body: 'Edited to look innocent.' } });
    const events = (await readEvents(platform.scope, 'content.report.filed.v1')).filter((e) => e.payload.reportId === filed.body.id);
    expect(events[0].payload.snapshot.body).toContain('Text of the post');

    const mine = await api('GET', '/api/v1/me/reports', { token: reporter.accessToken });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: filed.body.id, subject: { type: 'blog', id: blogId }, guideline: 'respect', status: 'received' })]);
    expect(JSON.stringify((await api('GET', `/api/v1/blogs/${blogId}`, { token: author.accessToken })).body)).not.toContain(reporter.id);
  });

  it('answers 404 for a subject that does not exist or she cannot see, and refuses reporting her own', async () => {
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: randomUUID() }, guideline: 'respect' } })).status).toBe(404);
    const draft = await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title: 'Draft', body: 'Not yet', draft: true } });
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: draft.body.id }, guideline: 'respect' } })).status).toBe(404);
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'job', id: draft.body.id }, guideline: 'respect' } })).status).toBe(404);
    const own = await api('POST', '/api/v1/reports', { token: author.accessToken, body: { subject: { type: 'blog', id: await newBlog(author.accessToken) }, guideline: 'respect' } });
    expect(own.status).toBe(422);
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: randomUUID() }, guideline: 'be-nice' } })).status).toBe(400);
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'group', id: randomUUID() }, guideline: 'respect' } })).status).toBe(404);
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { guideline: 'respect' } })).status).toBe(400);
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: [{ type: 'blog', id: randomUUID() }], guideline: 'respect' } })).status).toBe(400);
  });

  it('takes reports on comments, with the comment as evidence', async () => {
    const blogId = await newBlog(author.accessToken, 'Post with a nasty comment');
    const comment = await api('POST', `/api/v1/blogs/${blogId}/comments`, { token: author.accessToken, body: { body: 'A comment that insults' } });
    const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'comment', id: comment.body.id }, guideline: 'respect' } });
    expect(filed.status).toBe(202);
    await eventually(async () => {
      const [event] = (await readEvents(platform.scope, 'content.report.filed.v1')).filter((e) => e.payload.reportId === filed.body.id);
      expect(event.payload.snapshot).toMatchObject({ body: 'A comment that insults', authorId: author.id });
      return true;
    });
  });

  it('takes reports on profiles through identity, and lists them with her content reports', async () => {
    const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'profile', id: author.id }, guideline: 'be-real' } });
    expect(filed.status).toBe(202);
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'profile', id: author.id }, guideline: 'be-real' } })).status).toBe(409);
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'profile', id: randomUUID() }, guideline: 'be-real' } })).status).toBe(404);
    await eventually(async () => {
      const [event] = (await readEvents(platform.scope, 'identity.report.filed.v1')).filter((e) => e.payload.reportId === filed.body.id);
      expect(event.payload).toMatchObject({ subjectType: 'profile', subjectId: author.id, reporterId: reporter.id, snapshot: { title: 'Author' } });
      expect(JSON.stringify(event.payload)).not.toContain('@example.org');
      return true;
    });
    const mine = await api('GET', '/api/v1/me/reports?limit=1', { token: reporter.accessToken });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: filed.body.id, subject: { type: 'profile', id: author.id } })]);
    const rest = await api('GET', `/api/v1/me/reports?limit=10&cursor=${mine.body.nextCursor}`, { token: reporter.accessToken });
    expect(rest.body.items.length).toBeGreaterThanOrEqual(2);
    expect(rest.body.items.every((r: { subject: { type: string } }) => r.subject.type !== 'profile')).toBe(true);
  });
});

describe('detectors', () => {
  const essay = [
    'When our cooperative in Osh started, twelve women met every Thursday in a borrowed classroom to plan how to sell dried apricots and felt slippers beyond the local bazaar.',
    'None of us had run a business before, so we split the work: two learned bookkeeping from a volunteer, three built a small website, and the rest negotiated with a trucking company that agreed to take our goods to Bishkek twice a month.',
    'The first winter was hard because prices fell, but the savings group we formed let every member borrow for school fees without going to moneylenders.',
    'Today the cooperative has forty members, a shared workshop and a contract with a hotel chain, and our daughters see that women can lead a business in the valley.',
  ].join(' ');

  it('reports a post that largely repeats someone else\'s, naming the original, but not her own repost', async () => {
    const original = await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title: 'Our cooperative in Osh', body: essay, originalityAttested: true } });
    const copy = await api('POST', '/api/v1/blogs', { token: reporter.accessToken, body: { title: 'My cooperative story', body: essay.replace('twelve women', 'eleven women').replace('forty members', 'fifty members'), originalityAttested: true } });
    const repost = await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title: 'Our cooperative in Osh (again)', body: essay, originalityAttested: true } });
    await eventually(async () => {
      const reports = (await readEvents(platform.scope, 'content.report.filed.v1')).filter((e) => e.payload.reporterId === null && e.payload.signals[0]?.detector === 'near-duplicate');
      const onCopy = reports.filter((e) => e.payload.subjectId === copy.body.id);
      expect(onCopy).toHaveLength(1);
      expect(onCopy[0].payload).toMatchObject({ guideline: 'intellectual-property', snapshot: { authorId: reporter.id } });
      expect(onCopy[0].payload.signals[0].detail).toContain(original.body.id);
      expect(reports.filter((e) => e.payload.subjectId === repost.body.id)).toEqual([]);
      return true;
    });
  });

  it('reports a comment that posts someone\'s phone number and address, and removes nothing', async () => {
    const blogId = await newBlog(author.accessToken, 'Post with a doxxing comment');
    const comment = await api('POST', `/api/v1/blogs/${blogId}/comments`, { token: reporter.accessToken, body: { body: 'Она живёт по адресу ул. Абая, д. 15, кв. 42, звоните ей: +7 701 234 56 78' } });
    expect(comment.status).toBe(201);
    await eventually(async () => {
      const [event] = (await readEvents(platform.scope, 'content.report.filed.v1')).filter((e) => e.payload.subjectId === comment.body.id);
      expect(event.payload).toMatchObject({ subjectType: 'comment', guideline: 'privacy', reporterId: null });
      expect(event.payload.signals.map((s) => s.code)).toEqual(expect.arrayContaining(['phone-number', 'street-address']));
      expect(JSON.stringify(event.payload.signals)).not.toContain('234 56 78');
      return true;
    });
    expect((await api('GET', `/api/v1/blogs/${blogId}/comments`)).body.items).toHaveLength(1);
  });
});

describe("trust-safety's outcomes", () => {
  it('hides a subject pending review, removes it, and ignores a late, older decision', async () => {
    const blogId = await newBlog(author.accessToken, 'Post under review');
    const caseId = randomUUID();
    const visibility = (v: 'hidden' | 'removed' | 'visible', version: number) =>
      publishEvent(platform.scope, 'trust-safety.subject.visibility-changed.v1', { subjectType: 'blog', subjectId: blogId, visibility: v, caseId, version, changedAt: new Date().toISOString() });

    await visibility('hidden', 1);
    await eventually(async () => (await api('GET', `/api/v1/blogs/${blogId}`, { token: reporter.accessToken })).status === 404);
    expect((await api('GET', `/api/v1/blogs/${blogId}`, { token: author.accessToken })).body.moderation).toBe('hidden');
    expect((await api('GET', `/api/v1/search?q=${encodeURIComponent('review')}`)).body.items.map((i: { id: string }) => i.id)).not.toContain(blogId);

    await visibility('removed', 3);
    await eventually(async () => (await api('GET', `/api/v1/blogs/${blogId}`, { token: author.accessToken })).status === 404);
    await visibility('visible', 2);
    const probe = await newBlog(author.accessToken, 'Probe after the late event');
    await visibility('hidden', 1);
    expect(probe).toEqual(expect.any(String));
    // Give the consumer time to have seen both late events, then check they changed nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect((await api('GET', `/api/v1/blogs/${blogId}`, { token: author.accessToken })).status).toBe(404);
  });

  it('freezes a sanctioned member\'s open jobs and events and thaws them when the sanction lifts, each event applied once', async () => {
    // A member of her own: identity restricts the account too, and the other tests go on with theirs.
    const author = await the.member({ displayName: 'Sanctioned' });
    const event = await api('POST', '/api/v1/events', {
      token: author.accessToken,
      body: { title: 'Workshop on grant writing', description: 'Bring a draft proposal.', kind: 'workshop', startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 90_000_000).toISOString(), timeZone: 'Asia/Tashkent', online: true, link: 'https://meet.example.org/grants', capacity: 10 },
    });
    const eventId = event.body.id as string;
    const sanctionId = randomUUID();
    const imposed = {
      sanctionId,
      accountId: author.id,
      kind: 'suspension' as const,
      guideline: 'respect' as const,
      statement: 'Repeated insults.',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      caseId: randomUUID(),
    };
    const imposedId = await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', imposed);
    await eventually(async () => (await api('GET', `/api/v1/events/${eventId}`, { token: reporter.accessToken })).status === 404);
    expect((await api('POST', `/api/v1/events/${eventId}/registrations`, { token: reporter.accessToken })).status).toBe(404);

    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId, accountId: author.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    await eventually(async () => (await api('GET', `/api/v1/events/${eventId}`, { token: reporter.accessToken })).status === 200);

    // The same imposed event delivered again (same event id) must not freeze her items a second time.
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', imposed, imposedId);
    const marker = randomUUID();
    const markerId = await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { ...imposed, sanctionId: marker, kind: 'warning' });
    const db = new Client({ connectionString: await platform.scope.database('content') });
    await db.connect();
    try {
      // The marker follows the duplicate on the same consumer: once it is in, the duplicate has been seen.
      await eventually(async () => (await db.query('select 1 from inbox_entry where event_id = $1', [markerId])).rowCount === 1);
      await new Promise((r) => setTimeout(r, 500));
      expect((await api('GET', `/api/v1/events/${eventId}`, { token: reporter.accessToken })).status).toBe(200);
      // Delivered twice, recorded (and applied) once.
      const { rows } = await db.query<{ n: string }>('select count(*) as n from inbox_entry where event_id = $1', [imposedId]);
      expect(Number(rows[0].n)).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('never freezes for a sanction lifted before its imposed event arrived, or one already over', async () => {
    const author = await the.member({ displayName: 'Sanctioned later' });
    const job = await api('POST', '/api/v1/events', {
      token: author.accessToken,
      body: { title: 'Mentoring circle', description: 'Monthly.', kind: 'training', startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 90_000_000).toISOString(), timeZone: 'Asia/Baku', online: true, link: 'https://meet.example.org/circle', capacity: 10 },
    });
    const lateId = randomUUID();
    const base = { accountId: author.id, kind: 'suspension' as const, guideline: 'respect' as const, statement: 'x', startsAt: new Date().toISOString(), caseId: null };
    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId: lateId, accountId: author.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { ...base, sanctionId: lateId, endsAt: new Date(Date.now() + 86_400_000).toISOString() });
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { ...base, sanctionId: randomUUID(), endsAt: new Date(Date.now() - 1000).toISOString() });
    await new Promise((r) => setTimeout(r, 800));
    expect((await api('GET', `/api/v1/events/${job.body.id}`, { token: reporter.accessToken })).status).toBe(200);
    // Identity, too, leaves her account alone.
    expect((await api('GET', '/api/v1/me/sessions', { token: author.accessToken })).status).toBe(200);
  });

  it('takes a hidden comment off the count and out of reach of new reports', async () => {
    const blogId = await newBlog(author.accessToken, 'Post whose comment is hidden');
    const comment = await api('POST', `/api/v1/blogs/${blogId}/comments`, { token: author.accessToken, body: { body: 'Hidden soon' } });
    await publishEvent(platform.scope, 'trust-safety.subject.visibility-changed.v1', { subjectType: 'comment', subjectId: comment.body.id, visibility: 'hidden', caseId: randomUUID(), version: 1, changedAt: new Date().toISOString() });
    await eventually(async () => (await api('GET', `/api/v1/blogs/${blogId}`)).body.commentCount === 0);
    expect((await api('GET', `/api/v1/blogs/${blogId}/comments`)).body.items).toEqual([]);
    expect((await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'comment', id: comment.body.id }, guideline: 'respect' } })).status).toBe(404);
  });

  it("moves her reports' status on as the case goes", async () => {
    const blogId = await newBlog(author.accessToken, 'Post whose case is decided');
    const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: blogId }, guideline: 'be-factual' } });
    const update = (status: 'in-review' | 'actioned' | 'no-violation') =>
      publishEvent(platform.scope, 'trust-safety.case.reports-updated.v1', { caseId: randomUUID(), subjectType: 'blog', subjectId: blogId, reportIds: [filed.body.id], status, changedAt: new Date().toISOString() });
    const statusOf = async (): Promise<string> => (await api('GET', '/api/v1/me/reports?limit=100', { token: reporter.accessToken })).body.items.find((r: { id: string }) => r.id === filed.body.id)?.status;
    await update('in-review');
    await eventually(async () => (await statusOf()) === 'in-review');
    await update('actioned');
    await eventually(async () => (await statusOf()) === 'actioned');
    await update('in-review');
    await new Promise((r) => setTimeout(r, 300));
    expect(await statusOf()).toBe('actioned');
  });
});
