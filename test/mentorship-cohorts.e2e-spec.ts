/**
 * Cohort sessions through the gateway, against the real NATS and PostgreSQL: content's events
 * attached to a cohort, attendance taken by the programme-admin, completion, and the certificate;
 * and sessions following content's edits and withdrawals of their events.
 * Content's announcements are played on the backbone (events that already took place cannot be
 * created through content, which refuses a start in the past).
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '@weop/testing';
import { publishEvent } from './support/events';
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

beforeAll(async () => {
  platform = await startPlatform('cohorts', {}, {}, { mentorship: true });
  api = client(platform.baseUrl);
  the = given(api);
  admin = await the.admin();
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const DAY = 86_400_000;

const acceptConduct = async (m: SignedIn): Promise<void> => {
  expect((await api('POST', '/api/v1/mentorship/code-of-conduct/acceptance', { token: m.accessToken })).status).toBe(200);
};

/** Content announces one of its events; mentorship learns of it. */
const contentEvent = async (title: string, startsInDays: number): Promise<string> => {
  const itemId = randomUUID();
  await publishEvent(platform.scope, 'content.item.published.v1', {
    itemId, type: 'event', authorId: randomUUID(), title, language: 'en',
    publishedAt: new Date(Date.now() - 30 * DAY).toISOString(), startsAt: new Date(Date.now() + startsInDays * DAY).toISOString(),
  });
  return itemId;
};

