/**
 * Awards' part of `GET /me/export`, as each member finds it: the nominator her nomination with its
 * endorsements (never the endorsers' emails), the nominee that she was nominated and her consent (never
 * who nominated her, nor the screening or the jury's scores), judges their own screenings, score sheets
 * and declared conflicts, and a member with nothing to do with it nothing. Through the gateway, against
 * the real NATS and PostgreSQL.
 */
import { eventually } from '@weop/testing';
import { ACHIEVEMENTS, awardsGiven } from './support/awards';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof awardsGiven>;
let admin: SignedIn;
let cycleId: string;
let nominator: SignedIn;
let nominee: SignedIn;
let screener: SignedIn;
let juror: SignedIn;
/** A second regional juror, who scores the nomination the first one is conflicted with. */
let juror2: SignedIn;
/** Her nomination (about the member nominee) and a second one of the same nominator, which the juror declares a conflict with. */
let nominationId: string;
let otherId: string;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ENDORSER_EMAIL = 'gulnara.seitova@example.kz';
const STATEMENT = 'I have seen her legal aid desks change three districts.';
const SCREENING_NOTE = 'Screening note: documented, clearly eligible.';
const JUROR_COMMENT = 'Juror comment: the shelter funding is the strongest part.';
const CONFLICT = 'I sat on the board of this network until 2024.';
const CITATION = 'For legal aid desks that brought justice within reach of rural women in three districts.';

const exportOf = async (member: SignedIn): Promise<Record<string, unknown>> => {
  const answer = await api('GET', '/api/v1/me/export', { token: member.accessToken });
  expect(answer.status).toBe(200);
  return answer.body.services.awards as Record<string, unknown>;
};
const memberNominee = async (by: SignedIn, name: string, memberId: string) =>
  eventually(async () => {
    const answer = await the.nominate(by, cycleId, the.national(name, 'KZ', { memberId }, 'individual'));
    // Awards learns of her from identity's profile event.
    return answer.status === 400 ? undefined : answer;
  }, 5000);
const seat = async (judge: SignedIn, tier: 'national' | 'regional', country: string): Promise<void> => {
  await eventually(async () => (await api('POST', `/api/v1/awards/cycles/${cycleId}/judges`, { token: admin.accessToken, body: { accountId: judge.id, tier, country } })).status === 201 || undefined, 5000);
};

beforeAll(async () => {
  platform = await startPlatform('aw-export', {}, {}, { awards: true });
  api = client(platform.baseUrl);
  the = awardsGiven(api, platform);
  admin = await the.awardsAdmin();
  cycleId = await the.openCycle(admin, 2026);
  nominator = await the.verifiedMember({ displayName: 'Nominator' });
  nominee = await the.the.member({ displayName: 'Aigerim', country: 'KZ' });
  screener = await the.judge({ country: 'KZ' });
  juror = await the.judge({ country: 'GE' });
  juror2 = await the.judge({ country: 'MN' });

  const made = await eventually(async () => {
    const answer = await the.nominate(nominator, cycleId, {
      ...the.national('Aigerim Nurlanovna', 'KZ', { memberId: nominee.id, organization: 'Astana Legal Aid' }, 'individual'),
      areas: ['community'],
      evidenceLinks: ['https://example.kz/legal-aid-2025'],
      endorsers: [{ name: 'Gulnara Seitova', email: ENDORSER_EMAIL, organization: 'Almaty City Council' }],
    });
    return answer.status === 400 ? undefined : answer;
  }, 5000);
  expect(made.status).toBe(201);
  nominationId = made.body.id as string;
  const [link] = made.body.endorsementLinks as { token: string }[];
  expect((await api('POST', `/api/v1/awards/endorsements/${link.token}`, { body: { decision: 'confirm', statement: STATEMENT } })).status).toBe(200);
  expect((await api('POST', `/api/v1/awards/nominations/${nominationId}/consent`, { token: nominee.accessToken, body: { consent: true } })).status).toBe(200);
  otherId = (await the.nominate(nominator, cycleId, the.national('Steppe Women Network', 'KZ'))).body.id as string;
  expect(otherId).toEqual(expect.any(String));
}, 120_000);

afterAll(() => platform?.close());

