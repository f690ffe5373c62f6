/**
 * Mentorship through the gateway, against the real NATS and PostgreSQL: profiles, suggestions that
 * honour hard constraints, requests and their states, the race for a mentor's last seat, expiry,
 * a mentor pausing, and sanctions from trust-safety pausing and restoring her mentoring.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AccountDeletedV1, MentorshipReportFiledV1, SanctionImposedV1, SanctionLiftedV1 } from '@weop/contracts';
import { eventually } from '@weop/testing';
import { publishEvent, readEvents } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { MENTEE_PROFILE, MENTOR_PROFILE, mentoringGiven } from './support/mentorship';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let admin: SignedIn;
let db: Client;
let acceptConduct: ReturnType<typeof mentoringGiven>['acceptConduct'];
let mentor: ReturnType<typeof mentoringGiven>['mentor'];
let mentee: ReturnType<typeof mentoringGiven>['mentee'];
let ask: ReturnType<typeof mentoringGiven>['ask'];

beforeAll(async () => {
  platform = await startPlatform('mentorship', {}, {}, { trustSafety: true, mentorship: true, community: true, mentorshipEnv: { SCHEDULE_INTERVAL_MS: '200' } });
  api = client(platform.baseUrl);
  the = given(api);
  admin = await the.admin();
  ({ acceptConduct, mentor, mentee, ask } = mentoringGiven(api, the, admin));
  db = new Client({ connectionString: await platform.scope.database('mentorship') });
  await db.connect();
}, 60_000);

afterAll(async () => {
  await db?.end();
  await platform?.close();
});

const suggestionsFor = async (m: SignedIn): Promise<{ mentorId: string; score: number; reasons: string[] }[]> => {
  const answer = await api('GET', '/api/v1/mentorship/suggestions?limit=50', { token: m.accessToken });
  expect(answer.status).toBe(200);
  return answer.body.items;
};
const notificationsOf = async (m: SignedIn): Promise<{ kind: string; text: string; link: string }[]> =>
  (await api('GET', '/api/v1/mentorship/notifications', { token: m.accessToken })).body.items;
/** Mentorship knows of a sanction in force on her (trust-safety's event reached it). */
const sanctionKnown = (m: SignedIn, inForce = true) =>
  eventually(async () => ((await db.query('select 1 from member where account_id = $1 and cardinality(sanctions) > 0', [m.id])).rowCount === (inForce ? 1 : 0) ? true : undefined), 5000);
const suspend = async (m: SignedIn): Promise<string> => {
  const sanctionId = randomUUID();
  const imposed: SanctionImposedV1 = { sanctionId, accountId: m.id, kind: 'suspension', guideline: 'respect', statement: 'Insults in comments.', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(), caseId: null };
  await publishEvent(platform.scope, SanctionImposedV1.subject, imposed);
  await sanctionKnown(m);
  return sanctionId;
};
const lift = async (m: SignedIn, sanctionId: string): Promise<void> => {
  await publishEvent(platform.scope, SanctionLiftedV1.subject, { sanctionId, accountId: m.id, reason: 'overturned', liftedAt: new Date().toISOString() });
  await sanctionKnown(m, false);
};
const requestStatus = async (id: string): Promise<string> => (await db.query('select status from mentorship_request where id = $1', [id])).rows[0].status;
/** Mentorship knows a member's country from identity's registration event. */
const countryKnown = (m: SignedIn) => eventually(async () => ((await db.query('select 1 from member where account_id = $1 and country is not null', [m.id])).rowCount ? true : undefined), 5000);

describe('profiles', () => {
  it('lets only a member with the mentor role offer mentoring, and refuses bad input with a field and a reason', async () => {
    const member = await the.member();
    const refused = await api('PUT', '/api/v1/mentorship/mentor-profile', { token: member.accessToken, body: MENTOR_PROFILE });
    expect(refused.status).toBe(403);

    const m = await mentor();
    const bad = async (body: Record<string, unknown>, field: string) => {
      const answer = await api('PUT', '/api/v1/mentorship/mentor-profile', { token: m.accessToken, body });
      expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(answer.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ ...MENTOR_PROFILE, capacity: 21 }, 'capacity');
    await bad({ ...MENTOR_PROFILE, capacity: 0 }, 'capacity');
    await bad({ ...MENTOR_PROFILE, timeZone: 'Mars/Olympus_Mons' }, 'timeZone');
    await bad({ ...MENTOR_PROFILE, expertise: ['astrology'] }, 'expertise');
    await bad({ ...MENTOR_PROFILE, salary: 100 }, 'salary');

    const mine = await api('GET', '/api/v1/mentorship/mentor-profile', { token: m.accessToken });
    expect(mine.body).toMatchObject({ accountId: m.id, capacity: 2, available: true, activeMentees: 0, languages: ['ru', 'en'] });
  });

  it('keeps a mentee profile with default preferences, and asks for one before suggestions or requests', async () => {
    const member = await the.member();
    const m = await mentor();
    for (const answer of [await api('GET', '/api/v1/mentorship/suggestions', { token: member.accessToken }), await ask(member, m)]) {
      expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: 409, code: 'MENTEE_PROFILE_REQUIRED' });
    }
    const put = await api('PUT', '/api/v1/mentorship/mentee-profile', { token: member.accessToken, body: MENTEE_PROFILE });
    expect(put.status).toBe(200);
    expect(put.body.preferences).toEqual({ country: 'any', womanMentorOnly: false, minOverlapHours: 0 });
    const wrong = await api('PUT', '/api/v1/mentorship/mentee-profile', { token: member.accessToken, body: { ...MENTEE_PROFILE, preferences: { country: 'nearby' } } });
    expect(wrong.status).toBe(400);
  });
});

