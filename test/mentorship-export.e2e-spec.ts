/**
 * Mentorship's part of `GET /me/export`, through the gateway against the real NATS and PostgreSQL:
 * each of the pair finds her profile, the request, the mentorship with its goals and session notes;
 * a member outside the pair finds none of it; what the other side wrote in confidence (her exit
 * survey, her report) stays out of the partner's export.
 */
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { mentoringGiven } from './support/mentorship';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let mentoring: ReturnType<typeof mentoringGiven>;

beforeAll(async () => {
  platform = await startPlatform('mentorship-export', {}, {}, { trustSafety: true, mentorship: true });
  api = client(platform.baseUrl);
  the = given(api);
  mentoring = mentoringGiven(api, the, await the.admin());
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A mentee asks, the mentor accepts: their mentorship, with a goal and a session with notes. */
const pair = async (): Promise<{ m: SignedIn; her: SignedIn; requestId: string; id: string }> => {
  const m = await mentoring.mentor({ bio: 'Twenty years in engineering management.' });
  const her = await mentoring.mentee();
  const asked = await mentoring.ask(her, m, 'I would value your advice on leading a team.', ['lead a team']);
  expect(asked.status).toBe(201);
  const accepted = await api('POST', `/api/v1/mentorship/requests/${asked.body.id}/accept`, { token: m.accessToken });
  expect(accepted.status).toBe(200);
  const id = accepted.body.mentorshipId as string;
  const base = `/api/v1/mentorship/mentorships/${id}`;
  expect((await api('POST', `${base}/goals`, { token: her.accessToken, body: { title: 'Lead the regional team' } })).status).toBe(201);
  expect((await api('POST', `${base}/sessions`, { token: m.accessToken, body: { heldAt: new Date().toISOString(), durationMinutes: 45, notes: 'Talked about her manager.' } })).status).toBe(201);
  return { m, her, requestId: asked.body.id as string, id };
};

const exportOf = async (m: SignedIn): Promise<Record<string, unknown>> => {
  const answer = await api('GET', '/api/v1/me/export', { token: m.accessToken });
  expect(answer.status).toBe(200);
  expect(answer.body.services.mentorship).toBeDefined();
  return answer.body.services.mentorship as Record<string, unknown>;
};

describe('GET /me/export, mentorship', () => {
  it('gives each of the pair her profile, the request, the mentorship with its goals and session notes, and a stranger none of it', async () => {
    const { m, her, requestId, id } = await pair();

    const hers = await exportOf(her);
    expect(hers).toMatchObject({
      menteeProfile: { accountId: her.id, goals: ['lead a team'], expertise: ['leadership', 'stem'], languages: ['ru'], timeZone: 'Asia/Tashkent', preferences: { country: 'any', womanMentorOnly: false, minOverlapHours: 0 } },
      mentorProfile: null,
      codeOfConduct: { version: expect.any(String), acceptedAt: expect.stringMatching(ISO), current: true },
      requests: [expect.objectContaining({ id: requestId, yourRole: 'mentee', mentorId: m.id, status: 'accepted', message: 'I would value your advice on leading a team.', goals: ['lead a team'], mentorshipId: id, createdAt: expect.stringMatching(ISO), answeredAt: expect.stringMatching(ISO) })],
      mentorships: [expect.objectContaining({
        id, yourRole: 'mentee', mentorId: m.id, status: 'active', requestId, startedAt: expect.stringMatching(ISO),
        goals: [expect.objectContaining({ title: 'Lead the regional team', progress: 0 })],
        sessions: [expect.objectContaining({ durationMinutes: 45, notes: 'Talked about her manager.', loggedBy: m.id, loggedByYou: false, heldAt: expect.stringMatching(ISO) })],
        tasks: [],
        feedback: { mine: null, theirs: null, theyAnswered: false },
      })],
      notifications: expect.arrayContaining([expect.objectContaining({ kind: 'mentorship.request.accepted', link: `/mentorship/mentorships/${id}`, createdAt: expect.stringMatching(ISO) })]),
    });

    const his = await exportOf(m);
    expect(his).toMatchObject({
      mentorProfile: { accountId: m.id, capacity: 2, available: true, bio: 'Twenty years in engineering management.', activeMentees: 1 },
      menteeProfile: null,
      requests: [expect.objectContaining({ id: requestId, yourRole: 'mentor', menteeId: her.id, status: 'accepted' })],
      mentorships: [expect.objectContaining({ id, yourRole: 'mentor', sessions: [expect.objectContaining({ notes: 'Talked about her manager.', loggedByYou: true })] })],
      notifications: expect.arrayContaining([expect.objectContaining({ kind: 'mentorship.request.received' })]),
    });

    const stranger = await the.member();
    const theirs = await exportOf(stranger);
    expect(theirs).toMatchObject({ mentorProfile: null, menteeProfile: null, codeOfConduct: null, requests: [], mentorships: [], reportsFiled: [], exitSurveys: [], notifications: [] });
    const text = JSON.stringify(theirs);
    for (const secret of [id, requestId, m.id, her.id, 'Talked about her manager.', 'Lead the regional team']) expect(text).not.toContain(secret);
  });

  it("keeps her exit survey, her report and her feedback in hers, and the other side's confidential words out", async () => {
    const { m, her, id } = await pair();
    const base = `/api/v1/mentorship/mentorships/${id}`;
    expect((await api('POST', '/api/v1/reports', { token: m.accessToken, body: { subject: { type: 'mentorship', id }, guideline: 'respect', details: 'She kept cancelling at the last minute.' } })).status).toBe(202);
    expect((await api('POST', `${base}/end`, { token: her.accessToken, body: { reason: 'not-a-fit', note: 'We did not click.' } })).body.status).toBe('ended');
    expect((await api('POST', `${base}/exit-survey`, { token: her.accessToken, body: { rating: 3, feltSafe: true, wouldRecommend: true, comments: 'Kind, but too busy.' } })).status).toBe(201);
    expect((await api('POST', `${base}/exit-survey`, { token: m.accessToken, body: { rating: 2, feltSafe: true, wouldRecommend: false, comments: 'She rarely prepared.' } })).status).toBe(201);
    expect((await api('POST', `${base}/feedback`, { token: m.accessToken, body: { rating: 3, text: 'Promising, needs focus.' } })).status).toBe(201);

    // He answered the feedback, she has not: his stays out of hers, as the product shows it.
    const before = await exportOf(her);
    expect(before.mentorships).toEqual([expect.objectContaining({ id, status: 'ended', endReason: 'not-a-fit', yourEndNote: 'We did not click.', feedback: { mine: null, theirs: null, theyAnswered: true } })]);
    expect(before.exitSurveys).toEqual([{ mentorshipId: id, programmeId: null, side: 'mentee', rating: 3, feltSafe: true, wouldRecommend: true, comments: 'Kind, but too busy.', submittedAt: expect.stringMatching(ISO) }]);
    expect(before.reportsFiled).toEqual([]);
    const beforeText = JSON.stringify(before);
    for (const secret of ['She rarely prepared.', 'She kept cancelling at the last minute.', 'Promising, needs focus.']) expect(beforeText).not.toContain(secret);

    expect((await api('POST', `${base}/feedback`, { token: her.accessToken, body: { rating: 4, text: 'Helpful, ended too soon.' } })).status).toBe(201);
    const after = await exportOf(her);
    expect(after.mentorships).toEqual([expect.objectContaining({
      feedback: { mine: expect.objectContaining({ rating: 4, text: 'Helpful, ended too soon.' }), theirs: expect.objectContaining({ rating: 3, text: 'Promising, needs focus.' }), theyAnswered: true },
    })]);
    expect(JSON.stringify(after)).not.toContain('She rarely prepared.');

    // His export: his survey and his report, not hers; her early-end note is not his to read.
    const his = await exportOf(m);
    expect(his.exitSurveys).toEqual([expect.objectContaining({ mentorshipId: id, side: 'mentor', comments: 'She rarely prepared.' })]);
    expect(his.reportsFiled).toEqual([expect.objectContaining({ subject: { type: 'mentorship', id }, guideline: 'respect', details: 'She kept cancelling at the last minute.', status: expect.any(String), filedAt: expect.stringMatching(ISO) })]);
    expect(his.mentorships).toEqual([expect.objectContaining({ id, yourEndNote: null })]);
    const hisText = JSON.stringify(his);
    for (const secret of ['Kind, but too busy.', 'We did not click.']) expect(hisText).not.toContain(secret);
  });

  it('lists the cohorts she applied to, with her completion, and no one else\'s application', async () => {
    const programmeAdmin = await the.staff('programme-admin');
    const created = await api('POST', '/api/v1/mentorship/programmes', {
      token: programmeAdmin.accessToken,
      body: { name: 'WEOP mentorship programme, export cohort', applicationsOpenAt: new Date(Date.now() - 3_600_000).toISOString(), applicationsCloseAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(created.status).toBe(201);
    const her = await mentoring.mentee();
    const other = await mentoring.mentee();
    for (const who of [her, other]) expect((await api('POST', `/api/v1/mentorship/programmes/${created.body.id}/applications`, { token: who.accessToken, body: { role: 'mentee' } })).status).toBe(201);

    const hers = await exportOf(her);
    expect(hers.programmes).toEqual([{
      programmeId: created.body.id, name: 'WEOP mentorship programme, export cohort', roles: [{ role: 'mentee', appliedAt: expect.stringMatching(ISO) }], sessions: [],
      completion: expect.objectContaining({ programmeId: created.body.id, mentorshipCompleted: false, completed: false, certificateUrl: null }),
    }]);
    expect(hers).toMatchObject({ programmeAssignments: [], certificates: [] });
    expect(JSON.stringify(hers)).not.toContain(other.id);
    expect((await exportOf(await the.member())).programmes).toEqual([]);
  });
});
