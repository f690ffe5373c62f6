/**
 * Reports on nominations (`POST /reports`, subject type `nomination`): filed by a member who may see
 * the nomination, announced by awards through its outbox, opened as a case by trust-safety with the
 * nominator as the author, and followed in the reporter's `GET /me/reports` and export. Through the
 * gateway, against the real NATS and PostgreSQL.
 */
import { eventually } from '@weop/testing';
import { awardsGiven } from './support/awards';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof awardsGiven>;
let admin: SignedIn;
let moderator: SignedIn;
let cycleId: string;

beforeAll(async () => {
  platform = await startPlatform('aw-reports', {}, {}, { awards: true, trustSafety: true });
  api = client(platform.baseUrl);
  the = awardsGiven(api, platform);
  admin = await the.awardsAdmin();
  moderator = await the.the.staff('moderator');
  cycleId = await the.openCycle(admin, 2026);
  await eventually(async () => (await api('GET', '/api/v1/moderation/cases', { token: moderator.accessToken })).status === 200, 5000);
}, 60_000);

afterAll(() => platform?.close());

const report = (reporter: SignedIn, nominationId: string, more: Record<string, unknown> = {}) =>
  api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'nomination', id: nominationId }, guideline: 'be-factual', details: 'These achievements are not mine.', ...more } });
const myReport = async (reporter: SignedIn, id: string) =>
  ((await api('GET', '/api/v1/me/reports', { token: reporter.accessToken })).body.items as { id: string; status: string; subject: { type: string; id: string } }[]).find((r) => r.id === id);