describe('suggestions', () => {
  it('ranks mentors with a score and reasons, and never offers one that breaks a hard constraint or is full', async () => {
    const best = await mentor({ expertise: ['leadership', 'stem'], languages: ['ru'], timeZone: 'Asia/Tashkent' }, { country: 'KZ' });
    const good = await mentor({ expertise: ['leadership'], languages: ['ru'], timeZone: 'Europe/Berlin' }, { country: 'KZ' });
    const noLanguage = await mentor({ languages: ['zh'] }, { country: 'KZ' });
    const aMan = await mentor({ gender: 'man', expertise: ['leadership', 'stem'], languages: ['ru'], timeZone: 'Asia/Tashkent' }, { country: 'KZ' });
    const sameCountry = await mentor({ expertise: ['leadership', 'stem'], languages: ['ru'] }, { country: 'UZ' });
    const paused = await mentor({ available: false, languages: ['ru'] }, { country: 'KZ' });
    const full = await mentor({ capacity: 1, languages: ['ru'], expertise: ['leadership', 'stem'] }, { country: 'KZ' });
    const taker = await mentee();
    expect((await ask(taker, full)).status).toBe(201);
    const [request] = (await api('GET', '/api/v1/mentorship/requests?as=mentor', { token: full.accessToken })).body.items;
    expect((await api('POST', `/api/v1/mentorship/requests/${request.id}/accept`, { token: full.accessToken })).status).toBe(200);

    const her = await mentee({ preferences: { country: 'other', womanMentorOnly: true } }, { country: 'UZ' });
    for (const m of [her, best, good, sameCountry]) await countryKnown(m);
    const items = await suggestionsFor(her);
    const ids = items.map((i) => i.mentorId);
    expect(ids.indexOf(best.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(best.id)).toBeLessThan(ids.indexOf(good.id));
    for (const excluded of [noLanguage, aMan, sameCountry, paused, full]) expect(ids).not.toContain(excluded.id);
    const top = items.find((i) => i.mentorId === best.id)!;
    expect(top.reasons).toEqual(expect.arrayContaining(['matching expertise: leadership, stem', 'shared languages: ru', 'same working hours']));
    expect(items.map((i) => i.score)).toEqual([...items.map((i) => i.score)].sort((a, b) => b - a));
  });
});

describe('requests', () => {
  it('goes pending → declined with a reason, and refuses a second open request to the same mentor', async () => {
    const m = await mentor();
    const her = await mentee();
    const first = await ask(her, m);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), status: 'pending' });
    const second = await ask(her, m);
    expect({ status: second.status, code: second.body.error.code }).toEqual({ status: 409, code: 'CONFLICT' });
    expect((await notificationsOf(m)).map((n) => n.kind)).toContain('mentorship.request.received');

    // Only the mentor answers; the mentee cannot accept her own request, a stranger cannot see it.
    expect((await api('POST', `/api/v1/mentorship/requests/${first.body.id}/accept`, { token: her.accessToken })).status).toBe(403);
    const stranger = await the.member();
    expect((await api('POST', `/api/v1/mentorship/requests/${first.body.id}/decline`, { token: stranger.accessToken, body: { reason: 'schedule' } })).status).toBe(404);
    expect((await api('POST', `/api/v1/mentorship/requests/${first.body.id}/decline`, { token: m.accessToken, body: { reason: 'because' } })).status).toBe(400);

    const declined = await api('POST', `/api/v1/mentorship/requests/${first.body.id}/decline`, { token: m.accessToken, body: { reason: 'schedule', note: 'My calendar is full until spring.' } });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'schedule', declineNote: 'My calendar is full until spring.' });
    const again = await api('POST', `/api/v1/mentorship/requests/${first.body.id}/accept`, { token: m.accessToken });
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 422, code: 'REQUEST_NOT_PENDING' });
    // Declined is closed: she may ask again.
    expect((await ask(her, m)).status).toBe(201);
  });

  it('gives the last seat to exactly one of two acceptances racing for it', async () => {
    const m = await mentor({ capacity: 1 });
    const requests: string[] = [];
    for (let i = 0; i < 2; i++) requests.push((await ask(await mentee(), m)).body.id as string);
    const answers = await Promise.all(requests.map((id) => api('POST', `/api/v1/mentorship/requests/${id}/accept`, { token: m.accessToken })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('MENTOR_AT_CAPACITY');
    const mentorships = (await api('GET', '/api/v1/mentorship/mentorships', { token: m.accessToken })).body.items;
    expect(mentorships).toHaveLength(1);
    expect((await api('GET', '/api/v1/mentorship/mentor-profile', { token: m.accessToken })).body.activeMentees).toBe(1);
  });

  it('shows a mentorship only to its pair, and frees the seat when it completes with a note from each side', async () => {
    const m = await mentor({ capacity: 1 });
    const her = await mentee();
    const request = (await ask(her, m)).body.id as string;
    const accepted = await api('POST', `/api/v1/mentorship/requests/${request}/accept`, { token: m.accessToken });
    const id = accepted.body.mentorshipId as string;
    expect((await api('GET', `/api/v1/mentorship/mentorships/${id}`, { token: her.accessToken })).body).toMatchObject({ id, status: 'active', mentorId: m.id, menteeId: her.id });
    const stranger = await the.member();
    expect((await api('GET', `/api/v1/mentorship/mentorships/${id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api('GET', `/api/v1/mentorship/mentorships/${id}`, { token: admin.accessToken })).status).toBe(404);

    const next = await mentee();
    const waiting = (await ask(next, m)).body.id as string;
    expect((await api('POST', `/api/v1/mentorship/requests/${waiting}/accept`, { token: m.accessToken })).status).toBe(409);
    const half = await api('POST', `/api/v1/mentorship/mentorships/${id}/complete`, { token: her.accessToken, body: { note: 'I found my direction.' } });
    expect(half.body).toMatchObject({ status: 'active', menteeNote: 'I found my direction.' });
    const done = await api('POST', `/api/v1/mentorship/mentorships/${id}/complete`, { token: m.accessToken, body: { note: 'A pleasure.' } });
    expect(done.body).toMatchObject({ status: 'completed', mentorNote: 'A pleasure.' });
    expect((await api('POST', `/api/v1/mentorship/requests/${waiting}/accept`, { token: m.accessToken })).status).toBe(200);
  });

  it("answers a pausing mentor's open requests kindly for her", async () => {
    const m = await mentor();
    const her = await mentee();
    const request = (await ask(her, m)).body.id as string;
    expect((await api('PUT', '/api/v1/mentorship/mentor-profile', { token: m.accessToken, body: { ...MENTOR_PROFILE, available: false } })).status).toBe(200);
    const [mine] = (await api('GET', '/api/v1/mentorship/requests', { token: her.accessToken })).body.items;
    expect(mine).toMatchObject({ id: request, status: 'declined', declineReason: 'mentor-unavailable' });
    expect(mine.declineNote).toMatch(/not taking new mentees/);
    expect((await notificationsOf(her))[0]).toMatchObject({ kind: 'mentorship.request.declined', link: `/mentorship/requests/${request}` });
    const refused = await ask(her, m);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 422, code: 'MENTOR_UNAVAILABLE' });
  });

  it('serialises a request with her pause: sent while she pauses, it waits for the pause and is refused', async () => {
    const m = await mentor();
    const her = await mentee();
    // Her pause in progress: the profile row locked for update, as PUT /mentorship/mentor-profile holds it.
    const pausing = new Client({ connectionString: await platform.scope.database('mentorship') });
    await pausing.connect();
    try {
      await pausing.query('begin');
      await pausing.query('select 1 from mentor_profile where account_id = $1 for update', [m.id]);
      let settled = false;
      const sent = ask(her, m).then((answer) => {
        settled = true;
        return answer;
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(settled).toBe(false);
      await pausing.query('update mentor_profile set available = false where account_id = $1', [m.id]);
      await pausing.query('commit');
      const answer = await sent;
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 422, code: 'MENTOR_UNAVAILABLE' });
    } finally {
      await pausing.end();
    }
    expect((await db.query(`select 1 from mentorship_request where mentor_id = $1 and status in ('pending','paused')`, [m.id])).rowCount).toBe(0);
  });

  it('closes requests a sanction holds paused when the mentor pauses, and never reopens one for a mentor who takes no one', async () => {
    const first = await mentor();
    const second = await mentor();
    const her = await mentee();
    const toFirst = (await ask(her, first)).body.id as string;
    const toSecond = (await ask(her, second)).body.id as string;
    const sanctionId = await suspend(her);
    await eventually(async () => ((await requestStatus(toFirst)) === 'paused' && (await requestStatus(toSecond)) === 'paused' ? true : undefined), 5000);

    // The first mentor pauses: the request held for her is answered like a pending one.
    expect((await api('PUT', '/api/v1/mentorship/mentor-profile', { token: first.accessToken, body: { ...MENTOR_PROFILE, available: false } })).status).toBe(200);
    const [closed] = (await db.query('select status, decline_reason, decline_note from mentorship_request where id = $1', [toFirst])).rows;
    expect(closed).toMatchObject({ status: 'declined', decline_reason: 'mentor-unavailable' });
    expect(closed.decline_note).toMatch(/not taking new mentees/);

    // The second stopped taking mentees while the request was held (as the code before this left it):
    // when the sanction lifts it is answered with the same kind note, not made pending again.
    await db.query('update mentor_profile set available = false where account_id = $1', [second.id]);
    await lift(her, sanctionId);
    await eventually(async () => ((await requestStatus(toSecond)) === 'declined' ? true : undefined), 5000);
    const [after] = (await db.query('select decline_reason, decline_note from mentorship_request where id = $1', [toSecond])).rows;
    expect(after).toMatchObject({ decline_reason: 'mentor-unavailable' });
    expect(after.decline_note).toMatch(/not taking new mentees/);
    // (Read from mentorship's table: her account may still be suspended at identity for a moment.)
    const told = (await db.query(`select link from notification where account_id = $1 and kind = 'mentorship.request.declined'`, [her.id])).rows.map((n) => n.link).sort();
    expect(told).toEqual([`/mentorship/requests/${toFirst}`, `/mentorship/requests/${toSecond}`].sort());
    expect(await requestStatus(toFirst)).toBe('declined');
  });

  it('expires a request left unanswered past its time, and lets the mentee withdraw one', async () => {
    const m = await mentor();
    const her = await mentee();
    const request = (await ask(her, m)).body.id as string;
    const [row] = (await db.query('select expires_at - created_at as ttl from mentorship_request where id = $1', [request])).rows;
    expect(row.ttl.days).toBe(14);
    await db.query(`update mentorship_request set expires_at = now() - interval '1 second' where id = $1`, [request]);
    await eventually(async () => ((await api('GET', '/api/v1/mentorship/requests', { token: her.accessToken })).body.items[0].status === 'expired' ? true : undefined), 5000);
    expect((await notificationsOf(her)).map((n) => n.kind)).toContain('mentorship.request.expired');

    const other = (await ask(her, m)).body.id as string;
    expect((await api('POST', `/api/v1/mentorship/requests/${other}/withdraw`, { token: m.accessToken })).status).toBe(403);
    expect((await api('POST', `/api/v1/mentorship/requests/${other}/withdraw`, { token: her.accessToken })).body.status).toBe('withdrawn');
  });
});

describe('roles', () => {
  it('stops a member who loses the mentor role from taking mentees, answering her pending requests kindly', async () => {
    const m = await mentor();
    const her = await mentee();
    const request = (await ask(her, m)).body.id as string;
    expect((await api('DELETE', `/api/v1/admin/users/${m.id}/roles/mentor`, { token: admin.accessToken })).status).toBe(204);
    const mine = await eventually(async () => {
      const [found] = (await api('GET', '/api/v1/mentorship/requests', { token: her.accessToken })).body.items;
      return found?.status === 'declined' ? found : undefined;
    }, 5000);
    expect(mine).toMatchObject({ id: request, declineReason: 'mentor-unavailable' });
    expect((await suggestionsFor(her)).map((s) => s.mentorId)).not.toContain(m.id);
    const refused = await ask(her, m);
    expect(refused.body.error.code).toBe('MENTOR_UNAVAILABLE');
  });
});

describe('sanctions and closed accounts', () => {
  const statusOf = async (who: SignedIn, id: string) => (await api('GET', `/api/v1/mentorship/mentorships/${id}`, { token: who.accessToken })).body.status as string;

  it("pauses a suspended member's mentorships and requests, tells both sides neutrally, and restores them when it lifts", async () => {
    const m = await mentor({ capacity: 3 });
    const her = await mentee();
    const accepted = await api('POST', `/api/v1/mentorship/requests/${(await ask(her, m)).body.id}/accept`, { token: m.accessToken });
    const mentorshipId = accepted.body.mentorshipId as string;
    const waiting = (await ask(await mentee(), m)).body.id as string;

    const sanctionId = randomUUID();
    const imposed: SanctionImposedV1 = { sanctionId, accountId: m.id, kind: 'suspension', guideline: 'respect', statement: 'Insults in comments.', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(), caseId: null };
    await publishEvent(platform.scope, SanctionImposedV1.subject, imposed);
    await eventually(async () => ((await statusOf(her, mentorshipId)) === 'paused' ? true : undefined), 5000);
    const told = (await notificationsOf(her)).find((n) => n.kind === 'mentorship.paused')!;
    expect(told.text).not.toMatch(/sanction|suspend|respect|insult/i);
    expect((await db.query('select status from mentorship_request where id = $1', [waiting])).rows[0].status).toBe('paused');
    // Not suggested while restricted.
    expect((await suggestionsFor(her)).map((s) => s.mentorId)).not.toContain(m.id);

    // The lift of a sanction mentorship never saw changes nothing; the lift of hers restores.
    await publishEvent(platform.scope, SanctionLiftedV1.subject, { sanctionId: randomUUID(), accountId: m.id, reason: 'expired', liftedAt: new Date().toISOString() });
    await publishEvent(platform.scope, SanctionLiftedV1.subject, { sanctionId, accountId: m.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    await eventually(async () => ((await statusOf(her, mentorshipId)) === 'active' ? true : undefined), 5000);
    expect((await db.query('select status from mentorship_request where id = $1', [waiting])).rows[0].status).toBe('pending');
    // Identity applied the same suspension to her account; once it lifts there too, she reads what happened.
    await eventually(async () => ((await api('GET', '/api/v1/mentorship/notifications', { token: m.accessToken })).body.items as { kind: string }[] | undefined)?.some((n) => n.kind === 'mentorship.resumed'), 5000);
  });

  it("pauses a suspended mentee's mentorship and open request, tells her mentor neutrally, and restores them when it lifts", async () => {
    const m = await mentor({ capacity: 3 });
    const other = await mentor();
    const her = await mentee();
    const mentorshipId = (await api('POST', `/api/v1/mentorship/requests/${(await ask(her, m)).body.id}/accept`, { token: m.accessToken })).body.mentorshipId as string;
    const waiting = (await ask(her, other)).body.id as string;

    const sanctionId = await suspend(her);
    await eventually(async () => ((await statusOf(m, mentorshipId)) === 'paused' ? true : undefined), 5000);
    expect(await requestStatus(waiting)).toBe('paused');
    const told = (await notificationsOf(m)).find((n) => n.kind === 'mentorship.paused')!;
    expect(told.link).toBe(`/mentorship/mentorships/${mentorshipId}`);
    expect(told.text).not.toMatch(/sanction|suspend|respect|insult/i);
    // Her mentor cannot accept the held request meanwhile.
    const held = await api('POST', `/api/v1/mentorship/requests/${waiting}/accept`, { token: other.accessToken });
    expect({ status: held.status, code: held.body.error.code }).toEqual({ status: 422, code: 'REQUEST_NOT_PENDING' });

    await lift(her, sanctionId);
    await eventually(async () => ((await statusOf(m, mentorshipId)) === 'active' ? true : undefined), 5000);
    expect(await requestStatus(waiting)).toBe('pending');
    expect((await notificationsOf(m)).map((n) => n.kind)).toContain('mentorship.resumed');
    expect((await api('POST', `/api/v1/mentorship/requests/${waiting}/accept`, { token: other.accessToken })).status).toBe(200);
  });

  it('pauses nothing for a sanction that arrives after its lift, or whose suspension has already ended', async () => {
    const m = await mentor({ capacity: 3 });
    const her = await mentee();
    const accepted = await api('POST', `/api/v1/mentorship/requests/${(await ask(her, m)).body.id}/accept`, { token: m.accessToken });
    const mentorshipId = accepted.body.mentorshipId as string;
    const suspension = (sanctionId: string, endsAt: number): SanctionImposedV1 => ({
      sanctionId, accountId: m.id, kind: 'suspension', guideline: 'respect', statement: 'Insults.', startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: new Date(endsAt).toISOString(), caseId: null,
    });
    const applied = (envelopeId: string) => eventually(async () => ((await db.query('select 1 from inbox_entry where event_id = $1', [envelopeId])).rowCount === 1 ? true : undefined), 5000);

    // Overturned before its "imposed" arrived (or "imposed" redelivered after the lift).
    const overturned = randomUUID();
    await applied(await publishEvent(platform.scope, SanctionLiftedV1.subject, { sanctionId: overturned, accountId: m.id, reason: 'overturned', liftedAt: new Date().toISOString() }));
    await applied(await publishEvent(platform.scope, SanctionImposedV1.subject, suspension(overturned, Date.now() + 7 * 86_400_000)));
    // A suspension whose end has passed (delivered late, after trust-safety's expiry).
    await applied(await publishEvent(platform.scope, SanctionImposedV1.subject, suspension(randomUUID(), Date.now() - 1000)));
    expect(await statusOf(her, mentorshipId)).toBe('active');
    expect((await db.query('select sanctions from member where account_id = $1', [m.id])).rows[0].sanctions).toEqual([]);
    expect((await notificationsOf(her)).map((n) => n.kind)).not.toContain('mentorship.paused');
    // What mentorship keeps of them is hers to read.
    const exported = (await api('GET', '/api/v1/me/export', { token: m.accessToken })).body.services.mentorship.member;
    expect(exported.sanctions).toEqual(expect.arrayContaining([expect.objectContaining({ sanctionId: overturned, kind: 'suspension', liftedAt: expect.any(String) })]));
  });

  it('ends the mentorships of a member who closes her account and forgets her profiles', async () => {
    const m = await mentor();
    const her = await mentee();
    const accepted = await api('POST', `/api/v1/mentorship/requests/${(await ask(her, m)).body.id}/accept`, { token: m.accessToken });
    await publishEvent(platform.scope, AccountDeletedV1.subject, { accountId: her.id, deletedAt: new Date().toISOString() });
    await eventually(async () => ((await statusOf(m, accepted.body.mentorshipId as string)) === 'ended' ? true : undefined), 5000);
    expect((await db.query('select 1 from mentee_profile where account_id = $1', [her.id])).rowCount).toBe(0);
  });
});

describe('inside a mentorship', () => {
  const begin = async (): Promise<{ m: SignedIn; her: SignedIn; id: string }> => {
    const m = await mentor();
    const her = await mentee();
    const accepted = await api('POST', `/api/v1/mentorship/requests/${(await ask(her, m)).body.id}/accept`, { token: m.accessToken });
    return { m, her, id: accepted.body.mentorshipId as string };
  };

  it('keeps goals, sessions with notes only the pair reads, and tasks', async () => {
    const { m, her, id } = await begin();
    const base = `/api/v1/mentorship/mentorships/${id}`;
    const goal = await api('POST', `${base}/goals`, { token: her.accessToken, body: { title: 'Lead the regional team' } });
    expect(goal.status).toBe(201);
    expect((await api('PATCH', `${base}/goals/${goal.body.id}`, { token: m.accessToken, body: { progress: 40 } })).body.progress).toBe(40);
    expect((await api('PATCH', `${base}/goals/${goal.body.id}`, { token: m.accessToken, body: { progress: 140 } })).status).toBe(400);

    const before = await api('POST', `${base}/sessions`, { token: m.accessToken, body: { heldAt: new Date(Date.now() - 86_400_000).toISOString(), durationMinutes: 45 } });
    expect(before.body.error.details).toEqual([{ field: 'heldAt', problem: 'must not be before the mentorship began' }]);
    const heldAt = new Date().toISOString();
    const session = await api('POST', `${base}/sessions`, { token: m.accessToken, body: { heldAt, durationMinutes: 45, notes: 'Talked about her manager.' } });
    expect(session.status).toBe(201);
    expect((await api('POST', `${base}/sessions`, { token: m.accessToken, body: { heldAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 45 } })).status).toBe(400);
    expect((await api('GET', `${base}/sessions`, { token: her.accessToken })).body.items).toEqual([expect.objectContaining({ notes: 'Talked about her manager.', durationMinutes: 45 })]);
    expect((await api('GET', base, { token: her.accessToken })).body.lastSessionAt).toBe(heldAt);

    const task = await api('POST', `${base}/tasks`, { token: m.accessToken, body: { title: 'Draft a one-page plan', dueAt: '2030-01-15' } });
    expect((await api('PATCH', `${base}/tasks/${task.body.id}`, { token: her.accessToken, body: { done: true } })).body.done).toBe(true);

    const stranger = await the.member();
    for (const path of ['goals', 'sessions', 'tasks', 'feedback']) {
      expect((await api('GET', `${base}/${path}`, { token: stranger.accessToken })).status).toBe(404);
    }
    expect((await api('POST', `${base}/goals`, { token: stranger.accessToken, body: { title: 'Mine now' } })).status).toBe(404);
  });

  it('pages goals, sessions and tasks with a limit and a cursor, in their order, refusing a bad cursor', async () => {
    const { m, her, id } = await begin();
    const base = `/api/v1/mentorship/mentorships/${id}`;
    const goals: string[] = [];
    const tasks: string[] = [];
    const sessions: string[] = [];
    for (let i = 0; i < 3; i++) {
      goals.push((await api('POST', `${base}/goals`, { token: her.accessToken, body: { title: `Goal ${i}` } })).body.id as string);
      tasks.push((await api('POST', `${base}/tasks`, { token: m.accessToken, body: { title: `Task ${i}` } })).body.id as string);
      await new Promise((resolve) => setTimeout(resolve, 5));
      sessions.push((await api('POST', `${base}/sessions`, { token: m.accessToken, body: { heldAt: new Date().toISOString(), durationMinutes: 30 + i } })).body.id as string);
    }
    /** Every page of a list, two at a time. */
    const pages = async (path: string): Promise<string[][]> => {
      const seen: string[][] = [];
      let cursor: string | null = null;
      do {
        const answer = await api('GET', `${base}/${path}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: her.accessToken });
        expect(answer.status).toBe(200);
        seen.push((answer.body.items as { id: string }[]).map((item) => item.id));
        cursor = answer.body.nextCursor as string | null;
      } while (cursor !== null && seen.length < 5);
      return seen;
    };
    expect(await pages('goals')).toEqual([goals.slice(0, 2), goals.slice(2)]);
    expect(await pages('tasks')).toEqual([tasks.slice(0, 2), tasks.slice(2)]);
    const newestFirst = [...sessions].reverse();
    expect(await pages('sessions')).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2)]);
    expect((await api('GET', `${base}/goals`, { token: her.accessToken })).body).toEqual({ items: expect.any(Array), nextCursor: null });
    for (const query of ['cursor=not-a-cursor', 'limit=101', 'limit=0']) {
      const bad = await api('GET', `${base}/tasks?${query}`, { token: her.accessToken });
      expect({ query, status: bad.status, code: bad.body.error.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it("shows each side the other's feedback only once both answered, and only after the end", async () => {
    const { m, her, id } = await begin();
    const base = `/api/v1/mentorship/mentorships/${id}`;
    const early = await api('POST', `${base}/feedback`, { token: her.accessToken, body: { rating: 5, text: 'Wonderful.' } });
    expect({ status: early.status, code: early.body.error.code }).toEqual({ status: 422, code: 'MENTORSHIP_NOT_OVER' });
    expect((await api('POST', `${base}/end`, { token: m.accessToken, body: { reason: 'no-time' } })).body.status).toBe('ended');
    expect((await api('POST', `${base}/goals`, { token: her.accessToken, body: { title: 'Late' } })).status).toBe(422);

    const hers = await api('POST', `${base}/feedback`, { token: her.accessToken, body: { rating: 4, text: 'Helpful, ended too soon.' } });
    expect(hers.status).toBe(201);
    expect(hers.body).toMatchObject({ mine: { rating: 4 }, theirs: null, theyAnswered: false });
    expect((await api('GET', `${base}/feedback`, { token: m.accessToken })).body).toEqual({ mine: null, theirs: null, theyAnswered: true });
    expect((await api('POST', `${base}/feedback`, { token: her.accessToken, body: { rating: 1, text: 'Changed my mind.' } })).status).toBe(409);
    await api('POST', `${base}/feedback`, { token: m.accessToken, body: { rating: 5, text: 'A committed mentee.' } });
    expect((await api('GET', `${base}/feedback`, { token: her.accessToken })).body.theirs).toMatchObject({ rating: 5, text: 'A committed mentee.' });
  });

  it('reminds both sides when no session has been logged for 30 days', async () => {
    const { m, her, id } = await begin();
    await db.query(`update mentorship set started_at = now() - interval '31 days' where id = $1`, [id]);
    for (const side of [m, her]) {
      await eventually(async () => (await notificationsOf(side)).some((n) => n.kind === 'mentorship.reminder' && n.link === `/mentorship/mentorships/${id}`), 5000);
    }
    // Once per quiet spell, not on every pass.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await notificationsOf(her)).filter((n) => n.kind === 'mentorship.reminder')).toHaveLength(1);
    // And in her one inbox (community, from mentorship.notification.created.v1), for both sides.
    for (const side of [m, her]) {
      const line = await eventually(async () => ((await api('GET', '/api/v1/me/notifications?limit=100', { token: side.accessToken })).body.items as { kind: string; link: string }[] | undefined)
        ?.find((n) => n.kind === 'mentorship.reminder' && n.link === `/mentorship/mentorships/${id}`), 10_000);
      expect(line).toBeDefined();
    }
  });
});

describe('programme cohorts', () => {
  const staff = async (): Promise<SignedIn> => {
    const m = await the.member();
    await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: admin.accessToken, body: { role: 'programme-admin' } });
    return the.signIn(m.email, m.password);
  };
  const window = (fromHours: number, toHours: number) => ({
    applicationsOpenAt: new Date(Date.now() + fromHours * 3_600_000).toISOString(),
    applicationsCloseAt: new Date(Date.now() + toHours * 3_600_000).toISOString(),
  });

  it('matches the whole cohort for the best total, where pairing the best pair first would strand a mentee, and publishes it', async () => {
    const programmeAdmin = await staff();
    const created = await api('POST', '/api/v1/mentorship/programmes', { token: programmeAdmin.accessToken, body: { name: 'WEOP mentorship programme 2027', ...window(-1, 24) } });
    expect(created.status).toBe(201);
    const base = `/api/v1/mentorship/programmes/${created.body.id}`;
    const common = { countries: [], timeZone: 'Asia/Almaty', capacity: 1 };
    const x = await mentor({ ...common, languages: ['ru', 'kk'], expertise: ['leadership', 'stem'] });
    const y = await mentor({ ...common, languages: ['ru'], expertise: ['leadership'] });
    const a = await mentee({ languages: ['ru'], expertise: ['leadership', 'stem'], timeZone: 'Asia/Almaty' });
    const b = await mentee({ languages: ['kk'], expertise: ['leadership', 'finance'], timeZone: 'Asia/Almaty' });
    for (const [who, role] of [[x, 'mentor'], [y, 'mentor'], [a, 'mentee'], [b, 'mentee']] as const) {
      expect((await api('POST', `${base}/applications`, { token: who.accessToken, body: { role } })).status).toBe(201);
    }
    expect((await api('POST', `${base}/applications`, { token: a.accessToken, body: { role: 'mentee' } })).status).toBe(409);
    expect((await api('POST', `${base}/matching-runs`, { token: a.accessToken })).status).toBe(403);

    const run = await api('POST', `${base}/matching-runs`, { token: programmeAdmin.accessToken });
    expect(run.status).toBe(201);
    // All four from UZ. A with X scores 90 but leaves B (who shares a language only with X) alone: 90.
    // A with Y and B with X: 65 + 65.
    expect(run.body).toMatchObject({ status: 'proposed', method: 'min-cost-flow', totalScore: 130, greedyScore: 90, qualityBound: 130, unmatched: [] });
    expect(run.body.proposals.map((p: { menteeId: string; mentorId: string }) => [p.menteeId, p.mentorId]).sort()).toEqual([[a.id, y.id], [b.id, x.id]].sort());
    expect(run.body.proposals[0].reasons.length).toBeGreaterThan(0);

    // An adjustment that breaks a hard constraint is refused; nothing is published.
    const wrong = await api('POST', `${base}/matching-runs/${run.body.id}/publish`, { token: programmeAdmin.accessToken, body: { pairs: [{ menteeId: b.id, mentorId: y.id }] } });
    expect({ status: wrong.status, code: wrong.body.error.code }).toEqual({ status: 422, code: 'PAIR_NOT_ALLOWED' });
    const published = await api('POST', `${base}/matching-runs/${run.body.id}/publish`, { token: programmeAdmin.accessToken, body: {} });
    expect(published.body).toEqual({ runId: run.body.id, created: 2 });
    const [hers] = (await api('GET', '/api/v1/mentorship/mentorships', { token: b.accessToken })).body.items;
    expect(hers).toMatchObject({ mentorId: x.id, status: 'active', programmeId: created.body.id });
    expect((await api('POST', `${base}/matching-runs/${run.body.id}/publish`, { token: programmeAdmin.accessToken, body: {} })).status).toBe(409);
  });

  it('matches a mentee once per cohort: a later run is for the leftovers, never a suspended mentee, and publishing refuses a second mentorship', async () => {
    const programmeAdmin = await staff();
    const created = await api('POST', '/api/v1/mentorship/programmes', { token: programmeAdmin.accessToken, body: { name: 'WEOP mentorship programme, spring', ...window(-1, 24) } });
    const base = `/api/v1/mentorship/programmes/${created.body.id}`;
    const common = { countries: [], timeZone: 'Asia/Almaty', capacity: 2, languages: ['ru'], expertise: ['leadership'] };
    const x = await mentor(common);
    const y = await mentor(common);
    const fit = { languages: ['ru'], expertise: ['leadership'], timeZone: 'Asia/Almaty' };
    const a = await mentee(fit);
    const b = await mentee(fit);
    const s = await mentee(fit);
    for (const [who, role] of [[x, 'mentor'], [y, 'mentor'], [a, 'mentee'], [b, 'mentee'], [s, 'mentee']] as const) {
      expect((await api('POST', `${base}/applications`, { token: who.accessToken, body: { role } })).status).toBe(201);
    }
    await suspend(s);
    const menteesOf = (run: { body: { proposals: { menteeId: string }[] } }) => run.body.proposals.map((p) => p.menteeId).sort();

    // The first run: the suspended mentee is left unmatched. A is published, B dropped for now.
    const first = await api('POST', `${base}/matching-runs`, { token: programmeAdmin.accessToken });
    expect(menteesOf(first)).toEqual([a.id, b.id].sort());
    expect(first.body.unmatched).toEqual([s.id]);
    const published = await api('POST', `${base}/matching-runs/${first.body.id}/publish`, { token: programmeAdmin.accessToken, body: { drop: [b.id] } });
    expect(published.body).toEqual({ runId: first.body.id, created: 1 });

    // A second run is for the leftovers: A, matched, is not proposed again.
    const second = await api('POST', `${base}/matching-runs`, { token: programmeAdmin.accessToken });
    expect(menteesOf(second)).toEqual([b.id]);
    expect(second.body.unmatched).toEqual([s.id]);
    // A second mentorship from this programme for A, by hand, is refused; so is the suspended mentee; nothing is created.
    const again = await api('POST', `${base}/matching-runs/${second.body.id}/publish`, { token: programmeAdmin.accessToken, body: { pairs: [{ menteeId: a.id, mentorId: y.id }] } });
    expect({ status: again.status, code: again.body.error.code, details: again.body.error.details }).toEqual({ status: 409, code: 'MENTEE_ALREADY_MATCHED', details: [{ menteeId: a.id }] });
    const suspended = await api('POST', `${base}/matching-runs/${second.body.id}/publish`, { token: programmeAdmin.accessToken, body: { pairs: [{ menteeId: s.id, mentorId: y.id }] } });
    expect({ status: suspended.status, code: suspended.body.error.code }).toEqual({ status: 422, code: 'PAIR_NOT_ALLOWED' });
    expect(suspended.body.error.message).toMatch(/mentee-restricted/);
    expect((await db.query('select mentee_id from mentorship where programme_id = $1', [created.body.id])).rows.map((r) => r.mentee_id)).toEqual([a.id]);

    // A run computed before another was published proposes B as well: published late, it is refused rather than matching her twice.
    const late = await api('POST', `${base}/matching-runs`, { token: programmeAdmin.accessToken });
    expect((await api('POST', `${base}/matching-runs/${second.body.id}/publish`, { token: programmeAdmin.accessToken, body: {} })).body).toEqual({ runId: second.body.id, created: 1 });
    const stale = await api('POST', `${base}/matching-runs/${late.body.id}/publish`, { token: programmeAdmin.accessToken, body: {} });
    expect({ status: stale.status, code: stale.body.error.code, details: stale.body.error.details }).toEqual({ status: 409, code: 'MENTEE_ALREADY_MATCHED', details: [{ menteeId: b.id }] });
    for (const who of [a, b]) expect((await api('GET', '/api/v1/mentorship/mentorships', { token: who.accessToken })).body.items).toHaveLength(1);
    expect((await db.query('select mentee_id from mentorship where programme_id = $1 order by mentee_id', [created.body.id])).rows.map((r) => r.mentee_id)).toEqual([a.id, b.id].sort());
  });

  it('publishes no pair one of whom has not accepted the code of conduct in force', async () => {
    const programmeAdmin = await staff();
    const created = await api('POST', '/api/v1/mentorship/programmes', { token: programmeAdmin.accessToken, body: { name: 'WEOP mentorship programme, autumn', ...window(-1, 24) } });
    const base = `/api/v1/mentorship/programmes/${created.body.id}`;
    const x = await mentor({ countries: [], timeZone: 'Asia/Almaty', capacity: 1, languages: ['ru'] });
    const a = await mentee({ languages: ['ru'], timeZone: 'Asia/Almaty' });
    for (const [who, role] of [[x, 'mentor'], [a, 'mentee']] as const) expect((await api('POST', `${base}/applications`, { token: who.accessToken, body: { role } })).status).toBe(201);
    const run = await api('POST', `${base}/matching-runs`, { token: programmeAdmin.accessToken });
    expect(run.body.proposals).toHaveLength(1);
    // Since she applied, a new text of the code came into force: what she accepted was an earlier version.
    await db.query(`update member set conduct_version = '2025-01' where account_id = $1`, [a.id]);
    const refused = await api('POST', `${base}/matching-runs/${run.body.id}/publish`, { token: programmeAdmin.accessToken, body: {} });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 422, code: 'CODE_OF_CONDUCT_REQUIRED' });
    expect(refused.body.error.message).toMatch(/mentee/);
    expect((await api('GET', '/api/v1/mentorship/mentorships', { token: a.accessToken })).body.items).toEqual([]);
    await acceptConduct(a);
    expect((await api('POST', `${base}/matching-runs/${run.body.id}/publish`, { token: programmeAdmin.accessToken, body: {} })).body.created).toBe(1);
  });

  it('takes applications only between the dates, and only programme-admins open cohorts', async () => {
    const programmeAdmin = await staff();
    const member = await mentee();
    expect((await api('POST', '/api/v1/mentorship/programmes', { token: member.accessToken, body: { name: 'Mine', ...window(1, 2) } })).status).toBe(403);
    const backwards = await api('POST', '/api/v1/mentorship/programmes', { token: programmeAdmin.accessToken, body: { name: 'Backwards', ...window(2, 1) } });
    expect(backwards.body.error.details).toEqual([{ field: 'applicationsCloseAt', problem: 'must be after applicationsOpenAt' }]);
    const later = await api('POST', '/api/v1/mentorship/programmes', { token: programmeAdmin.accessToken, body: { name: 'Next year', ...window(24, 48) } });
    const early = await api('POST', `/api/v1/mentorship/programmes/${later.body.id}/applications`, { token: member.accessToken, body: { role: 'mentee' } });
    expect({ status: early.status, code: early.body.error.code }).toEqual({ status: 422, code: 'APPLICATIONS_CLOSED' });
    const listed = (await api('GET', '/api/v1/mentorship/programmes', { token: member.accessToken })).body.items.find((p: { id: string }) => p.id === later.body.id);
    expect(listed).toMatchObject({ status: 'upcoming', menteeApplicants: 0 });
  });
});

