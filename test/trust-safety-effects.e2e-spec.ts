/**
 * What a decision does beyond the account, as the member and others see it: a suspension freezes her
 * open job posts and events and an overturn or the suspension's end thaws them; she is told the outcome
 * of her appeal either way, and of a removal that came with no sanction. Real trust-safety decisions
 * through the gateway, content and community consuming them, against the real NATS and PostgreSQL.
 */
import type { Client } from 'pg';
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
let trustSafetyDb: Client;
let communityDb: Client;

beforeAll(async () => {
  platform = await startPlatform('ts-effects', {}, {}, {
    content: true,
    trustSafety: true,
    community: true,
    trustSafetyEnv: { SANCTION_EXPIRY_INTERVAL_MS: '200' },
  });
  api = client(platform.baseUrl);
  the = given(api);
  moderator = await the.staff('moderator');
  seniorA = await the.staff('senior-moderator');
  seniorB = await the.staff('senior-moderator');
  trustSafetyDb = await platform.db('trust-safety');
  communityDb = await platform.db('community');
  await eventually(async () => (await api('GET', '/api/v1/moderation/appeals', { token: seniorB.accessToken })).status === 200, 5000);
  await eventually(async () => (await api('GET', '/api/v1/moderation/jobs', { token: moderator.accessToken })).status === 200, 5000);
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

interface Line { kind: string; text: string; link: string }

const inbox = async (m: SignedIn): Promise<Line[]> => (await api('GET', '/api/v1/me/notifications?limit=100', { token: m.accessToken })).body.items ?? [];
const told = (m: SignedIn, predicate: (l: Line) => boolean): Promise<Line> => eventually(async () => (await inbox(m)).find(predicate), 10_000);

const blogBy = async (author: SignedIn, title: string): Promise<string> =>
  (await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title, body: `${title}: the text the reporters saw.`, originalityAttested: true } })).body.id as string;