describe('her awards export', () => {
  it('holds the nominations she made, in full, with their endorsements but not the endorsers\' emails', async () => {
    const mine = await exportOf(nominator);
    expect(mine.nominationsMade).toEqual(expect.arrayContaining([
      expect.objectContaining({
        id: nominationId,
        cycleId,
        year: 2026,
        category: 'national',
        role: 'nominator',
        status: 'submitted',
        nominee: expect.objectContaining({ name: 'Aigerim Nurlanovna', memberId: nominee.id, organization: 'Astana Legal Aid' }),
        achievements: ACHIEVEMENTS,
        areas: ['community'],
        evidenceLinks: ['https://example.kz/legal-aid-2025'],
        endorsements: [expect.objectContaining({ name: 'Gulnara Seitova', organization: 'Almaty City Council', status: 'confirmed', statement: STATEMENT, respondedAt: expect.stringMatching(ISO) })],
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      }),
      expect.objectContaining({ id: otherId, nominee: expect.objectContaining({ name: 'Steppe Women Network' }) }),
    ]));
    expect(mine.nominationsMade).toHaveLength(2);
    expect(mine.nominationsOfHer).toEqual([]);
    expect(mine.auditTrail).toEqual(expect.arrayContaining([expect.objectContaining({ nominationId, cycleId, at: expect.stringMatching(ISO) })]));
    expect(JSON.stringify(mine)).not.toContain(ENDORSER_EMAIL);
  });

  it('shows the nominee that she was nominated and her consent; a declined nomination says when she declined', async () => {
    const hers = await exportOf(nominee);
    expect(hers.nominationsOfHer).toEqual([
      expect.objectContaining({ id: nominationId, cycleId, year: 2026, category: 'national', role: 'nominee', status: 'submitted', consent: { decision: 'given', at: expect.stringMatching(ISO) } }),
    ]);
    expect(hers.nominationsMade).toEqual([]);
    expect(JSON.stringify(hers)).not.toContain(nominator.id);

    const declining = await the.the.member({ country: 'KZ' });
    const declined = await memberNominee(nominator, 'Dana Sultanova', declining.id);
    await api('POST', `/api/v1/awards/nominations/${declined.body.id}/consent`, { token: declining.accessToken, body: { consent: false } });
    expect((await exportOf(declining)).nominationsOfHer).toEqual([
      expect.objectContaining({ id: declined.body.id, status: 'declined', consent: { decision: 'declined', at: expect.stringMatching(ISO) } }),
    ]);
  });

  it('gives judges their own screenings, score sheets and declared conflicts, and the nominee none of the judging', async () => {
    await seat(screener, 'national', 'KZ');
    await seat(juror, 'regional', 'GE');
    await seat(juror2, 'regional', 'MN');
    expect((await api('POST', `/api/v1/awards/cycles/${cycleId}/close-nominations`, { token: admin.accessToken })).status).toBe(200);
    for (const id of [nominationId, otherId]) {
      const screened = await api('POST', `/api/v1/awards/nominations/${id}/screening`, { token: screener.accessToken, body: { eligible: true, finalist: true, note: SCREENING_NOTE } });
      expect(screened.body.status).toBe('finalist');
    }
    expect((await api('POST', `/api/v1/awards/cycles/${cycleId}/start-jury`, { token: admin.accessToken })).status).toBe(200);
    const scores = { impact: 9, innovation: 7, sustainability: 8, reach: 6 };
    expect((await api('PUT', `/api/v1/awards/nominations/${nominationId}/score`, { token: juror.accessToken, body: { scores, comment: JUROR_COMMENT } })).status).toBe(200);
    expect((await api('POST', `/api/v1/awards/nominations/${otherId}/conflicts`, { token: juror.accessToken, body: { reason: CONFLICT } })).status).toBe(201);
    expect((await api('PUT', `/api/v1/awards/nominations/${otherId}/score`, { token: juror2.accessToken, body: { scores: { impact: 5, innovation: 5, sustainability: 5, reach: 5 } } })).status).toBe(200);

    const jurors = await exportOf(juror);
    expect(jurors.judging).toMatchObject({
      seats: [expect.objectContaining({ cycleId, year: 2026, tier: 'regional', country: 'GE', seatedAt: expect.stringMatching(ISO), endedAt: null })],
      scoreSheets: [expect.objectContaining({ nominationId, scores, comment: JUROR_COMMENT, scoredAt: expect.stringMatching(ISO) })],
      conflictsDeclared: [expect.objectContaining({ nominationId: otherId, reason: CONFLICT, declaredAt: expect.stringMatching(ISO) })],
      screenings: [],
    });
    const screeners = await exportOf(screener);
    expect(screeners.judging).toMatchObject({
      screenings: expect.arrayContaining([expect.objectContaining({ nominationId, eligible: true, finalist: true, note: SCREENING_NOTE, decidedAt: expect.stringMatching(ISO) })]),
      scoreSheets: [],
    });

    // She learns where her nomination stands, as the product shows her, and nothing of who judged it or how.
    const hers = await exportOf(nominee);
    expect(hers.nominationsOfHer).toEqual([expect.objectContaining({ id: nominationId, status: 'finalist', screening: null, consent: { decision: 'given', at: expect.stringMatching(ISO) } })]);
    const text = JSON.stringify(hers);
    for (const secret of [nominator.id, screener.id, juror.id, SCREENING_NOTE, JUROR_COMMENT, CONFLICT, ENDORSER_EMAIL]) expect(text).not.toContain(secret);
    expect(hers.judging).toEqual({ seats: [], screenings: [], scoreSheets: [], conflictsDeclared: [] });
  });

  it('tells the nominee her outcome once announced, and her champion entry', async () => {
    expect((await api('POST', `/api/v1/awards/cycles/${cycleId}/close-judging`, { token: admin.accessToken })).status).toBe(200);
    const published = await api('POST', `/api/v1/awards/cycles/${cycleId}/publish`, { token: admin.accessToken, body: { citations: [{ nominationId, citation: CITATION }] } });
    expect(published.status).toBe(200);

    const hers = await exportOf(nominee);
    expect(hers.nominationsOfHer).toEqual([expect.objectContaining({ id: nominationId, status: 'winner' })]);
    expect(hers.champion).toEqual([expect.objectContaining({ cycleId, year: 2026, category: 'national', country: 'KZ', name: 'Aigerim Nurlanovna', citation: CITATION, announcedAt: expect.stringMatching(ISO) })]);
    const text = JSON.stringify(hers);
    for (const secret of [nominator.id, screener.id, juror.id, juror2.id, JUROR_COMMENT]) expect(text).not.toContain(secret);
    expect((await exportOf(nominator)).champion).toEqual([]);
  });

  it('holds nothing of it for a member who had no part in it', async () => {
    const stranger = await the.the.member({ country: 'KZ' });
    const theirs = await exportOf(stranger);
    expect(theirs).toMatchObject({ nominationsMade: [], nominationsOfHer: [], judging: { seats: [], screenings: [], scoreSheets: [], conflictsDeclared: [] }, champion: [], auditTrail: [] });
    const text = JSON.stringify(theirs);
    for (const secret of [nominationId, otherId, ACHIEVEMENTS, STATEMENT, ENDORSER_EMAIL]) expect(text).not.toContain(secret);
  });
});