describe('safeguarding', () => {
  it('asks both sides to accept the code of conduct before a request or an acceptance', async () => {
    const m = await mentor();
    const member = await the.member();
    await api('PUT', '/api/v1/mentorship/mentee-profile', { token: member.accessToken, body: MENTEE_PROFILE });
    const conduct = await api('GET', '/api/v1/mentorship/code-of-conduct', { token: member.accessToken });
    expect(conduct.body).toMatchObject({ version: expect.any(String), acceptedAt: null });
    expect(conduct.body.text).toMatch(/confidential/);
    const refused = await ask(member, m);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 422, code: 'CODE_OF_CONDUCT_REQUIRED' });
    await acceptConduct(member);
    expect((await api('GET', '/api/v1/mentorship/code-of-conduct', { token: member.accessToken })).body.acceptedAt).toEqual(expect.any(String));
    expect((await ask(member, m)).status).toBe(201);
  });

  it('asks the mentor to accept the code of conduct before she accepts a mentee', async () => {
    const member = await the.member();
    expect((await api('POST', `/api/v1/admin/users/${member.id}/roles`, { token: admin.accessToken, body: { role: 'mentor' } })).status).toBe(204);
    const m = await the.signIn(member.email, member.password);
    expect((await api('PUT', '/api/v1/mentorship/mentor-profile', { token: m.accessToken, body: MENTOR_PROFILE })).status).toBe(200);
    const her = await mentee();
    const request = (await ask(her, m)).body.id as string;
    const refused = await api('POST', `/api/v1/mentorship/requests/${request}/accept`, { token: m.accessToken });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 422, code: 'CODE_OF_CONDUCT_REQUIRED' });
    expect(await requestStatus(request)).toBe('pending');
    expect((await api('GET', '/api/v1/mentorship/mentorships', { token: her.accessToken })).body.items).toEqual([]);
    await acceptConduct(m);
    expect((await api('POST', `/api/v1/mentorship/requests/${request}/accept`, { token: m.accessToken })).body.status).toBe('accepted');
  });

  it('lets either side report the mentorship to trust-safety, with the other side as its author, and nobody else', async () => {
    const m = await mentor();
    const her = await mentee();
    const accepted = await api('POST', `/api/v1/mentorship/requests/${(await ask(her, m)).body.id}/accept`, { token: m.accessToken });
    const id = accepted.body.mentorshipId as string;
    const stranger = await the.member();
    expect((await api('POST', '/api/v1/reports', { token: stranger.accessToken, body: { subject: { type: 'mentorship', id }, guideline: 'respect' } })).status).toBe(404);
    const filed = await api('POST', '/api/v1/reports', { token: her.accessToken, body: { subject: { type: 'mentorship', id }, guideline: 'safety', details: 'He asked me to meet at his flat.' } });
    expect(filed.status).toBe(202);
    expect((await api('POST', '/api/v1/reports', { token: her.accessToken, body: { subject: { type: 'mentorship', id }, guideline: 'safety' } })).status).toBe(409);
    const events = await eventually(async () => {
      const found = (await readEvents(platform.scope, MentorshipReportFiledV1.subject)).filter((e) => e.payload.subjectId === id);
      return found.length ? found : undefined;
    }, 5000);
    expect(events[0].payload).toMatchObject({ reportId: filed.body.id, subjectType: 'mentorship', reporterId: her.id, guideline: 'safety', snapshot: { authorId: m.id } });
    // trust-safety opens a case about it.
    const opened = await eventually(async () => {
      const cases = (await api('GET', '/api/v1/moderation/cases?limit=100', { token: admin.accessToken })).body.items as { subject: { type: string; id: string } }[];
      return cases.find((c) => c.subject.type === 'mentorship' && c.subject.id === id);
    }, 5000);
    expect(opened).toBeDefined();
    // Her report is among her reports, and follows the case to its outcome.
    const mine = async () => ((await api('GET', '/api/v1/me/reports', { token: her.accessToken })).body.items as { id: string; subject: { type: string }; status: string }[]).find((r) => r.id === filed.body.id);
    expect(await mine()).toMatchObject({ subject: { type: 'mentorship' }, status: 'received' });
    const caseId = (opened as unknown as { id: string }).id;
    expect((await api('POST', `/api/v1/moderation/cases/${caseId}/decisions`, { token: admin.accessToken, body: { action: 'warn', guideline: 'safety', statement: 'Asking a mentee to meet in private breaks the code of conduct.' } })).status).toBe(201);
    await eventually(async () => (await mine())?.status === 'actioned', 5000);
    // She can end it, with conduct as the reason.
    expect((await api('POST', `/api/v1/mentorship/mentorships/${id}/end`, { token: her.accessToken, body: { reason: 'conduct' } })).body.status).toBe('ended');
  });

  it('keeps the exit survey for programme administrators only', async () => {
    const m = await mentor();
    const her = await mentee();
    const accepted = await api('POST', `/api/v1/mentorship/requests/${(await ask(her, m)).body.id}/accept`, { token: m.accessToken });
    const id = accepted.body.mentorshipId as string;
    const survey = { rating: 2, feltSafe: false, wouldRecommend: false, comments: 'I did not feel comfortable.' };
    expect((await api('POST', `/api/v1/mentorship/mentorships/${id}/exit-survey`, { token: her.accessToken, body: survey })).status).toBe(422);
    await api('POST', `/api/v1/mentorship/mentorships/${id}/end`, { token: her.accessToken, body: { reason: 'not-a-fit' } });
    expect((await api('POST', `/api/v1/mentorship/mentorships/${id}/exit-survey`, { token: her.accessToken, body: survey })).status).toBe(201);
    expect((await api('GET', '/api/v1/mentorship/exit-surveys', { token: m.accessToken })).status).toBe(403);
    const programmeAdmin = await the.member();
    await api('POST', `/api/v1/admin/users/${programmeAdmin.id}/roles`, { token: admin.accessToken, body: { role: 'programme-admin' } });
    const signed = await the.signIn(programmeAdmin.email, programmeAdmin.password);
    const read = (await api('GET', '/api/v1/mentorship/exit-surveys?limit=100', { token: signed.accessToken })).body.items as Record<string, unknown>[];
    expect(read.find((s) => s.mentorshipId === id)).toEqual({ mentorshipId: id, programmeId: null, side: 'mentee', rating: 2, feltSafe: false, wouldRecommend: false, comments: 'I did not feel comfortable.', submittedAt: expect.any(String) });
  });
});