/** A published job post: reviewed and approved, as every new poster's is. */
const jobBy = async (author: SignedIn): Promise<string> => {
  const created = await api('POST', '/api/v1/jobs', {
    token: author.accessToken,
    body: { title: 'Programme assistant', organization: 'Women in Business Almaty', country: 'KZ', city: 'Almaty', description: 'Support the programme team with events and partners.', howToApply: 'Write to the programme team at https://example.org/jobs.' },
  });
  expect(created.status).toBe(201);
  const approved = await api('POST', `/api/v1/moderation/jobs/${created.body.id}/review`, { token: moderator.accessToken, body: { decision: 'approve' } });
  expect(approved.body.status).toBe('published');
  return created.body.id as string;
};
const eventBy = async (author: SignedIn): Promise<string> => {
  const startsAt = Date.now() + 7 * 86_400_000;
  const created = await api('POST', '/api/v1/events', {
    token: author.accessToken,
    body: { title: 'Workshop: pricing your services', description: 'Two hours on pricing for small businesses.', kind: 'workshop', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 7_200_000).toISOString(), timeZone: 'Asia/Almaty', online: true, link: 'https://meet.example.org/pricing', capacity: 20 },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
};
const caseOf = (subjectId: string): Promise<string> =>
  eventually(async () => ((await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items as { id: string; subject: { id: string } }[]).find((c) => c.subject.id === subjectId)?.id);
const reportedBlog = async (author: SignedIn, title: string): Promise<{ blogId: string; caseId: string }> => {
  const blogId = await blogBy(author, title);
  expect((await api('POST', '/api/v1/reports', { token: (await the.member()).accessToken, body: { subject: { type: 'blog', id: blogId }, guideline: 'respect' } })).status).toBe(202);
  return { blogId, caseId: await caseOf(blogId) };
};
const decide = (token: string, caseId: string, body: Record<string, unknown>) => api('POST', `/api/v1/moderation/cases/${caseId}/decisions`, { token, body });
const statusFor = async (path: string, viewer?: SignedIn): Promise<number> => (await api('GET', path, viewer ? { token: viewer.accessToken } : {})).status;
const becomes = (path: string, status: number, viewer?: SignedIn) => eventually(async () => ((await statusFor(path, viewer)) === status ? true : undefined), 10_000);

describe('frozen jobs and events', () => {
  it('freezes her open job and event while she is suspended, and an overturned appeal thaws them and tells her so once', async () => {
    const organiser = await the.member({ displayName: 'Organiser' });
    const other = await the.member();
    const jobId = await jobBy(organiser);
    const eventId = await eventBy(organiser);
    expect(await statusFor(`/api/v1/jobs/${jobId}`)).toBe(200);
    expect(await statusFor(`/api/v1/events/${eventId}`, other)).toBe(200);

    const { caseId } = await reportedBlog(organiser, 'An insulting post');
    const decided = await decide(seniorA.accessToken, caseId, { action: 'suspend', durationDays: 7, guideline: 'respect', statement: 'The post insults another member.' });
    expect(decided.status).toBe(201);

    // Frozen: gone for everyone else, lists and search included, and closed to registration; staff see why.
    await becomes(`/api/v1/jobs/${jobId}`, 404);
    await becomes(`/api/v1/events/${eventId}`, 404, other);
    expect((await api('GET', '/api/v1/events?limit=100', { token: other.accessToken })).body.items.map((i: { id: string }) => i.id)).not.toContain(eventId);
    expect((await api('POST', `/api/v1/events/${eventId}/registrations`, { token: other.accessToken })).status).toBe(404);
    expect((await api('GET', `/api/v1/jobs/${jobId}`, { token: moderator.accessToken })).body).toMatchObject({ status: 'published', moderation: 'frozen' });
    expect((await api('GET', `/api/v1/events/${eventId}`, { token: moderator.accessToken })).body).toMatchObject({ status: 'published', moderation: 'frozen' });
    // She herself is refused at the gateway while suspended: her notice explains, at /me/sanctions.
    await eventually(async () => (await api('GET', `/api/v1/jobs/${jobId}`, { token: organiser.accessToken })).body.error?.code === 'ACCOUNT_SUSPENDED' || undefined, 5000);

    const appeal = await api('POST', `/api/v1/sanctions/${decided.body.sanctionId}/appeals`, { token: organiser.accessToken, body: { text: 'I was quoting the insult to report it.' } });
    expect(appeal.status).toBe(201);
    expect((await api('POST', `/api/v1/moderation/appeals/${appeal.body.id}/decision`, { token: seniorB.accessToken, body: { outcome: 'overturned', statement: 'A quote, not an insult.' } })).status).toBe(201);

    // Thawed: back for everyone, open to registration again.
    await becomes(`/api/v1/jobs/${jobId}`, 200);
    await becomes(`/api/v1/events/${eventId}`, 200, other);
    expect((await api('GET', `/api/v1/jobs/${jobId}`, { token: moderator.accessToken })).body.moderation).toBeUndefined();
    expect((await api('POST', `/api/v1/events/${eventId}/registrations`, { token: other.accessToken })).body).toEqual({ status: 'registered' });

    // Told in the API's word, once: the lift that carried the effects adds no second line.
    const line = await told(organiser, (l) => l.text.startsWith('Your appeal'));
    expect(line).toEqual(expect.objectContaining({ kind: 'sanction.notice', link: '/me/sanctions', text: expect.stringContaining('overturned') }));
    expect(line.text).not.toContain('upheld');
    const lifted = await eventually(async () => (await readEvents(platform.scope, 'trust-safety.sanction.lifted.v1')).find((e) => e.payload.sanctionId === decided.body.sanctionId));
    await eventually(async () => (await communityDb.query('select 1 from inbox_entry where event_id = $1', [lifted.id])).rowCount === 1 || undefined, 10_000);
    expect((await inbox(organiser)).filter((l) => l.text.includes('lifted'))).toHaveLength(1);
  });

  it("thaws them when the suspension ends by itself", async () => {
    const organiser = await the.member();
    const eventId = await eventBy(organiser);
    const { caseId } = await reportedBlog(organiser, 'A post that earns a short suspension');
    const decided = await decide(moderator.accessToken, caseId, { action: 'suspend', durationDays: 1, guideline: 'respect', statement: 'Insults.' });
    await becomes(`/api/v1/events/${eventId}`, 404);
    // A day passes: trust-safety's clock is moved back rather than waited for; its expiry lifts the sanction.
    await trustSafetyDb.query(`update sanction set ends_at = now() - interval '1 second' where id = $1`, [decided.body.sanctionId]);
    await becomes(`/api/v1/events/${eventId}`, 200);
    expect(await told(organiser, (l) => l.text === 'A suspension of your account has ended.')).toMatchObject({ kind: 'sanction.notice' });
  });
});

describe('what the member is told', () => {
  it('tells her that an upheld appeal leaves the sanction as it was', async () => {
    const author = await the.member();
    const { caseId } = await reportedBlog(author, 'A rude post');
    const warned = await decide(moderator.accessToken, caseId, { action: 'warn', guideline: 'respect', statement: 'Rude to another member.' });
    const appeal = await api('POST', `/api/v1/sanctions/${warned.body.sanctionId}/appeals`, { token: author.accessToken, body: { text: 'It was a joke.' } });
    expect((await api('POST', `/api/v1/moderation/appeals/${appeal.body.id}/decision`, { token: seniorA.accessToken, body: { outcome: 'upheld', statement: 'Jokes at a member are still insults.' } })).status).toBe(201);
    const line = await told(author, (l) => l.text.startsWith('Your appeal'));
    expect(line).toEqual({ id: expect.any(String), kind: 'sanction.notice', link: '/me/sanctions', readAt: null, createdAt: expect.any(String), text: expect.stringContaining('upheld') });
    expect(line.text).toContain('stays');
    expect(line.text).not.toMatch(/overturned|lifted|Jokes/);
  });

  it('tells the author of content removed without a sanction what was removed, under which guideline, and that nothing else follows', async () => {
    const author = await the.member();
    const { blogId, caseId } = await reportedBlog(author, 'A post that quotes a private address');
    expect((await decide(moderator.accessToken, caseId, { action: 'remove-content', guideline: 'privacy', statement: 'It gives a member\'s home address.' })).status).toBe(201);
    await becomes(`/api/v1/blogs/${blogId}`, 404);
    const line = await told(author, (l) => l.text.includes('removed'));
    expect(line).toMatchObject({ kind: 'sanction.notice', link: '/guidelines/privacy' });
    expect(line.text).toContain('blog post');
    expect(line.text).toContain('privacy');
    expect(line.text).toContain('No sanction');
    // Neither the reporter nor the moderator's private words.
    expect(line.text).not.toMatch(/report|home address/i);

    // A removal that comes with a sanction is told by the sanction's own notice, not twice.
    const other = await reportedBlog(author, 'Another post with an address');
    const warned = await decide(moderator.accessToken, other.caseId, { action: 'warn', removeContent: true, guideline: 'privacy', statement: 'Again an address.' });
    await told(author, (l) => l.text.startsWith('You received a warning'));
    const decisionMade = await eventually(async () => (await readEvents(platform.scope, 'trust-safety.decision.made.v1')).find((e) => e.payload.decisionId === warned.body.id));
    await eventually(async () => (await communityDb.query('select 1 from inbox_entry where event_id = $1', [decisionMade.id])).rowCount === 1 || undefined, 10_000);
    expect((await inbox(author)).filter((l) => l.text.includes('No sanction'))).toHaveLength(1);
  });
});
