/**
 * Groups through the gateway, against the real NATS and PostgreSQL: public and invite-only groups,
 * joining, invitations, leaving, the owner's moderation (moderators, removing, banning, deleting and
 * locking), threads and posts, files, sanctions (a suspended member cannot post; an expelled one is a
 * former member), blocks on invitations, and what reports see of a group (snapshot, visibility);
 * first-contact protections (a daily cap on invitations to strangers, detectors on a group's name and
 * description, a per-minute cap on posts).
 */
import { randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { Client } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { eventually } from '@weop/testing';
import { GroupReportSubject } from '../apps/community/src/groups/group-report-subject';
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
let db: Client;

const FILE_LIMIT = 64 * 1024;
const DAILY_GROUPS = 3;
const DAILY_STRANGER_INVITATIONS = 3;
const POSTS_A_MINUTE = 5;

beforeAll(async () => {
  platform = await startPlatform('community-groups', { GROUP_FILE_MAX_BYTES: String(FILE_LIMIT) }, {}, { community: true, communityEnv: {
    GROUP_FILE_MAX_BYTES: String(FILE_LIMIT), GROUP_CREATIONS_PER_DAY: String(DAILY_GROUPS),
    GROUP_INVITATIONS_PER_DAY: String(DAILY_STRANGER_INVITATIONS), GROUP_POSTS_PER_MINUTE: String(POSTS_A_MINUTE),
  } });
  api = client(platform.baseUrl);
  the = given(api);
  db = await platform.db('community');
}, 90_000);

afterAll(async () => {
  await platform?.close();
});

/** A member community knows of (its projection is fed by identity's events, a moment after she registers). */
const member = async (displayName: string, country = 'KG'): Promise<SignedIn> => {
  const m = await the.member({ displayName, country });
  await eventually(async () => (await db.query('select 1 from member where account_id = $1 and display_name = $2', [m.id, displayName])).rowCount === 1);
  return m;
};
/** She blocks him through identity's API; community learns it from identity's event. */
const block = async (blocker: SignedIn, blocked: SignedIn): Promise<void> => {
  expect((await api('POST', '/api/v1/blocks', { token: blocker.accessToken, body: { memberId: blocked.id } })).status).toBe(201);
  await eventually(async () => (await db.query('select 1 from block_projection where blocker_id = $1 and blocked_id = $2 and active', [blocker.id, blocked.id])).rowCount === 1);
};
const newGroup = async (owner: SignedIn, body: Record<string, unknown> = {}): Promise<string> => {
  const created = await api('POST', '/api/v1/groups', { token: owner.accessToken, body: { name: 'Women in agritech', description: 'Farmers, engineers and lenders.', visibility: 'public', ...body } });
  expect(created.status).toBe(201);
  return created.body.id as string;
};
const join = (who: SignedIn, groupId: string) => api('POST', `/api/v1/groups/${groupId}/members`, { token: who.accessToken });
const invite = (who: SignedIn, groupId: string, memberId: string) => api('POST', `/api/v1/groups/${groupId}/invitations`, { token: who.accessToken, body: { memberId } });
const thread = (who: SignedIn, groupId: string, body: Record<string, unknown> = {}) =>
  api('POST', `/api/v1/groups/${groupId}/threads`, { token: who.accessToken, body: { title: 'Drip irrigation suppliers', text: 'Who has worked with a supplier in Osh?', ...body } });
const reply = (who: SignedIn, groupId: string, threadId: string, text = 'We did, happy to share contacts.') =>
  api('POST', `/api/v1/groups/${groupId}/threads/${threadId}/posts`, { token: who.accessToken, body: { text } });
const groupIds = async (who: SignedIn, query = ''): Promise<string[]> => {
  const list = await api('GET', `/api/v1/groups${query}`, { token: who.accessToken });
  expect(list.status).toBe(200);
  return (list.body.items as { id: string }[]).map((g) => g.id);
};
const count = async (table: string): Promise<number> => Number((await db.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0].n);
const upload = async (who: SignedIn, groupId: string, file: { name: string; type: string; bytes: Buffer }, fields: Record<string, string> = {}) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  const response = await fetch(`${platform.baseUrl}/api/v1/groups/${groupId}/files`, { method: 'POST', headers: { authorization: `Bearer ${who.accessToken}` }, body: data });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Title (${text}) >>\nendobj\ntrailer\n<<>>\n%%EOF\n`);

describe('groups', () => {
  it('starts a public group she owns; others find it, join it once, and see its members', async () => {
    const owner = await member('Asel');
    const joiner = await member('Bermet');
    const created = await api('POST', '/api/v1/groups', { token: owner.accessToken, body: { name: 'Kyrgyz women in tech', description: 'Coders and founders.', visibility: 'public' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ name: 'Kyrgyz women in tech', visibility: 'public', myRole: 'owner', memberCount: 1, moderation: 'visible', owner: { id: owner.id, displayName: 'Asel', country: 'KG', verified: false } }));
    const id = created.body.id as string;

    expect(await groupIds(joiner, '?q=women%20in%20tech')).toEqual([id]);
    expect(await groupIds(joiner, '?q=100%25')).toEqual([]);
    const joined = await join(joiner, id);
    expect([joined.status, joined.body.role]).toEqual([201, 'member']);
    const again = await join(joiner, id);
    expect([again.status, again.body.error.code]).toEqual([409, 'GROUP_MEMBER_EXISTS']);

    const seen = await api('GET', `/api/v1/groups/${id}`, { token: joiner.accessToken });
    expect([seen.body.memberCount, seen.body.myRole]).toEqual([2, 'member']);
    const members = await api('GET', `/api/v1/groups/${id}/members`, { token: joiner.accessToken });
    expect(members.body.items).toEqual([
      expect.objectContaining({ member: expect.objectContaining({ id: owner.id, displayName: 'Asel' }), role: 'owner', former: false }),
      expect.objectContaining({ member: expect.objectContaining({ id: joiner.id, displayName: 'Bermet' }), role: 'member', former: false }),
    ]);

    expect((await api('DELETE', `/api/v1/groups/${id}/members/me`, { token: joiner.accessToken })).status).toBe(204);
    const ownerLeaves = await api('DELETE', `/api/v1/groups/${id}/members/me`, { token: owner.accessToken });
    expect([ownerLeaves.status, ownerLeaves.body.error.code]).toEqual([422, 'GROUP_OWNER_CANNOT_LEAVE']);
    expect((await api('GET', `/api/v1/groups/${id}`, { token: joiner.accessToken })).body.memberCount).toBe(1);
  });

  it('refuses bad input with a stable code and stores nothing, and caps new groups a day', async () => {
    const owner = await member('Cholpon');
    const before = await count('community_group');
    const post = (body: Record<string, unknown>) => api('POST', '/api/v1/groups', { token: owner.accessToken, body });
    const valid = { name: 'Valid name', description: 'About', visibility: 'public' };
    for (const body of [{ ...valid, name: 'ab' }, { ...valid, name: 'x'.repeat(81) }, { ...valid, description: 'x'.repeat(2001) }, { ...valid, visibility: 'secret' }, { ...valid, ownerId: randomUUID() }, { name: 'No visibility', description: '' }]) {
      const refused = await post(body);
      expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(await count('community_group')).toBe(before);

    const id = await newGroup(owner);
    await newGroup(owner);
    await newGroup(owner);
    const limited = await post(valid);
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(23 * 3600);
    expect(await count('community_group')).toBe(before + DAILY_GROUPS);
    const threadsBefore = await count('group_thread');
    expect((await thread(owner, id, { title: '' })).status).toBe(400);
    expect((await thread(owner, id, { text: 'x'.repeat(10_001) })).status).toBe(400);
    expect((await thread(owner, id, { pinned: true })).status).toBe(400);
    expect((await api('GET', `/api/v1/groups/not-a-uuid`, { token: owner.accessToken })).status).toBe(400);
    expect((await api('GET', `/api/v1/groups/${randomUUID()}`, { token: owner.accessToken })).status).toBe(404);
    expect((await api('GET', '/api/v1/groups', {})).status).toBe(401);
    expect(await count('group_thread')).toBe(threadsBefore);
  });

  it('keeps an invite-only group to its members: others get 404 and join only by invitation', async () => {
    const owner = await member('Dinara');
    const guest = await member('Elmira');
    const plain = await member('Fatima');
    const id = await newGroup(owner, { name: 'Survivors\' circle Bishkek', visibility: 'invite-only' });

    expect(await groupIds(guest, '?q=circle')).toEqual([]);
    expect((await api('GET', `/api/v1/groups/${id}`, { token: guest.accessToken })).status).toBe(404);
    expect((await join(guest, id)).status).toBe(404);
    expect((await api('GET', `/api/v1/groups/${id}/threads`, { token: guest.accessToken })).status).toBe(404);
    expect((await invite(guest, id, plain.id)).status).toBe(404);

    const invited = await invite(owner, id, guest.id);
    expect(invited.status).toBe(201);
    const { rows } = await db.query<{ text: string }>("select text from notification where recipient_id = $1 and kind = 'group.invitation'", [guest.id]);
    expect(rows).toEqual([{ text: 'Dinara invited you to the group "Survivors\' circle Bishkek".' }]);
    const mine = await api('GET', '/api/v1/me/group-invitations', { token: guest.accessToken });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: invited.body.id, groupId: id, groupName: 'Survivors\' circle Bishkek', status: 'pending' })]);
    expect((await api('POST', `/api/v1/groups/invitations/${invited.body.id as string}/accept`, { token: plain.accessToken })).status).toBe(404);
    const accepted = await api('POST', `/api/v1/groups/invitations/${invited.body.id as string}/accept`, { token: guest.accessToken });
    expect([accepted.status, accepted.body.role]).toEqual([200, 'member']);
    expect((await api('POST', `/api/v1/groups/invitations/${invited.body.id as string}/accept`, { token: guest.accessToken })).body.error.code).toBe('INVITATION_ANSWERED');
    expect(await groupIds(guest, '?q=circle')).toEqual([id]);

    // A plain member does not invite; the owner's invitation can be declined.
    const byMember = await invite(guest, id, plain.id);
    expect([byMember.status, byMember.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const second = await invite(owner, id, plain.id);
    expect((await api('POST', `/api/v1/groups/invitations/${second.body.id as string}/decline`, { token: plain.accessToken })).body.status).toBe('declined');
    expect((await api('GET', `/api/v1/groups/${id}`, { token: plain.accessToken })).status).toBe(404);
    expect((await invite(owner, id, guest.id)).body.error.code).toBe('GROUP_MEMBER_EXISTS');
    expect((await invite(owner, id, randomUUID())).status).toBe(404);
  });

  it('blocks: no invitation between a blocked pair, no view of the blocker\'s groups, and blocked members do not see each other inside a group', async () => {
    const owner = await member('Gulzat');
    const blocked = await member('Hadicha');
    const id = await newGroup(owner, { name: 'Felt makers of Naryn' });
    await block(blocked, owner);
    const refused = await invite(owner, id, blocked.id);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'BLOCKED']);
    expect(await count(`group_invitation where member_id = '${blocked.id}'`)).toBe(0);
    // Her space and his are apart: neither lists nor opens the other's group.
    expect(await groupIds(blocked, '?q=felt%20makers')).toEqual([]);
    expect((await api('GET', `/api/v1/groups/${id}`, { token: blocked.accessToken })).status).toBe(404);
    expect((await join(blocked, id)).status).toBe(404);
    // A moderator of his cannot bring her in either, and learns nothing of why.
    const moderator = await member('Gulnora');
    expect((await join(moderator, id)).status).toBe(201);
    await api('PUT', `/api/v1/groups/${id}/members/${moderator.id}`, { token: owner.accessToken, body: { role: 'moderator' } });
    const viaModerator = await invite(moderator, id, blocked.id);
    expect([viaModerator.status, viaModerator.body.error.code]).toEqual([404, 'NOT_FOUND']);

    // Two members of someone else's group, one of whom blocked the other.
    const host = await member('Ilvira');
    const survivor = await member('Jyldyz');
    const abuser = await member('Kerimbek');
    const shared = await newGroup(host, { name: 'Naryn market sellers' });
    for (const m of [survivor, abuser]) expect((await join(m, shared)).status).toBe(201);
    const his = (await thread(abuser, shared, { title: 'Stall prices' })).body.id as string;
    const hers = (await thread(survivor, shared, { title: 'Transport to Bishkek' })).body.id as string;
    expect((await reply(abuser, shared, hers, 'Replying to her')).status).toBe(201);
    const file = await upload(abuser, shared, { name: 'prices.txt', type: 'text/plain', bytes: Buffer.from('wool,12\n') });
    expect(file.status).toBe(201);
    await block(survivor, abuser);
    // Neither writes in the other's thread: the same 404 as reading it, and nothing stored.
    const postsBefore = await count('group_post');
    for (const [writer, threadId] of [[survivor, his], [abuser, hers]] as const) {
      const refused = await reply(writer, shared, threadId, 'Across the block');
      expect([refused.status, refused.body.error.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect(await count('group_post')).toBe(postsBefore);
    // Not by id either: his thread and his file are not there for her.
    expect((await api('GET', `/api/v1/groups/${shared}/threads/${his}/posts`, { token: survivor.accessToken })).status).toBe(404);
    expect((await api('GET', `/api/v1/groups/${shared}/files/${file.body.id as string}`, { token: survivor.accessToken })).status).toBe(404);
    expect((await api('GET', `/api/v1/groups/${shared}/files/${file.body.id as string}`, { token: host.accessToken })).status).toBe(200);

    for (const [viewer, other] of [[survivor, abuser], [abuser, survivor]] as const) {
      const members = await api('GET', `/api/v1/groups/${shared}/members`, { token: viewer.accessToken });
      expect(JSON.stringify(members.body)).not.toContain(other.id);
      expect(members.body.items).toHaveLength(2);
      const threads = await api('GET', `/api/v1/groups/${shared}/threads`, { token: viewer.accessToken });
      expect(threads.body.items.map((t: { id: string }) => t.id)).toEqual([viewer === survivor ? hers : his]);
    }
    const posts = await api('GET', `/api/v1/groups/${shared}/threads/${hers}/posts`, { token: survivor.accessToken });
    expect(posts.body.items.map((p: { text: string }) => p.text)).toEqual(['Who has worked with a supplier in Osh?']);
    expect((await api('GET', `/api/v1/groups/${shared}/files`, { token: survivor.accessToken })).body.items).toEqual([]);
    // The host still sees everyone.
    expect((await api('GET', `/api/v1/groups/${shared}/members`, { token: host.accessToken })).body.items).toHaveLength(3);
  });

  it('lets the owner appoint moderators, who remove plain members; a ban keeps her out until invited back', async () => {
    const owner = await member('Indira');
    const moderator = await member('Jamila');
    const troll = await member('Kanykei');
    const bystander = await member('Leila');
    const id = await newGroup(owner);
    for (const m of [moderator, troll, bystander]) expect((await join(m, id)).status).toBe(201);

    const byMember = await api('PUT', `/api/v1/groups/${id}/members/${moderator.id}`, { token: troll.accessToken, body: { role: 'moderator' } });
    expect(byMember.status).toBe(403);
    const appointed = await api('PUT', `/api/v1/groups/${id}/members/${moderator.id}`, { token: owner.accessToken, body: { role: 'moderator' } });
    expect([appointed.status, appointed.body.role]).toEqual([200, 'moderator']);
    expect((await api('PUT', `/api/v1/groups/${id}/members/${moderator.id}`, { token: owner.accessToken, body: { role: 'owner' } })).status).toBe(400);

    expect((await api('DELETE', `/api/v1/groups/${id}/members/${owner.id}`, { token: moderator.accessToken })).status).toBe(403);
    const removed = await api('DELETE', `/api/v1/groups/${id}/members/${troll.id}?ban=true`, { token: moderator.accessToken });
    expect(removed.status).toBe(204);
    const rejoin = await join(troll, id);
    expect([rejoin.status, rejoin.body.error.code]).toEqual([403, 'GROUP_BANNED']);
    expect((await api('DELETE', `/api/v1/groups/${id}/members/${bystander.id}`, { token: bystander.accessToken })).status).toBe(403);
    expect((await api('DELETE', `/api/v1/groups/${id}/members/${bystander.id}?ban=maybe`, { token: owner.accessToken })).status).toBe(400);

    const invitation = await invite(owner, id, troll.id);
    expect((await api('POST', `/api/v1/groups/invitations/${invitation.body.id as string}/accept`, { token: troll.accessToken })).status).toBe(200);
    expect((await api('GET', `/api/v1/groups/${id}`, { token: troll.accessToken })).body.myRole).toBe('member');
  });

  it('threads: members write, anyone who sees the group reads, moderators delete and lock', async () => {
    const owner = await member('Madina');
    const writer = await member('Nazira');
    const outsider = await member('Oksana');
    const id = await newGroup(owner);
    expect((await join(writer, id)).status).toBe(201);

    const notMember = await thread(outsider, id);
    expect([notMember.status, notMember.body.error.code]).toEqual([403, 'GROUP_MEMBERSHIP_REQUIRED']);
    const started = await thread(writer, id);
    expect(started.status).toBe(201);
    const threadId = started.body.id as string;
    const first = await reply(owner, id, threadId, 'First reply');
    const second = await reply(writer, id, threadId, 'Second reply');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await reply(outsider, id, threadId)).status).toBe(403);

    const threads = await api('GET', `/api/v1/groups/${id}/threads`, { token: outsider.accessToken });
    expect(threads.body.items).toEqual([expect.objectContaining({ id: threadId, title: 'Drip irrigation suppliers', postCount: 3, locked: false, author: expect.objectContaining({ id: writer.id }) })]);
    const page1 = await api('GET', `/api/v1/groups/${id}/threads/${threadId}/posts?limit=2`, { token: outsider.accessToken });
    expect(page1.body.items.map((p: { text: string }) => p.text)).toEqual(['Who has worked with a supplier in Osh?', 'First reply']);
    const page2 = await api('GET', `/api/v1/groups/${id}/threads/${threadId}/posts?limit=2&cursor=${page1.body.nextCursor as string}`, { token: outsider.accessToken });
    expect(page2.body).toEqual({ items: [expect.objectContaining({ id: second.body.id, text: 'Second reply' })], nextCursor: null });

    // A member cannot delete another's post; the owner can, and it keeps its place without its text.
    expect((await api('DELETE', `/api/v1/groups/${id}/threads/${threadId}/posts/${first.body.id as string}`, { token: writer.accessToken })).status).toBe(403);
    expect((await api('DELETE', `/api/v1/groups/${id}/threads/${threadId}/posts/${second.body.id as string}`, { token: owner.accessToken })).status).toBe(204);
    const posts = await api('GET', `/api/v1/groups/${id}/threads/${threadId}/posts`, { token: writer.accessToken });
    expect(posts.body.items[2]).toEqual(expect.objectContaining({ id: second.body.id, text: null, deletedBy: 'moderator', deletedAt: expect.any(String) }));
    const { rows } = await db.query('select deleted_by, text from group_post where id = $1', [second.body.id]);
    expect(rows).toEqual([{ deleted_by: owner.id, text: 'Second reply' }]);

    // Locked: no new posts until unlocked; only moderators lock.
    expect((await api('PATCH', `/api/v1/groups/${id}/threads/${threadId}`, { token: writer.accessToken, body: { locked: true } })).status).toBe(403);
    const locked = await api('PATCH', `/api/v1/groups/${id}/threads/${threadId}`, { token: owner.accessToken, body: { locked: true } });
    expect([locked.status, locked.body.locked]).toEqual([200, true]);
    const refused = await reply(writer, id, threadId);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'THREAD_LOCKED']);
    await api('PATCH', `/api/v1/groups/${id}/threads/${threadId}`, { token: owner.accessToken, body: { locked: false } });
    expect((await reply(writer, id, threadId)).status).toBe(201);

    // Her data export holds her groups and what she wrote in them.
    const exported = await api('GET', '/api/v1/me/export', { token: writer.accessToken });
    expect(exported.body.services.community).toMatchObject({
      groups: [{ groupId: id, role: 'member' }],
      groupThreads: [{ id: threadId, title: 'Drip irrigation suppliers' }],
      groupPosts: expect.arrayContaining([expect.objectContaining({ threadId, text: 'Who has worked with a supplier in Osh?' }), expect.objectContaining({ id: second.body.id, text: 'Second reply' })]),
      groupFiles: [],
    });

    // The owner deletes the thread: gone from the list, its posts with it.
    expect((await api('DELETE', `/api/v1/groups/${id}/threads/${threadId}`, { token: owner.accessToken })).status).toBe(204);
    expect((await api('GET', `/api/v1/groups/${id}/threads`, { token: writer.accessToken })).body.items).toEqual([]);
    expect((await api('GET', `/api/v1/groups/${id}/threads/${threadId}/posts`, { token: writer.accessToken })).status).toBe(404);
  });

  it('a suspended member cannot post in her groups until the suspension is lifted; an expelled one is a former member until her expulsion is lifted', async () => {
    const owner = await member('Parvina');
    const suspended = await member('Rukhsora');
    const expelled = await member('Sabina');
    const id = await newGroup(owner);
    for (const m of [suspended, expelled]) expect((await join(m, id)).status).toBe(201);
    const threadId = (await thread(expelled, id)).body.id as string;

    const sanctionId = randomUUID();
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', {
      sanctionId, accountId: suspended.id, kind: 'suspension', guideline: 'respect', statement: 'Insulted a member.',
      startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), caseId: null,
    });
    const status = async (who: SignedIn): Promise<string> => (await api('GET', '/api/v1/me', { token: who.accessToken })).body.status as string;
    // The first trust-safety event of the suite creates its stream, and identity's and community's consumers find a
    // stream that appears late within 5 s (libs/messaging polls for it), so the first wait allows for that.
    await eventually(async () => (await status(suspended)) === 'suspended', 15_000);
    const refused = await reply(suspended, id, threadId);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ACCOUNT_SUSPENDED']);
    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId, accountId: suspended.id, reason: 'expired', liftedAt: new Date().toISOString() });
    await eventually(async () => (await status(suspended)) === 'active');
    expect((await reply(suspended, id, threadId)).status).toBe(201);

    const expulsionId = randomUUID();
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', {
      sanctionId: expulsionId, accountId: expelled.id, kind: 'expulsion', guideline: 'safety', statement: 'Threatened a member.', startsAt: new Date().toISOString(), endsAt: null, caseId: null,
    });
    await eventually(async () => {
      const members = await api('GET', `/api/v1/groups/${id}/members`, { token: owner.accessToken });
      return (members.body.items as { former: boolean }[]).filter((m) => m.former).length === 1;
    });
    const members = await api('GET', `/api/v1/groups/${id}/members`, { token: owner.accessToken });
    expect(members.body.items).toHaveLength(3);
    expect(members.body.items[2]).toEqual({ member: null, former: true, role: 'member', joinedAt: expect.any(String) });
    expect(JSON.stringify(members.body)).not.toContain(expelled.id);
    const posts = await api('GET', `/api/v1/groups/${id}/threads/${threadId}/posts`, { token: owner.accessToken });
    expect(posts.body.items[0].author).toBeNull();

    // Overturned on appeal: she is herself again, with nothing to rebuild.
    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId: expulsionId, accountId: expelled.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    await eventually(async () => {
      const after = await api('GET', `/api/v1/groups/${id}/members`, { token: owner.accessToken });
      return (after.body.items as { former: boolean }[]).every((m) => !m.former);
    });
    const restored = await api('GET', `/api/v1/groups/${id}/threads/${threadId}/posts`, { token: owner.accessToken });
    expect(restored.body.items[0].author).toEqual(expect.objectContaining({ id: expelled.id, displayName: 'Sabina' }));
  });

  it('a deleted account leaves her groups: what she wrote stays, by a former member; her files go; her groups pass on', async () => {
    const owner = await member('Aida');
    const leaving = await member('Bibigul');
    const firstMember = await member('Cholpon');
    const moderator = await member('Damira');
    const id = await newGroup(owner);
    expect((await join(leaving, id)).status).toBe(201);
    const threadId = (await thread(leaving, id)).body.id as string;
    expect((await upload(leaving, id, { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('notes\n') })).status).toBe(201);
    // Two groups of hers: one with others in it, one with nobody else.
    const hers = await newGroup(leaving, { name: 'Handed on' });
    const alone = await newGroup(leaving, { name: 'Nobody else here' });
    expect((await upload(leaving, alone, { name: 'a.pdf', type: 'application/pdf', bytes: pdf('a') })).status).toBe(201);
    for (const m of [firstMember, moderator]) expect((await join(m, hers)).status).toBe(201);
    expect((await api('PUT', `/api/v1/groups/${hers}/members/${moderator.id}`, { token: leaving.accessToken, body: { role: 'moderator' } })).status).toBe(200);

    await publishEvent(platform.scope, 'identity.account.deleted.v1', { accountId: leaving.id, deletedAt: new Date().toISOString() });
    await eventually(async () => (await api('GET', `/api/v1/groups/${id}`, { token: owner.accessToken })).body.memberCount === 1);
    const posts = await api('GET', `/api/v1/groups/${id}/threads/${threadId}/posts`, { token: owner.accessToken });
    expect(posts.body.items).toEqual([expect.objectContaining({ author: null, text: 'Who has worked with a supplier in Osh?' })]);
    expect((await api('GET', `/api/v1/groups/${id}/files`, { token: owner.accessToken })).body.items).toEqual([]);

    const handedOn = await api('GET', `/api/v1/groups/${hers}`, { token: moderator.accessToken });
    expect([handedOn.body.myRole, handedOn.body.owner.id, handedOn.body.memberCount]).toEqual(['owner', moderator.id, 2]);
    const told = await db.query<{ text: string }>("select text from notification where recipient_id = $1 and kind = 'group.ownership'", [moderator.id]);
    expect(told.rows).toEqual([{ text: 'You are now the owner of the group "Handed on": its owner left the platform.' }]);
    expect(await count(`community_group where id = '${alone}'`)).toBe(0);
    await expect(readdir(joinPath(platform.storageDir, 'community', 'groups', alone))).rejects.toThrow();
  });

  it('files: members share documents and images (type read from the bytes, size limited) and only members download them', async () => {
    const owner = await member('Tahmina');
    const outsider = await member('Umida');
    const id = await newGroup(owner);
    const document = pdf('Irrigation cooperative charter');

    const shared = await upload(owner, id, { name: '../../Устав кооператива.exe', type: 'application/x-msdownload', bytes: document });
    expect(shared.status).toBe(201);
    expect(shared.body).toEqual(expect.objectContaining({ filename: 'Устав кооператива.pdf', contentType: 'application/pdf', size: document.length, uploadedBy: expect.objectContaining({ id: owner.id }) }));

    const list = await api('GET', `/api/v1/groups/${id}/files`, { token: owner.accessToken });
    expect(list.body.items.map((f: { id: string }) => f.id)).toEqual([shared.body.id]);
    const download = await fetch(`${platform.baseUrl}/api/v1/groups/${id}/files/${shared.body.id as string}`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer()).equals(document)).toBe(true);

    // Not a member of this public group: no upload, no list, no download.
    const before = await count('group_file');
    expect((await upload(outsider, id, { name: 'a.pdf', type: 'application/pdf', bytes: pdf('a') })).body.error.code).toBe('GROUP_MEMBERSHIP_REQUIRED');
    expect((await api('GET', `/api/v1/groups/${id}/files`, { token: outsider.accessToken })).status).toBe(403);
    expect((await fetch(`${platform.baseUrl}/api/v1/groups/${id}/files/${shared.body.id as string}`, { headers: { authorization: `Bearer ${outsider.accessToken}` } })).status).toBe(403);

    // Refused, and nothing kept: a program, a file over the limit, extra fields.
    const exe = await upload(owner, id, { name: 'minutes.pdf', type: 'application/pdf', bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]) });
    expect([exe.status, exe.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const big = await upload(owner, id, { name: 'big.txt', type: 'text/plain', bytes: Buffer.alloc(FILE_LIMIT + 1, 'a') });
    expect([big.status, big.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const extra = await upload(owner, id, { name: 'a.pdf', type: 'application/pdf', bytes: pdf('a') }, { groupId: randomUUID() });
    expect(extra.status).toBe(400);
    expect(await count('group_file')).toBe(before);
    // Only the one shared file's bytes (and their type) are kept, and sealed: the disk does not show them.
    expect((await readdir(joinPath(platform.storageDir, 'community', 'groups', id))).sort()).toEqual([shared.body.id, `${shared.body.id as string}.type`]);
    const atRest = await readFile(joinPath(platform.storageDir, 'community', 'groups', id, shared.body.id as string));
    expect(atRest.includes(Buffer.from('Irrigation cooperative charter'))).toBe(false);
    expect(atRest.includes(Buffer.from('%PDF'))).toBe(false);
  });

  it('reports: a group\'s snapshot for a member who may see it, and moderation hides it from all but its owner until restored', async () => {
    const owner = await member('Venera');
    const reporter = await member('Yulduz');
    const stranger = await member('Zamira');
    const id = await newGroup(owner, { name: 'Easy money club', description: 'Send 100 USD, get 1000 back.' });
    const secret = await newGroup(owner, { name: 'Private planning', visibility: 'invite-only' });
    expect((await join(reporter, id)).status).toBe(201);

    const community = platform.community;
    if (!community) throw new Error('community is not running');
    const subject = community.get(GroupReportSubject);
    const inTransaction = <T>(work: (em: EntityManager) => Promise<T>): Promise<T> => community.get(EntityManager).fork().transactional(work);

    expect(subject.type).toBe('group');
    const snapshot = await inTransaction((em) => subject.snapshot(em, id, reporter.id));
    expect(snapshot).toEqual(expect.objectContaining({ title: 'Easy money club', body: 'Send 100 USD, get 1000 back.', authorId: owner.id, authorName: 'Venera' }));
    expect(await inTransaction((em) => subject.snapshot(em, secret, stranger.id))).toBeNull();
    expect(await inTransaction((em) => subject.snapshot(em, randomUUID(), stranger.id))).toBeNull();

    await inTransaction((em) => subject.setVisibility(em, id, 'hidden'));
    expect((await api('GET', `/api/v1/groups/${id}`, { token: reporter.accessToken })).status).toBe(404);
    expect(await groupIds(stranger, '?q=easy%20money')).toEqual([]);
    const ownerView = await api('GET', `/api/v1/groups/${id}`, { token: owner.accessToken });
    expect([ownerView.status, ownerView.body.moderation]).toEqual([200, 'hidden']);
    const frozen = await thread(owner, id);
    expect([frozen.status, frozen.body.error.code]).toEqual([409, 'GROUP_FROZEN']);
    expect((await join(stranger, id)).status).toBe(404);
    // A member can still leave a group hidden pending review (here: the reporter), and join again once it is back.
    expect((await api('DELETE', `/api/v1/groups/${id}/members/me`, { token: reporter.accessToken })).status).toBe(204);

    await inTransaction((em) => subject.setVisibility(em, id, 'visible'));
    expect((await api('GET', `/api/v1/groups/${id}`, { token: reporter.accessToken })).status).toBe(200);
    expect((await join(reporter, id)).status).toBe(201);
    expect(await groupIds(stranger, '?q=easy%20money')).toEqual([id]);
  });

  it('caps invitations to members who are not her connections a day (429 with Retry-After), not those to her connections', async () => {
    const inviter = await member('Aigerim');
    const friend = await member('Aisulu');
    const id = await newGroup(inviter, { name: 'Sheep breeders of Talas' });
    const strangers = [];
    for (let i = 0; i <= DAILY_STRANGER_INVITATIONS; i += 1) strangers.push(await member(`Stranger ${i}`));
    for (const stranger of strangers.slice(0, DAILY_STRANGER_INVITATIONS)) expect((await invite(inviter, id, stranger.id)).status).toBe(201);
    const before = await count('group_invitation');
    const capped = await invite(inviter, id, strangers[DAILY_STRANGER_INVITATIONS].id);
    expect([capped.status, capped.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(86_000);
    // Another group of hers counts toward the same cap.
    const other = await newGroup(inviter, { name: 'Goat breeders of Talas' });
    expect((await invite(inviter, other, strangers[DAILY_STRANGER_INVITATIONS].id)).status).toBe(429);
    expect(await count('group_invitation')).toBe(before);
    expect(await count(`notification where recipient_id = '${strangers[DAILY_STRANGER_INVITATIONS].id}' and kind = 'group.invitation'`)).toBe(0);

    // Her connections are not strangers: she still invites them.
    const asked = await api('POST', '/api/v1/connections', { token: inviter.accessToken, body: { memberId: friend.id } });
    expect((await api('POST', `/api/v1/connections/${asked.body.id as string}/accept`, { token: friend.accessToken })).status).toBe(200);
    expect((await invite(inviter, id, friend.id)).status).toBe(201);
  });

  it('runs the first-message detectors on a group\'s name and description: moderators get a report, invitees a warning instead of the name', async () => {
    const owner = await member('Baktygul');
    const invitee = await member('Ainura');
    const scam = 'Pay 50 USD fee for job +996 555 123 456';
    const id = await newGroup(owner, { name: scam, description: 'Jobs abroad for women.' });
    const reports = await db.query<{ guideline: string; reporter_id: string | null }>("select guideline, reporter_id from community_report where subject_type = 'group' and subject_id = $1 order by guideline", [id]);
    expect(reports.rows).toEqual([{ guideline: 'no-scams', reporter_id: null }, { guideline: 'privacy', reporter_id: null }]);

    expect((await invite(owner, id, invitee.id)).status).toBe(201);
    const { rows } = await db.query<{ text: string }>("select text from notification where recipient_id = $1 and kind = 'group.invitation'", [invitee.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].text).toMatch(/^Baktygul invited you to a group\. This group may be a scam/);
    expect(rows[0].text).not.toMatch(/996|Pay 50/);
    const inbox = await api('GET', '/api/v1/me/notifications', { token: invitee.accessToken });
    expect(JSON.stringify(inbox.body)).not.toContain('555 123');
    // Her list of invitations names the group (she must know what she accepts) with the warning beside it.
    const mine = await api('GET', '/api/v1/me/group-invitations', { token: invitee.accessToken });
    expect(mine.body.items).toEqual([expect.objectContaining({ groupId: id, groupName: scam, safetyNotice: expect.stringMatching(/^This group may be a scam.*personal details/) })]);

    // An ordinary group: no report, and the invitation names it.
    const plain = await newGroup(owner, { name: 'Job seekers of Osh', description: 'CV reviews and interview practice.' });
    expect(await count(`community_report where subject_id = '${plain}'`)).toBe(0);
    expect((await invite(owner, plain, invitee.id)).status).toBe(201);
    const both = (await api('GET', '/api/v1/me/group-invitations', { token: invitee.accessToken })).body.items as { groupId: string; safetyNotice?: string }[];
    expect(both.find((i) => i.groupId === plain)).not.toHaveProperty('safetyNotice');
  });

  it('caps a member\'s group posts a minute (a new thread\'s first post included) with 429 and Retry-After, storing nothing', async () => {
    const owner = await member('Cholpon');
    const writer = await member('Dilbar');
    const id = await newGroup(owner, { name: 'Weavers of Kochkor' });
    expect((await join(writer, id)).status).toBe(201);
    const threadId = (await thread(writer, id)).body.id as string;
    for (let i = 1; i < POSTS_A_MINUTE; i += 1) expect((await reply(writer, id, threadId, `Reply ${i}`)).status).toBe(201);
    const before = await count('group_post');
    const flood = await reply(writer, id, threadId, 'One too many');
    expect([flood.status, flood.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(flood.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await thread(writer, id, { title: 'Another thread' })).status).toBe(429);
    expect(await count('group_post')).toBe(before);
    expect(await count(`group_thread where group_id = '${id}'`)).toBe(1);
    // Others in the group still write.
    expect((await reply(owner, id, threadId, 'Slow down, please')).status).toBe(201);
  });
});
