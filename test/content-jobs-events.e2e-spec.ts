/** Job posts from draft to review to expiry, and events with registration and a waitlist, through the gateway. */
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
let poster: SignedIn;
let member: SignedIn;
let moderator: SignedIn;

beforeAll(async () => {
  platform = await startPlatform('content-jobs', {}, {}, { content: true, contentEnv: { JOB_EXPIRY_INTERVAL_MS: '200' } });
  api = client(platform.baseUrl);
  the = given(api);
  poster = await the.member({ displayName: 'Nino', country: 'GE' });
  member = await the.member({ displayName: 'Saule', country: 'KZ' });
  moderator = await the.member({ displayName: 'Moderator' });
  const admin = await the.admin();
  expect((await api('POST', `/api/v1/admin/users/${moderator.id}/roles`, { token: admin.accessToken, body: { role: 'moderator' } })).status).toBe(204);
  moderator = await the.signIn(moderator.email, moderator.password);
  // The gateway's replica learns the new role from identity's event.
  await eventually(async () => (await api('GET', '/api/v1/moderation/jobs', { token: moderator.accessToken })).status === 200, 5000);
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

/** Content's announcement that an item is no longer public (feeds and cohorts drop it), once published through the outbox. */
const withdrawal = (itemId: string) =>
  eventually(async () => (await readEvents(platform.scope, 'content.item.withdrawn.v1')).find((e) => e.payload.itemId === itemId), 10_000);

const job = (overrides: Record<string, unknown> = {}) => ({
  title: 'Programme Officer, Women\'s Economic Empowerment',
  organization: 'UN Women Georgia',
  country: 'GE',
  city: 'Tbilisi',
  description: 'Coordinate the programme with partners across Georgia. Five years of experience.',
  howToApply: 'Apply through https://unwomen.org/careers before the deadline.',
  salaryMin: 2500,
  salaryMax: 3500,
  currency: 'USD',
  ...overrides,
});

describe('jobs', () => {
  it('goes to review, is approved by a moderator, and is then listed with its expiry', async () => {
    const created = await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job() });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending-review');
    expect((await api('GET', `/api/v1/jobs/${created.body.id}`)).status).toBe(404);
    expect((await api('GET', `/api/v1/jobs/${created.body.id}`, { token: poster.accessToken })).body.status).toBe('pending-review');

    expect((await api('GET', '/api/v1/moderation/jobs', { token: member.accessToken })).status).toBe(403);
    const queue = await api('GET', '/api/v1/moderation/jobs', { token: moderator.accessToken });
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);

    const noReason = await api('POST', `/api/v1/moderation/jobs/${created.body.id}/review`, { token: moderator.accessToken, body: { decision: 'reject' } });
    expect(noReason.status).toBe(400);
    const approved = await api('POST', `/api/v1/moderation/jobs/${created.body.id}/review`, { token: moderator.accessToken, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('published');
    const read = await api('GET', `/api/v1/jobs/${created.body.id}`);
    expect(read.body).toMatchObject({ status: 'published', organization: 'UN Women Georgia', country: 'GE', salaryMin: 2500, currency: 'USD' });
    const days = (Date.parse(read.body.expiresAt) - Date.parse(read.body.publishedAt)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    expect((await api('GET', '/api/v1/jobs?country=GE')).body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);
  });

  it('tells the poster why a job was rejected', async () => {
    const created = await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job({ title: 'Field assistant' }) });
    await api('POST', `/api/v1/moderation/jobs/${created.body.id}/review`, { token: moderator.accessToken, body: { decision: 'reject', reason: 'The salary must be monthly.' } });
    const read = await api('GET', `/api/v1/jobs/${created.body.id}`, { token: poster.accessToken });
    expect(read.body).toMatchObject({ status: 'rejected', reviewReason: 'The salary must be monthly.' });
  });

  it('refuses a salary range upside down and a deadline in the past', async () => {
    expect((await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job({ salaryMin: 5000, salaryMax: 100 }) })).status).toBe(400);
    expect((await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job({ deadline: '2020-01-01T00:00:00Z' }) })).status).toBe(400);
    expect((await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job({ country: 'RU' }) })).status).toBe(400);
  });

  it('holds a job with scam signals for review and files a system report, even for a verified organisation', async () => {
    const db = new Client({ connectionString: await platform.scope.database('content') });
    await db.connect();
    try {
      await db.query(`insert into verified_poster (account_id, organization_key) values ($1, 'global talent partners')`, [poster.id]);
    } finally {
      await db.end();
    }
    const scam = await api('POST', '/api/v1/jobs', {
      token: poster.accessToken,
      body: job({ organization: 'Global Talent Partners', title: 'Remote data entry, high pay', description: 'Work from home. A registration fee of $50 is required to start.', howToApply: 'Write on WhatsApp +998 90 123 45 67', salaryMin: 9000, salaryMax: 12000 }),
    });
    expect(scam.body.status).toBe('pending-review');
    await eventually(async () => {
      const reports = (await readEvents(platform.scope, 'content.report.filed.v1')).filter((e) => e.payload.subjectId === scam.body.id);
      expect(reports).toHaveLength(1);
      expect(reports[0].payload).toMatchObject({ subjectType: 'job', guideline: 'no-scams', reporterId: null, snapshot: { authorId: poster.id, extra: { organization: 'Global Talent Partners' } } });
      expect(reports[0].payload.signals.map((s) => s.code)).toEqual(expect.arrayContaining(['fee-to-apply']));
      return true;
    });
  });

  it('publishes at once for a verified organisation\'s poster, and expires at the deadline', async () => {
    const deadline = new Date(Date.now() + 1500).toISOString();
    const created = await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job({ organization: 'Global Talent Partners', deadline }) });
    expect(created.body.status).toBe('published');
    expect((await api('GET', `/api/v1/jobs/${created.body.id}`)).body.expiresAt).toBe(deadline);
    await eventually(async () => {
      expect((await api('GET', `/api/v1/jobs/${created.body.id}`)).body.status).toBe('expired');
      return true;
    }, 10_000);
    expect((await api('GET', '/api/v1/jobs')).body.items.map((i: { id: string }) => i.id)).not.toContain(created.body.id);
    expect((await withdrawal(created.body.id)).payload).toMatchObject({ type: 'job', authorId: poster.id, reason: 'expired' });
  });

  it('sends a verified poster\'s published job back to review when it names another organisation', async () => {
    const created = await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job({ organization: 'Global Talent Partners', title: 'Recruiter' }) });
    expect(created.body.status).toBe('published');
    const renamed = await api('PATCH', `/api/v1/jobs/${created.body.id}`, { token: poster.accessToken, body: { organization: 'United Nations Development Programme' } });
    expect(renamed.body.status).toBe('pending-review');
    expect((await api('GET', `/api/v1/jobs/${created.body.id}`)).status).toBe(404);
    expect((await withdrawal(created.body.id)).payload.reason).toBe('in-review');
  });

  it('will not close a job still under review (which would make it public)', async () => {
    const created = await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job({ title: 'Driver' }) });
    const refused = await api('POST', `/api/v1/jobs/${created.body.id}/close`, { token: poster.accessToken });
    expect(refused.status).toBe(422);
    expect((await api('GET', `/api/v1/jobs/${created.body.id}`)).status).toBe(404);
  });

  it('is closed by its poster', async () => {
    const created = await api('POST', '/api/v1/jobs', { token: poster.accessToken, body: job({ title: 'Accountant' }) });
    expect((await api('POST', `/api/v1/jobs/${created.body.id}/close`, { token: member.accessToken })).status).toBe(404);
    await api('POST', `/api/v1/moderation/jobs/${created.body.id}/review`, { token: moderator.accessToken, body: { decision: 'approve' } });
    expect((await api('POST', `/api/v1/jobs/${created.body.id}/close`, { token: member.accessToken })).status).toBe(403);
    const closed = await api('POST', `/api/v1/jobs/${created.body.id}/close`, { token: poster.accessToken });
    expect(closed.body.status).toBe('closed');
    expect((await withdrawal(created.body.id)).payload.reason).toBe('closed');
  });
});

