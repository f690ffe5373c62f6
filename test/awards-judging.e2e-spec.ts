/**
 * Judging in two tiers, as judges and awards-admins do it: national screeners see only their country's
 * nominations and keep to its quota of finalists; the regional jury scores finalists on the weighted
 * rubric; conflicts (nominator, same organisation, same country, declared) keep a nomination from a
 * judge; a suspended juror's sheets stop counting; scores are normalised per judge before ranking;
 * results are published with citations and the champions appear publicly and are announced. Every
 * step is in the audit trail. Through the gateway, against the real NATS and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from '@weop/testing';
import { awardsGiven } from './support/awards';
import { publishEvent, readEvents } from './support/events';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Answer, Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof awardsGiven>;
let admin: SignedIn;
let cycleId: string;
/** Screeners for Kazakhstan and Uzbekistan; regional jurors from Georgia, Kazakhstan, Mongolia and Pakistan. */
const judges = {} as Record<'kz' | 'uz' | 'ge' | 'kzJuror' | 'mn' | 'pk', SignedIn>;
const seats = {} as Record<keyof typeof judges, string>;
/** Nominations: A, B (a member) and E in Kazakhstan, C and D in Uzbekistan, R regional. */
const ids = {} as Record<'A' | 'B' | 'C' | 'D' | 'E' | 'R', string>;
let nomineeB: SignedIn;
let nominatorE: SignedIn;

const DAY = 86_400_000;
const sheet = (total: number) => ({ impact: total, innovation: total, sustainability: total, reach: total });

const queue = async (judge: SignedIn) => (await api('GET', `/api/v1/awards/cycles/${cycleId}/judging/queue?limit=100`, { token: judge.accessToken })).body;
const queueIds = async (judge: SignedIn): Promise<string[]> => ((await queue(judge)).items as { nominationId: string }[]).map((i) => i.nominationId).sort();
const screen = (judge: SignedIn, id: string, body: Record<string, unknown>) => api('POST', `/api/v1/awards/nominations/${id}/screening`, { token: judge.accessToken, body });
const score = (judge: SignedIn, id: string, scores: Record<string, unknown>) => api('PUT', `/api/v1/awards/nominations/${id}/score`, { token: judge.accessToken, body: { scores } });
const adminPost = (path: string, body?: unknown) => api('POST', `/api/v1/awards/cycles/${cycleId}/${path}`, { token: admin.accessToken, body });
const sorted = (...names: (keyof typeof ids)[]) => names.map((n) => ids[n]).sort();