describe('cohort sessions, attendance and the certificate', () => {
  it('counts attendance of held sessions toward completion and issues one certificate once her mentorship is completed', async () => {
    const programmeAdmin = await the.staff('programme-admin');
    const created = await api('POST', '/api/v1/mentorship/programmes', {
      token: programmeAdmin.accessToken,
      body: {
        name: 'WEOP mentorship programme 2027', requiredAttendancePercent: 50,
        applicationsOpenAt: new Date(Date.now() - 3_600_000).toISOString(), applicationsCloseAt: new Date(Date.now() + DAY).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const base = `/api/v1/mentorship/programmes/${created.body.id}`;

    // A mentor and a mentee apply, are matched and published as a mentorship.
    const m = await the.member();
    expect((await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: admin.accessToken, body: { role: 'mentor' } })).status).toBe(204);
    const mentor = await the.signIn(m.email, m.password);
    expect((await api('PUT', '/api/v1/mentorship/mentor-profile', { token: mentor.accessToken, body: { expertise: ['leadership'], languages: ['ru'], countries: [], timeZone: 'Asia/Almaty', capacity: 1, available: true } })).status).toBe(200);
    const mentee = await the.member({ displayName: 'Әйгерім Сәдуақасова' });
    expect((await api('PUT', '/api/v1/mentorship/mentee-profile', { token: mentee.accessToken, body: { goals: ['lead a team'], expertise: ['leadership'], languages: ['ru'], timeZone: 'Asia/Almaty' } })).status).toBe(200);
    const outsider = await the.member();
    for (const [who, role] of [[mentor, 'mentor'], [mentee, 'mentee']] as const) {
      await acceptConduct(who);
      expect((await api('POST', `${base}/applications`, { token: who.accessToken, body: { role } })).status).toBe(201);
    }
    const run = await api('POST', `${base}/matching-runs`, { token: programmeAdmin.accessToken });
    expect((await api('POST', `${base}/matching-runs/${run.body.id}/publish`, { token: programmeAdmin.accessToken, body: {} })).body.created).toBe(1);
    const [mentorship] = (await api('GET', '/api/v1/mentorship/mentorships', { token: mentee.accessToken })).body.items;

    // Two sessions took place, one is to come.
    const training = await contentEvent('Negotiation training', -10);
    const webinar = await contentEvent('Webinar: financing a first business', -3);
    const workshop = await contentEvent('Workshop: public speaking', 5);
    const attach = (eventId: string, kind: string, token = programmeAdmin.accessToken) => api('POST', `${base}/sessions`, { token, body: { eventId, kind } });
    await eventually(async () => (await attach(training, 'training')).status === 201);
    await eventually(async () => (await attach(webinar, 'webinar')).status === 201);
    await eventually(async () => (await attach(workshop, 'workshop')).status === 201);

    // Refusals: twice, an unknown event, a member, a kind that does not exist.
    expect((await attach(training, 'training')).status).toBe(409);
    const unknown = await attach(randomUUID(), 'webinar');
    expect({ status: unknown.status, code: unknown.body.error.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect((await attach(training, 'training', mentee.accessToken)).status).toBe(403);
    expect((await attach(training, 'lecture')).status).toBe(400);

    // Attendance: not before a session starts, only for participants, nothing recorded on refusal.
    const take = (eventId: string, body: Record<string, unknown>) => api('PUT', `${base}/sessions/${eventId}/attendance`, { token: programmeAdmin.accessToken, body });
    const early = await take(workshop, { attended: [mentee.id] });
    expect({ status: early.status, code: early.body.error.code }).toEqual({ status: 422, code: 'SESSION_NOT_HELD' });
    const stranger = await take(training, { attended: [mentee.id, outsider.id] });
    expect({ status: stranger.status, code: stranger.body.error.code, details: stranger.body.error.details })
      .toEqual({ status: 422, code: 'NOT_A_PARTICIPANT', details: [{ field: 'attended[1]', problem: 'is not a participant of this cohort' }] });
    expect((await api('GET', `${base}/sessions`, { token: programmeAdmin.accessToken })).body.items.map((s: { attendees: number }) => s.attendees)).toEqual([0, 0, 0]);
    expect((await take(training, { attended: [mentee.id] })).body).toMatchObject({ eventId: training, held: true, attendees: 1 });

    // A page at a time, in the same order.
    const firstPage = await api('GET', `${base}/sessions?limit=2`, { token: mentee.accessToken });
    expect(firstPage.body.items.map((s: { eventId: string }) => s.eventId)).toEqual([training, webinar]);
    const rest = await api('GET', `${base}/sessions?limit=2&cursor=${encodeURIComponent(firstPage.body.nextCursor as string)}`, { token: mentee.accessToken });
    expect(rest.body).toEqual({ items: [expect.objectContaining({ eventId: workshop })], nextCursor: null });
    expect((await api('GET', `${base}/sessions?cursor=bogus`, { token: mentee.accessToken })).status).toBe(400);

    // She sees the sessions in order, whether she attended, and no one's counts.
    const hers = await api('GET', `${base}/sessions`, { token: mentee.accessToken });
    expect(hers.body.items.map((s: { title: string; kind: string; held: boolean; attended: boolean; attendees: number | null }) => [s.title, s.kind, s.held, s.attended, s.attendees])).toEqual([
      ['Negotiation training', 'training', true, true, null],
      ['Webinar: financing a first business', 'webinar', true, false, null],
      ['Workshop: public speaking', 'workshop', false, false, null],
    ]);

    // 1 of 2 held sessions meets 50 %, but the mentorship is not completed yet: no certificate.
    expect((await api('GET', `${base}/completion`, { token: mentee.accessToken })).body).toEqual({
      programmeId: created.body.id, sessionsHeld: 2, sessionsAttended: 1, sessionsRequired: 1, mentorshipCompleted: false, completed: false, certificateUrl: null,
    });
    const notYet = await api('GET', `${base}/certificate`, { token: mentee.accessToken });
    expect({ status: notYet.status, code: notYet.body.error.code }).toEqual({ status: 409, code: 'PROGRAMME_NOT_COMPLETED' });
    expect(notYet.body.error.message).toMatch(/mentorship completed/);

    expect((await api('POST', `/api/v1/mentorship/mentorships/${mentorship.id}/complete`, { token: mentee.accessToken, body: { note: 'Thank you.' } })).status).toBe(200);
    expect((await api('POST', `/api/v1/mentorship/mentorships/${mentorship.id}/complete`, { token: mentor.accessToken, body: { note: 'Well done.' } })).status).toBe(200);

    // A correction that marks her absent takes completion away again; attending restores it.
    await take(training, { attended: [], absent: [mentee.id] });
    expect((await api('GET', `${base}/completion`, { token: mentee.accessToken })).body).toMatchObject({ sessionsAttended: 0, mentorshipCompleted: true, completed: false });
    await take(webinar, { attended: [mentee.id] });
    const done = await api('GET', `${base}/completion`, { token: mentee.accessToken });
    expect(done.body).toMatchObject({ sessionsAttended: 1, completed: true, certificateUrl: `/mentorship/programmes/${created.body.id}/certificate` });

    const download = (): Promise<Response> => fetch(`${platform.baseUrl}${base}/certificate`, { headers: { authorization: `Bearer ${mentee.accessToken}` } });
    const first = await download();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await first.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Her public name is the certificate's subject (UTF-16BE in the document information; the page text is compressed).
    expect(pdf.includes(Buffer.from('Әйгерім Сәдуақасова', 'utf16le').swap16())).toBe(true);
    // Issued once: the same number every time.
    expect(first.headers.get('content-disposition')).toMatch(/^attachment; filename="weop-certificate-[0-9a-f-]{36}\.pdf"/);
    expect((await download()).headers.get('content-disposition')).toBe(first.headers.get('content-disposition'));

    // The mentor is no mentee of the cohort; an outsider has nothing to complete.
    expect((await api('GET', `${base}/certificate`, { token: mentor.accessToken })).status).toBe(409);
    expect((await api('GET', `${base}/completion`, { token: outsider.accessToken })).body).toMatchObject({ completed: false, mentorshipCompleted: false });

    // Detaching a session takes its attendance with it.
    expect((await api('DELETE', `${base}/sessions/${webinar}`, { token: programmeAdmin.accessToken })).status).toBe(204);
    expect((await api('DELETE', `${base}/sessions/${webinar}`, { token: programmeAdmin.accessToken })).status).toBe(404);
    expect((await api('GET', `${base}/completion`, { token: mentee.accessToken })).body).toMatchObject({ sessionsHeld: 1, sessionsAttended: 0, completed: false });
  });

  it('follows content: an edited event moves its session, a withdrawn one leaves the cohort unless attendance was taken, and a late event changes nothing', async () => {
    const programmeAdmin = await the.staff('programme-admin');
    const created = await api('POST', '/api/v1/mentorship/programmes', {
      token: programmeAdmin.accessToken,
      body: { name: 'Cohort following content', applicationsOpenAt: new Date(Date.now() - 3_600_000).toISOString(), applicationsCloseAt: new Date(Date.now() + DAY).toISOString() },
    });
    expect(created.status).toBe(201);
    const base = `/api/v1/mentorship/programmes/${created.body.id}`;
    const mentee = await the.member();
    expect((await api('PUT', '/api/v1/mentorship/mentee-profile', { token: mentee.accessToken, body: { goals: ['lead a team'], expertise: ['leadership'], languages: ['ru'], timeZone: 'Asia/Almaty' } })).status).toBe(200);
    await acceptConduct(mentee);
    expect((await api('POST', `${base}/applications`, { token: mentee.accessToken, body: { role: 'mentee' } })).status).toBe(201);

    const held = await contentEvent('Bookkeeping basics', -2);
    const coming = await contentEvent('Pitching to lenders', 5);
    const attach = (eventId: string) => api('POST', `${base}/sessions`, { token: programmeAdmin.accessToken, body: { eventId, kind: 'training' } });
    await eventually(async () => (await attach(held)).status === 201);
    await eventually(async () => (await attach(coming)).status === 201);
    expect((await api('PUT', `${base}/sessions/${held}/attendance`, { token: programmeAdmin.accessToken, body: { attended: [mentee.id] } })).status).toBe(200);
    const sessions = async () => (await api('GET', `${base}/sessions`, { token: programmeAdmin.accessToken })).body.items.map((i: { eventId: string; title: string; startsAt: string }) => [i.eventId, i.title, i.startsAt]);

    // The organiser moves the coming event and renames it: the session follows.
    const author = randomUUID();
    const movedTo = new Date(Date.now() + 9 * DAY).toISOString();
    const now = () => new Date().toISOString();
    await publishEvent(platform.scope, 'content.item.updated.v1', {
      itemId: coming, type: 'event', authorId: author, title: 'Pitching to lenders (new date)', language: 'en', publishedAt: new Date(Date.now() - 30 * DAY).toISOString(), startsAt: movedTo, changedAt: now(),
    });
    await eventually(async () => (await sessions()).some(([id, title]: string[]) => id === coming && title === 'Pitching to lenders (new date)'));
    expect((await sessions()).find(([id]: string[]) => id === coming)).toEqual([coming, 'Pitching to lenders (new date)', movedTo]);

    // Both are withdrawn: the one that was held (attendance taken) stays; the coming one leaves the cohort and cannot be attached again.
    const withdrawnAt = now();
    for (const itemId of [held, coming]) await publishEvent(platform.scope, 'content.item.withdrawn.v1', { itemId, type: 'event', authorId: author, reason: 'cancelled', changedAt: withdrawnAt });
    await eventually(async () => (await sessions()).length === 1);
    expect((await sessions()).map(([id]: string[]) => id)).toEqual([held]);
    expect((await api('GET', `${base}/completion`, { token: mentee.accessToken })).body).toMatchObject({ sessionsHeld: 1, sessionsAttended: 1 });
    const refused = await attach(coming);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 404, code: 'NOT_FOUND' });

    // An edit from before the withdrawal, delivered late, does not bring it back; publishing it again does.
    const late = await publishEvent(platform.scope, 'content.item.updated.v1', {
      itemId: coming, type: 'event', authorId: author, title: 'Pitching to lenders', language: 'en', publishedAt: new Date(Date.now() - 30 * DAY).toISOString(), startsAt: movedTo,
      changedAt: new Date(Date.parse(withdrawnAt) - 60_000).toISOString(),
    });
    const db = await platform.db('mentorship');
    await eventually(async () => (await db.query('select 1 from inbox_entry where event_id = $1', [late])).rowCount === 1, 10_000);
    expect((await attach(coming)).status).toBe(404);
    await publishEvent(platform.scope, 'content.item.published.v1', { itemId: coming, type: 'event', authorId: author, title: 'Pitching to lenders, again', language: 'en', publishedAt: now(), startsAt: movedTo });
    await eventually(async () => (await attach(coming)).status === 201);
    expect((await sessions()).find(([id]: string[]) => id === coming)).toEqual([coming, 'Pitching to lenders, again', movedTo]);
  });
});