describe('events', () => {
  const event = (overrides: Record<string, unknown> = {}) => ({
    title: 'Webinar: negotiating your salary',
    description: 'An hour with HR leaders from Almaty and Tashkent.',
    kind: 'webinar',
    startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(),
    timeZone: 'Asia/Almaty',
    online: true,
    link: 'https://meet.example.org/salary',
    capacity: 1,
    ...overrides,
  });

  it('seats the first, waitlists the next, and moves her up when a seat frees', async () => {
    const third = await the.member({ displayName: 'Gulnara' });
    const body = event();
    const created = await api('POST', '/api/v1/events', { token: poster.accessToken, body });
    expect(created.status).toBe(201);
    // Its announcement carries when it takes place (mentorship attaches events to cohorts by it).
    const announced = await eventually(async () => (await readEvents(platform.scope, 'content.item.published.v1')).find((e) => e.payload.itemId === created.body.id));
    expect(announced.payload).toMatchObject({ type: 'event', startsAt: body.startsAt });
    const before = await api('GET', `/api/v1/events/${created.body.id}`, { token: member.accessToken });
    expect(before.body.link).toBeNull();

    expect((await api('POST', `/api/v1/events/${created.body.id}/registrations`, { token: member.accessToken })).body).toEqual({ status: 'registered' });
    expect((await api('POST', `/api/v1/events/${created.body.id}/registrations`, { token: member.accessToken })).status).toBe(409);
    expect((await api('POST', `/api/v1/events/${created.body.id}/registrations`, { token: third.accessToken })).body).toEqual({ status: 'waitlisted', position: 1 });
    expect((await api('GET', `/api/v1/events/${created.body.id}`, { token: member.accessToken })).body).toMatchObject({ link: 'https://meet.example.org/salary', myRegistration: 'registered', registeredCount: 1, waitlistCount: 1 });

    expect((await api('GET', `/api/v1/events/${created.body.id}/registrations`, { token: member.accessToken })).status).toBe(403);
    const registrants = await api('GET', `/api/v1/events/${created.body.id}/registrations`, { token: poster.accessToken });
    expect(registrants.body.items).toEqual([
      expect.objectContaining({ member: { id: member.id, displayName: 'Saule' }, status: 'registered' }),
      expect.objectContaining({ member: { id: third.id, displayName: 'Gulnara' }, status: 'waitlisted' }),
    ]);

    expect((await api('DELETE', `/api/v1/events/${created.body.id}/registrations/me`, { token: member.accessToken })).status).toBe(204);
    expect((await api('GET', `/api/v1/events/${created.body.id}`, { token: third.accessToken })).body).toMatchObject({ myRegistration: 'registered', registeredCount: 1, waitlistCount: 0 });
    expect((await api('DELETE', `/api/v1/events/${created.body.id}/registrations/me`, { token: member.accessToken })).status).toBe(404);
  });

  it('answers EVENT_FULL when the organiser keeps no waitlist, and never seats two in the last place', async () => {
    const created = await api('POST', '/api/v1/events', { token: poster.accessToken, body: event({ waitlist: false }) });
    const rivals = await Promise.all([the.member(), the.member(), the.member()]);
    const answers = await Promise.all(rivals.map((r) => api('POST', `/api/v1/events/${created.body.id}/registrations`, { token: r.accessToken })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(['EVENT_FULL', 'EVENT_FULL']);
  });

  it('announces a new date to those who keep its events, and its cancellation', async () => {
    const created = await api('POST', '/api/v1/events', { token: poster.accessToken, body: event() });
    const startsAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const endsAt = new Date(Date.now() + 14 * 86_400_000 + 3_600_000).toISOString();
    expect((await api('PATCH', `/api/v1/events/${created.body.id}`, { token: poster.accessToken, body: { startsAt, endsAt } })).status).toBe(200);
    const updated = await eventually(async () => (await readEvents(platform.scope, 'content.item.updated.v1')).find((e) => e.payload.itemId === created.body.id), 10_000);
    expect(updated.payload).toMatchObject({ type: 'event', title: 'Webinar: negotiating your salary', startsAt, changedAt: expect.any(String) });
    expect((await api('POST', `/api/v1/events/${created.body.id}/cancel`, { token: poster.accessToken })).status).toBe(200);
    const withdrawn = await withdrawal(created.body.id);
    expect(withdrawn.payload).toMatchObject({ type: 'event', reason: 'cancelled' });
    expect(Date.parse(withdrawn.payload.changedAt)).toBeGreaterThan(Date.parse(updated.payload.changedAt));
  });

  it('lets her leave an event unpublished since, without moving anyone into it; a draft cannot be cancelled', async () => {
    const created = await api('POST', '/api/v1/events', { token: poster.accessToken, body: event() });
    const waiting = await the.member();
    await api('POST', `/api/v1/events/${created.body.id}/registrations`, { token: member.accessToken });
    await api('POST', `/api/v1/events/${created.body.id}/registrations`, { token: waiting.accessToken });
    await api('POST', `/api/v1/events/${created.body.id}/unpublish`, { token: poster.accessToken });
    expect((await api('DELETE', `/api/v1/events/${created.body.id}/registrations/me`, { token: member.accessToken })).status).toBe(204);
    const registrants = await api('GET', `/api/v1/events/${created.body.id}/registrations`, { token: poster.accessToken });
    expect(registrants.body.items).toEqual([expect.objectContaining({ member: expect.objectContaining({ id: waiting.id }), status: 'waitlisted' })]);
    const draft = await api('POST', '/api/v1/events', { token: poster.accessToken, body: event({ draft: true }) });
    expect((await api('POST', `/api/v1/events/${draft.body.id}/cancel`, { token: poster.accessToken })).status).toBe(422);
    expect((await api('GET', `/api/v1/events/${draft.body.id}`)).status).toBe(404);
  });

  it('gives a deleted member\'s seat to the first on the waitlist', async () => {
    const created = await api('POST', '/api/v1/events', { token: poster.accessToken, body: event() });
    const leaving = await the.member();
    const waiting = await the.member();
    await api('POST', `/api/v1/events/${created.body.id}/registrations`, { token: leaving.accessToken });
    await api('POST', `/api/v1/events/${created.body.id}/registrations`, { token: waiting.accessToken });
    expect((await api('DELETE', '/api/v1/me', { token: leaving.accessToken, body: { password: leaving.password } })).status).toBe(204);
    await eventually(async () => (await api('GET', `/api/v1/events/${created.body.id}`, { token: waiting.accessToken })).body.myRegistration === 'registered', 10_000);
    expect((await api('GET', `/api/v1/events/${created.body.id}`, { token: poster.accessToken })).body).toMatchObject({ registeredCount: 1, waitlistCount: 0 });
  });

  it('checks times, time zone and place', async () => {
    expect((await api('POST', '/api/v1/events', { token: poster.accessToken, body: event({ startsAt: '9999-12-31T20:00:00-05:00', endsAt: '9999-12-31T23:00:00-05:00' }) })).status).toBe(400);
    expect((await api('POST', '/api/v1/events', { token: poster.accessToken, body: event({ timeZone: 'Mars/Olympus' }) })).status).toBe(400);
    expect((await api('POST', '/api/v1/events', { token: poster.accessToken, body: event({ endsAt: new Date(Date.now()).toISOString() }) })).status).toBe(400);
    expect((await api('POST', '/api/v1/events', { token: poster.accessToken, body: event({ online: false, link: undefined }) })).status).toBe(400);
    expect((await api('POST', '/api/v1/events', { token: poster.accessToken, body: event({ kind: 'party' }) })).status).toBe(400);
    const inPerson = await api('POST', '/api/v1/events', { token: poster.accessToken, body: event({ online: false, link: undefined, place: 'Hub Tbilisi, Rustaveli Ave 12', kind: 'workshop', capacity: 30 }) });
    expect(inPerson.status).toBe(201);
  });
});