beforeAll(async () => {
  platform = await startPlatform('aw-judging', {}, {}, { awards: true });
  api = client(platform.baseUrl);
  the = awardsGiven(api, platform);
  admin = await the.awardsAdmin();
  cycleId = await the.openCycle(admin, 2026, { finalistsPerCountry: 2, regionalFinalists: 1, minScoresPerFinalist: 1 });

  judges.kz = await the.judge({ country: 'KZ' });
  judges.uz = await the.judge({ country: 'UZ' });
  judges.ge = await the.judge({ country: 'GE' });
  judges.kzJuror = await the.judge({ country: 'KZ' });
  judges.mn = await the.verifiedMember({ country: 'MN' });
  judges.pk = await the.judge({ country: 'PK' });
  // The Mongolian juror is also a verified member who nominates D: she must never judge it.
  const mnJudge = await api('POST', `/api/v1/admin/users/${judges.mn.id}/roles`, { token: (await the.the.admin()).accessToken, body: { role: 'judge' } });
  expect(mnJudge.status).toBe(204);
  judges.mn = await the.the.signIn(judges.mn.email, judges.mn.password);

  const nominator = await the.verifiedMember();
  nomineeB = await the.the.member({ country: 'KZ', displayName: 'Aigerim' });
  nominatorE = await the.verifiedMember();
  ids.A = (await the.nominate(nominator, cycleId, the.national('Steppe Women Network', 'KZ'))).body.id;
  const madeB = await eventually(async () => {
    const answer = await the.nominate(nominator, cycleId, the.national('Aigerim Nurlanovna', 'KZ', { memberId: nomineeB.id, organization: 'Astana Legal Aid' }, 'individual'));
    return answer.status === 400 ? undefined : answer;
  }, 5000);
  ids.B = madeB.body.id;
  await api('POST', `/api/v1/awards/nominations/${ids.B}/consent`, { token: nomineeB.accessToken, body: { consent: true } });
  ids.E = (await the.nominate(nominatorE, cycleId, the.national('Karaganda Mothers Club', 'KZ'))).body.id;
  ids.C = (await the.nominate(nominator, cycleId, { ...the.national('Dilnoza Rakhimova', 'UZ', { organization: "Tashkent Women's Centre" }, 'individual'), endorsers: [{ name: 'Lola Yusupova', email: 'lola@example.uz' }] })).body.id;
  ids.D = (await the.nominate(judges.mn, cycleId, the.national('Samarkand Girls Club', 'UZ'))).body.id;
  ids.R = (await the.nominate(nominator, cycleId, { category: 'regional', nominee: { kind: 'organization', name: 'Silk Road Women Network', country: 'KZ', countries: ['KZ', 'UZ', 'TJ'] }, achievements: 'Runs a mentoring circle for young women entrepreneurs in three countries, with 400 members and a yearly forum.' })).body.id;
  for (const id of Object.values(ids)) expect(id).toEqual(expect.any(String));

  const seat = async (who: keyof typeof judges, tier: 'national' | 'regional', country: string, extra: Record<string, unknown> = {}) => {
    const answer = await api('POST', `/api/v1/awards/cycles/${cycleId}/judges`, { token: admin.accessToken, body: { accountId: judges[who].id, tier, country, ...extra } });
    if (answer.status !== 201) throw new Error(`seat failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    seats[who] = answer.body.id as string;
  };
  await eventually(async () => (await api('POST', `/api/v1/awards/cycles/${cycleId}/judges`, { token: admin.accessToken, body: { accountId: judges.kz.id, tier: 'national', country: 'KZ' } })).status === 201 || undefined, 5000);
  seats.kz = (await api('GET', `/api/v1/awards/cycles/${cycleId}/judges`, { token: admin.accessToken })).body.items[0].id;
  await seat('uz', 'national', 'UZ');
  // Works where nominee C works (written differently): a conflict the platform finds.
  await seat('ge', 'regional', 'GE', { organization: 'Tashkent Women’s Centre (TWC)' });
  await seat('kzJuror', 'regional', 'KZ');
  await seat('mn', 'regional', 'MN');
  await seat('pk', 'regional', 'PK', { email: 'Lola@Example.uz' });
}, 120_000);

afterAll(() => platform?.close());

describe('judging the 2026 award', () => {
  it('pages the jury in the order its seats were filled, each seat once', async () => {
    const list = (query: string) => api('GET', `/api/v1/awards/cycles/${cycleId}/judges${query}`, { token: admin.accessToken });
    const first = await list('?limit=4');
    expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([seats.kz, seats.uz, seats.ge, seats.kzJuror]);
    const rest = await list(`?limit=4&cursor=${encodeURIComponent(first.body.nextCursor as string)}`);
    expect(rest.body.items.map((s: { id: string }) => s.id)).toEqual([seats.mn, seats.pk]);
    expect(rest.body.nextCursor).toBeNull();
    expect((await list('?cursor=not-one')).status).toBe(400);
  });

  it('has no judging before nominations close, and keeps judging routes from members', async () => {
    expect((await api('GET', `/api/v1/awards/cycles/${cycleId}/judging/queue`, { token: judges.kz.accessToken })).body.error.code).toBe('WRONG_STAGE');
    const member = await the.the.member();
    expect((await api('GET', `/api/v1/awards/cycles/${cycleId}/judging/queue`, { token: member.accessToken })).status).toBe(403);
    expect((await adminPost('start-jury')).body.error.code).toBe('WRONG_STAGE');
    const seated = await api('POST', `/api/v1/awards/cycles/${cycleId}/judges`, { token: admin.accessToken, body: { accountId: judges.uz.id, tier: 'national', country: 'UZ' } });
    expect(seated.status).toBe(409);
  });

  it('national screening: each screener sees her own country only, and keeps to its quota of finalists', async () => {
    expect((await adminPost('close-nominations')).body).toMatchObject({ status: 'judging', judgingStage: 'screening' });
    expect(await queueIds(judges.kz)).toEqual(sorted('A', 'B', 'E'));
    expect(await queueIds(judges.uz)).toEqual(sorted('C', 'D'));
    expect((await api('GET', `/api/v1/awards/nominations/${ids.C}`, { token: judges.kz.accessToken })).status).toBe(404);
    expect((await screen(judges.kz, ids.C, { eligible: true, note: 'Not mine to judge' })).status).toBe(404);

    expect((await screen(judges.kz, ids.A, { eligible: true, finalist: true, note: 'Clear, documented impact.' })).body).toMatchObject({ status: 'finalist', finalists: 1, quota: 2 });
    expect((await screen(judges.kz, ids.B, { eligible: true, finalist: true, note: 'Strong legal aid record.' })).body.finalists).toBe(2);
    const over = await screen(judges.kz, ids.E, { eligible: true, finalist: true, note: 'Also good.' });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'FINALIST_QUOTA_REACHED', message: expect.stringContaining('Kazakhstan already has 2 finalists') });
    expect((await screen(judges.kz, ids.E, { eligible: false, finalist: true, note: 'x' })).body.error.details).toEqual([{ field: 'finalist', problem: 'only an eligible nomination can be a finalist' }]);
    expect((await screen(judges.kz, ids.E, { eligible: true, note: '   ' })).status).toBe(400);
    expect((await screen(judges.kz, ids.E, { eligible: true, note: 'Eligible, but the other two are stronger.' })).body.status).toBe('eligible');

    // Scores wait for the jury.
    expect((await score(judges.pk, ids.A, sheet(5))).status).toBe(404);
    await screen(judges.uz, ids.C, { eligible: true, finalist: true, note: 'Finalist.' });
    await screen(judges.uz, ids.D, { eligible: true, finalist: true, note: 'Finalist.' });
    // The regional category is screened by the regional jury; its nominator's juror is kept from it as from every other.
    expect(await queueIds(judges.ge)).toEqual([ids.R]);
    expect(await queueIds(judges.kzJuror)).toEqual([]);
    expect((await screen(judges.ge, ids.R, { eligible: true, finalist: true, note: 'Works across three countries.' })).body.status).toBe('finalist');
  });

  it('pauses a nomination while its nominator is suspended: the screener no longer sees it until the suspension ends', async () => {
    const sanctionId = randomUUID();
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { sanctionId, accountId: nominatorE.id, kind: 'suspension', guideline: 'no-scams', statement: 'Posted a fake job.', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 7 * DAY).toISOString(), caseId: null });
    await eventually(async () => !(await queueIds(judges.kz)).includes(ids.E));
    expect((await api('GET', `/api/v1/awards/nominations/${ids.E}`, { token: judges.kz.accessToken })).status).toBe(404);
    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId, accountId: nominatorE.id, reason: 'expired', liftedAt: new Date().toISOString() });
    await eventually(async () => (await queueIds(judges.kz)).includes(ids.E));
  });

  it('the regional jury: conflicted jurors neither see nor score; sheets are checked against the rubric', async () => {
    const started = await adminPost('start-jury');
    expect(started.body).toMatchObject({ status: 'judging', judgingStage: 'jury' });
    expect((await api('GET', `/api/v1/awards/nominations/${ids.E}`, { token: admin.accessToken })).body.status).toBe('not-selected');
    expect((await screen(judges.kz, ids.A, { eligible: false, note: 'Too late' })).body.error.code).toBe('WRONG_STAGE');

    // Georgia's juror works where C works; Kazakhstan's juror is from the country of A, B and R;
    // Mongolia's juror nominated D; Pakistan's juror gave the email of C's endorser.
    expect(await queueIds(judges.ge)).toEqual(sorted('A', 'B', 'D', 'R'));
    expect(await queueIds(judges.kzJuror)).toEqual(sorted('C', 'D'));
    expect(await queueIds(judges.mn)).toEqual(sorted('A', 'B', 'C', 'R'));
    expect(await queueIds(judges.pk)).toEqual(sorted('A', 'B', 'D', 'R'));
    expect((await queue(judges.kzJuror)).withheld).toBe(3);
    expect((await api('GET', `/api/v1/awards/nominations/${ids.A}`, { token: judges.kzJuror.accessToken })).status).toBe(404);
    expect((await score(judges.kzJuror, ids.A, sheet(9))).status).toBe(404);
    expect((await score(judges.mn, ids.D, sheet(9))).status).toBe(404);
    // National screeners do not score.
    expect((await score(judges.kz, ids.A, sheet(9))).status).toBe(404);

    const bad = await score(judges.ge, ids.A, { impact: 11, innovation: 5, reach: 5, courage: 3 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(expect.arrayContaining([
      { field: 'scores.courage', problem: expect.stringContaining('not a criterion') },
      { field: 'scores.impact', problem: 'must be a whole number from 1 to 10' },
      { field: 'scores.sustainability', problem: 'is required' },
    ]));

    const weighted = await score(judges.ge, ids.A, { impact: 10, innovation: 5, sustainability: 5, reach: 5 });
    expect(weighted.status).toBe(200);
    // Impact weighs 40 of 100: 0.4 × 10 + 0.6 × 5.
    expect(weighted.body.total).toBe(7);
    const judgeView = await api('GET', `/api/v1/awards/nominations/${ids.C}`, { token: judges.mn.accessToken });
    expect(judgeView.body.screening).toMatchObject({ eligible: true, finalist: true });
    expect(JSON.stringify(judgeView.body)).not.toContain('lola@example.uz');
  });

  it('ranks on z-scores per judge, leaves out a suspended juror and voided sheets, and can close again before publishing', async () => {
    // Mongolia's juror marks everything 9-10; Pakistan's uses the whole scale; Georgia's sits between.
    const sheets: [keyof typeof judges, keyof typeof ids, number][] = [
      ['mn', 'A', 9], ['mn', 'B', 10], ['mn', 'C', 9], ['mn', 'R', 9],
      ['pk', 'A', 8], ['pk', 'B', 2], ['pk', 'D', 6], ['pk', 'R', 3],
      ['ge', 'A', 6], ['ge', 'B', 7], ['ge', 'D', 6], ['ge', 'R', 8],
      ['kzJuror', 'C', 7], ['kzJuror', 'D', 9],
    ];
    const early = await adminPost('close-judging');
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('JUDGING_INCOMPLETE');
    // Only A has a sheet so far (Georgia's, above).
    expect(early.body.error.details.map((d: { nominationId: string }) => d.nominationId).sort()).toEqual(sorted('B', 'C', 'D', 'R'));

    for (const [judge, nomination, total] of sheets) expect((await score(judges[judge], ids[nomination], sheet(total))).status).toBe(200);
    // Pakistan's juror remembers she advised R: she declares it, R leaves her view and her sheet on it stops counting.
    expect((await api('POST', `/api/v1/awards/nominations/${ids.R}/conflicts`, { token: judges.pk.accessToken, body: { reason: 'I advised them in 2024.' } })).status).toBe(201);
    expect(await queueIds(judges.pk)).toEqual(sorted('A', 'B', 'D'));
    expect((await score(judges.pk, ids.R, sheet(3))).status).toBe(404);

    // Georgia's juror is suspended: her seat pauses and her sheets stop counting.
    const sanctionId = randomUUID();
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { sanctionId, accountId: judges.ge.id, kind: 'suspension', guideline: 'respect', statement: 'Harassed a member.', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 7 * DAY).toISOString(), caseId: null });
    await eventually(async () => (await api('GET', `/api/v1/awards/cycles/${cycleId}/judges`, { token: admin.accessToken })).body.items.find((s: { id: string }) => s.id === seats.ge).paused === true);

    const closed = await adminPost('close-judging');
    expect(closed.status).toBe(200);
    expect(closed.body.excludedScoreSheets).toBe(5);
    const champion = (group: string) => closed.body.champions.find((c: { group: string }) => c.group === group)?.nominee.name as string;
    // Without Georgia's sheets, A's best-of-Pakistan outweighs B's best-of-Mongolia.
    expect(champion('KZ')).toBe('Steppe Women Network');
    expect(champion('UZ')).toBe('Samarkand Girls Club');
    expect(champion('regional')).toBe('Silk Road Women Network');

    // The suspension is overturned: her sheets count again and, closed again, the ranking changes.
    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId, accountId: judges.ge.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    await eventually(async () => (await api('GET', `/api/v1/awards/cycles/${cycleId}/judges`, { token: admin.accessToken })).body.items.find((s: { id: string }) => s.id === seats.ge).paused === false);
    const again = await adminPost('close-judging');
    expect(again.body.excludedScoreSheets).toBe(1);
    expect(again.body.champions.find((c: { group: string }) => c.group === 'KZ').nominee.name).toBe('Aigerim Nurlanovna');

    const results = await api('GET', `/api/v1/awards/cycles/${cycleId}/results?group=KZ`, { token: admin.accessToken });
    const [first, second] = results.body.items;
    expect([first.nominationId, second.nominationId]).toEqual([ids.B, ids.A]);
    // Normalisation decided it: A has the higher raw mean, B the higher mean z-score.
    expect(second.rawMean).toBeGreaterThan(first.rawMean);
    expect(first.score).toBeGreaterThan(second.score);
    expect(results.body.tieBreakRule).toContain('z-score');
    expect((await api('GET', `/api/v1/awards/cycles/${cycleId}/results`, { token: judges.mn.accessToken })).status).toBe(403);
  });

  it('publishes the champions with their citations: public at once, announced, and judging is over', async () => {
    const missing = await adminPost('publish', { citations: [] });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'CITATIONS_MISSING' });
    expect(missing.body.error.details).toHaveLength(3);
    const stranger = await adminPost('publish', { citations: [{ nominationId: ids.E, citation: 'Not a champion of these results at all.' }] });
    expect(stranger.body.error.details).toEqual([{ field: 'citations[0].nominationId', problem: 'is not a champion of these results' }]);

    const citations = [
      { nominationId: ids.B, citation: 'Built free legal aid for women across the Kazakh steppe.' },
      { nominationId: ids.D, citation: 'Gave the girls of Samarkand a club of their own and a voice in the city.' },
      { nominationId: ids.R, citation: 'Connected young women entrepreneurs across three member countries.' },
    ];
    const published = await adminPost('publish', { citations });
    expect(published.status).toBe(200);
    expect(published.body.champions.map((c: { name: string }) => c.name)).toEqual(['Aigerim Nurlanovna', 'Samarkand Girls Club', 'Silk Road Women Network']);

    const publicList = await api('GET', '/api/v1/awards/champions?year=2026');
    expect(publicList.body.items).toEqual([
      { id: expect.any(String), year: 2026, country: 'KZ', category: 'national', name: 'Aigerim Nurlanovna', kind: 'individual', citation: citations[0].citation, memberId: nomineeB.id },
      expect.objectContaining({ country: 'UZ', name: 'Samarkand Girls Club', kind: 'organization', memberId: null }),
      expect.objectContaining({ country: null, category: 'regional', name: 'Silk Road Women Network' }),
    ]);
    const cycle = (await api('GET', `/api/v1/awards/cycles/${cycleId}`)).body;
    expect(cycle).toMatchObject({ status: 'published', judgingStage: 'closed' });
    expect((await api('GET', `/api/v1/awards/nominations/${ids.B}`, { token: nomineeB.accessToken })).body.status).toBe('winner');

    // Her profile gets the champion badge from this event.
    const announced = await eventually(async () => {
      const events = (await readEvents(platform.scope, 'awards.champion.announced.v1')).filter((e) => e.payload.cycleId === cycleId);
      return events.length === 3 ? events : undefined;
    });
    expect(announced.find((e) => e.payload.memberId === nomineeB.id)?.payload).toMatchObject({ year: 2026, category: 'national', country: 'KZ', kind: 'individual', name: 'Aigerim Nurlanovna' });
    await eventually(async () => ((await api('GET', `/api/v1/profiles/${nomineeB.id}`, { token: judges.pk.accessToken })).body.badges as string[]).includes('gender-champion'));
    // Every judged nomination's result, for its nominator and member nominee (community's inbox).
    const results = await eventually(async () => {
      const events = (await readEvents(platform.scope, 'awards.nomination.result.v1')).filter((e) => e.payload.cycleId === cycleId);
      return events.length > 0 ? events.map((e) => e.payload) : undefined;
    });
    expect(results.find((r) => r.nominationId === ids.B)).toMatchObject({ year: 2026, nominatorId: expect.any(String), nomineeMemberId: nomineeB.id, outcome: 'champion' });
    expect(results.find((r) => r.nominationId === ids.E)).toMatchObject({ nominatorId: nominatorE.id, nomineeMemberId: null, outcome: 'not-selected' });
    expect(new Set(results.map((r) => r.nominationId)).size).toBe(results.length);
    expect((await api('GET', `/api/v1/profiles/${judges.pk.id}`, { token: nomineeB.accessToken })).body.badges).not.toContain('gender-champion');

    expect((await adminPost('publish', { citations })).body.error.code).toBe('WRONG_STAGE');
    expect((await adminPost('close-judging')).body.error.code).toBe('WRONG_STAGE');
    expect((await score(judges.mn, ids.B, sheet(1))).body.error.code).toBe('WRONG_STAGE');
  });

  it('keeps every score, declaration and decision in the audit trail, for awards-admins only', async () => {
    const entries: { action: string; actor: string | null; nominationId: string | null; data: Record<string, unknown> }[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer<{ items: typeof entries; nextCursor: string | null }> = await api('GET', `/api/v1/awards/cycles/${cycleId}/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.accessToken });
      entries.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const count = (action: string) => entries.filter((e) => e.action === action).length;
    expect(count('score-recorded')).toBe(15);
    expect(count('screened')).toBe(6);
    expect(count('conflict-declared')).toBe(1);
    expect(count('judging-closed')).toBe(2);
    expect(count('results-published')).toBe(1);
    expect(entries.find((e) => e.action === 'conflict-declared')).toMatchObject({ actor: judges.pk.id, nominationId: ids.R, data: { reason: 'I advised them in 2024.' } });
    expect(entries.find((e) => e.action === 'conflicts-found')?.data.conflicts).toEqual(expect.arrayContaining([{ seatId: seats.ge, nominationId: ids.C, reasons: ['same-organization'] }, { seatId: seats.mn, nominationId: ids.D, reasons: ['nominator'] }, { seatId: seats.pk, nominationId: ids.C, reasons: ['endorser'] }]));
    expect(entries[0].action).toBe('results-published');
    expect((await api('GET', `/api/v1/awards/cycles/${cycleId}/audit`, { token: judges.mn.accessToken })).status).toBe(403);

    // Not even the database's owner rewrites it.
    const db = new Client({ connectionString: await platform.scope.database('awards') });
    await db.connect();
    try {
      await expect(db.query(`update audit_entry set data = '{}' where action = 'score-recorded'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`delete from audit_entry where cycle_id = $1`, [cycleId])).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });
});