describe('reports on nominations', () => {
  it('are taken from those who may see the nomination, become a case with the nominator as author, and follow the decision', async () => {
    const nominator = await the.verifiedMember();
    const nominee = await the.the.member({ country: 'KG' });
    const made = await eventually(async () => {
      const answer = await the.nominate(nominator, cycleId, the.national('Aizada Osmonova', 'KG', { memberId: nominee.id }, 'individual'));
      return answer.status === 400 ? undefined : answer;
    }, 5000);
    const nominationId = made.body.id as string;

    // To a member who may not see it, it does not exist; the nominator withdraws rather than reports.
    expect((await report(await the.the.member(), nominationId)).status).toBe(404);
    const own = await report(nominator, nominationId);
    expect(own.status).toBe(422);
    expect(own.body.error.code).toBe('REPORT_OWN_CONTENT');
    expect((await api('POST', '/api/v1/reports', { token: nominee.accessToken, body: { subject: { type: 'nomination', id: nominationId }, guideline: 'be-factual', surprise: 1 } })).status).toBe(400);

    const filed = await report(nominee, nominationId);
    expect(filed.status).toBe(202);
    expect((await report(nominee, nominationId)).status).toBe(409);
    expect(await myReport(nominee, filed.body.id as string)).toMatchObject({ subject: { type: 'nomination', id: nominationId }, status: 'received' });

    // Trust-safety opens the case, the nominator as its author, the reporter only a pseudonym.
    const found = await eventually(async () => ((await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items as { id: string; subject: { type: string; id: string } }[]).find((c) => c.subject.id === nominationId), 10_000);
    expect(found.subject.type).toBe('nomination');
    const view = (await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken })).body;
    expect(view.author).toMatchObject({ id: nominator.id });
    expect(JSON.stringify(view.reports)).not.toContain(nominee.id);
    expect(JSON.stringify(view)).toContain('Aizada Osmonova');

    // A warning on the nominator: the reporter reads that action was taken, the nominator her notice.
    const decided = await api('POST', `/api/v1/moderation/cases/${found.id}/decisions`, { token: moderator.accessToken, body: { action: 'warn', guideline: 'be-factual', statement: 'The nomination claims achievements the nominee did not make.' } });
    expect(decided.status).toBe(201);
    await eventually(async () => ((await myReport(nominee, filed.body.id as string))?.status === 'actioned' ? true : undefined), 10_000);
    expect((await api('GET', '/api/v1/me/sanctions', { token: nominator.accessToken })).body.items).toEqual([expect.objectContaining({ kind: 'warning', guideline: 'be-factual' })]);

    // Hers to read in her export.
    const exported = (await api('GET', '/api/v1/me/export', { token: nominee.accessToken })).body.services.awards;
    expect(exported.reportsFiled).toEqual([expect.objectContaining({ id: filed.body.id, subject: { type: 'nomination', id: nominationId }, details: 'These achievements are not mine.', status: 'actioned' })]);
  });

  it('keep a case from a moderator who is its nominee: it names who nominated her, which awards never shows a nominee', async () => {
    const nominator = await the.verifiedMember();
    const nominee = await the.the.staff('moderator', { country: 'TJ' });
    const made = await eventually(async () => {
      const answer = await the.nominate(nominator, cycleId, the.national('Zarina Rahimova', 'TJ', { memberId: nominee.id }, 'individual'));
      return answer.status === 201 ? answer : undefined;
    }, 10_000);
    const nominationId = made.body.id as string;
    expect((await report(admin, nominationId, { guideline: 'be-factual', details: 'Claims that do not hold.' })).status).toBe(202);
    const listed = async (who: SignedIn) => ((await api('GET', '/api/v1/moderation/cases?limit=100', { token: who.accessToken })).body.items as { id: string; subject: { id: string } }[]).find((c) => c.subject.id === nominationId);
    const found = await eventually(() => listed(moderator), 10_000);
    expect(await listed(nominee)).toBeUndefined();
    // Left out before paging: a case opened after hers fills her first page of one, which hers heads for others.
    const other = await the.nominate(await the.verifiedMember(), cycleId, the.national('Dilnoza Karimova', 'TJ'));
    expect((await report(admin, other.body.id as string, { guideline: 'be-factual', details: 'Claims that do not hold.' })).status).toBe(202);
    const firstOfOne = async (who: SignedIn) => ((await api('GET', '/api/v1/moderation/cases?limit=1', { token: who.accessToken })).body.items as { subject: { id: string } }[]).map((c) => c.subject.id);
    await eventually(async () => ((await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items as unknown[]).length === 2 || undefined, 10_000);
    expect(await firstOfOne(moderator)).toEqual([nominationId]);
    expect(await firstOfOne(nominee)).toEqual([other.body.id]);
    expect((await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: nominee.accessToken })).status).toBe(404);
    expect((await api('POST', `/api/v1/moderation/cases/${found.id}/claim`, { token: nominee.accessToken })).status).toBe(404);
    expect((await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken })).status).toBe(200);
  });

  it('are open to an awards-admin, who sees every nomination; a nomination removed by a decision is paused, out of judging', async () => {
    const nominator = await the.verifiedMember();
    const made = await the.nominate(nominator, cycleId, the.national('Women of the Steppe Foundation', 'MN'));
    const nominationId = made.body.id as string;
    const pausedFor = async (who: SignedIn) => (await api('GET', `/api/v1/awards/nominations/${nominationId}`, { token: who.accessToken })).body.paused as boolean;
    expect(await pausedFor(nominator)).toBe(false);
    expect((await report(admin, nominationId, { guideline: 'no-scams', details: 'The foundation does not exist.' })).status).toBe(202);

    const found = await eventually(async () => ((await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items as { id: string; subject: { id: string } }[]).find((c) => c.subject.id === nominationId), 10_000);
    expect((await api('POST', `/api/v1/moderation/cases/${found.id}/decisions`, { token: moderator.accessToken, body: { action: 'remove-content', guideline: 'no-scams', statement: 'A foundation that does not exist.' } })).status).toBe(201);
    await eventually(async () => ((await pausedFor(nominator)) ? true : undefined), 10_000);
    const listed = (await api('GET', `/api/v1/awards/cycles/${cycleId}/nominations?country=MN`, { token: admin.accessToken })).body.items.find((n: { id: string }) => n.id === nominationId);
    expect(listed).toMatchObject({ paused: true });
  });
});
