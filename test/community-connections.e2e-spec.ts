/**
 * Connections and the connections feed through the gateway, against the real NATS and PostgreSQL:
 * request, accept, decline (the sender is not told), withdraw and remove; the rules (not herself, not
 * an unknown member, not between a blocked pair, no duplicate either way, the daily cap); and the feed
 * of what her connections published on content, which follows their edits and withdrawals.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { eventually } from '@weop/testing';
import { FeedService } from '../apps/community/src/feed/feed.service';
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

const DAILY_CAP = 3;

beforeAll(async () => {
  platform = await startPlatform('community-connections', {}, {}, { community: true, content: true, communityEnv: { CONNECTION_REQUESTS_PER_DAY: String(DAILY_CAP) } });
  api = client(platform.baseUrl);
  the = given(api);
  db = await platform.db('community');
}, 90_000);

afterAll(async () => {
  await platform?.close();
});

/** A member community knows of (its projection is fed by identity's events, a moment after she registers). */
const member = async (displayName: string, country = 'KZ'): Promise<SignedIn> => {
  const m = await the.member({ displayName, country });
  await eventually(async () => {
    const { rows } = await db.query<{ display_name: string | null }>('select display_name from member where account_id = $1', [m.id]);
    return rows[0]?.display_name === displayName;
  });
  return m;
};
/** She blocks him through identity's API; community learns it from identity's event. */
const block = async (blocker: SignedIn, blocked: SignedIn, active = true): Promise<void> => {
  const answer = active
    ? await api('POST', '/api/v1/blocks', { token: blocker.accessToken, body: { memberId: blocked.id } })
    : await api('DELETE', `/api/v1/blocks/${blocked.id}`, { token: blocker.accessToken });
  expect(answer.status).toBe(active ? 201 : 204);
  await eventually(async () => {
    const { rows } = await db.query<{ active: boolean }>('select active from block_projection where blocker_id = $1 and blocked_id = $2', [blocker.id, blocked.id]);
    return rows[0]?.active === active;
  });
};
const ask = (from: SignedIn, to: { id: string }, body: Record<string, unknown> = {}) =>
  api('POST', '/api/v1/connections', { token: from.accessToken, body: { memberId: to.id, ...body } });
const accept = (who: SignedIn, id: string) => api('POST', `/api/v1/connections/${id}/accept`, { token: who.accessToken });
const decline = (who: SignedIn, id: string) => api('POST', `/api/v1/connections/${id}/decline`, { token: who.accessToken });
const remove = (who: SignedIn, id: string) => api('DELETE', `/api/v1/connections/${id}`, { token: who.accessToken });
const connectionsOf = async (who: SignedIn): Promise<string[]> => {
  const list = await api('GET', '/api/v1/me/connections', { token: who.accessToken });
  expect(list.status).toBe(200);
  return (list.body.items as { member: { id: string } }[]).map((c) => c.member.id);
};
const requestsOf = async (who: SignedIn, direction: 'incoming' | 'outgoing'): Promise<{ id: string; member: { id: string }; note: string | null; status: string }[]> => {
  const list = await api('GET', `/api/v1/me/connections/requests?direction=${direction}`, { token: who.accessToken });
  expect(list.status).toBe(200);
  return list.body.items;
};
const notifications = async (who: SignedIn, kind: string): Promise<{ text: string; link: string }[]> =>
  (await db.query<{ text: string; link: string }>('select text, link from notification where recipient_id = $1 and kind = $2', [who.id, kind])).rows;
const connect = async (a: SignedIn, b: SignedIn): Promise<string> => {
  const asked = await ask(a, b);
  expect(asked.status).toBe(201);
  expect((await accept(b, asked.body.id)).status).toBe(200);
  return asked.body.id as string;
};
const connectionRows = async (): Promise<number> => Number((await db.query<{ n: string }>('select count(*) as n from connection')).rows[0].n);

describe('connections', () => {
  it('asks with a note, tells her, and once she accepts both see each other with public name, country and badge', async () => {
    const aigerim = await member('Aigerim', 'KZ');
    const dilnoza = await member('Dilnoza', 'UZ');

    const asked = await ask(aigerim, dilnoza, { note: 'We met at the Almaty trade forum.' });
    expect(asked.status).toBe(201);
    expect(asked.body).toEqual({ id: expect.any(String), status: 'pending' });

    const incoming = await requestsOf(dilnoza, 'incoming');
    expect(incoming).toEqual([expect.objectContaining({ id: asked.body.id, note: 'We met at the Almaty trade forum.', status: 'pending', member: { id: aigerim.id, displayName: 'Aigerim', country: 'KZ', verified: false } })]);
    expect((await requestsOf(aigerim, 'outgoing')).map((r) => r.id)).toEqual([asked.body.id]);
    expect(await notifications(dilnoza, 'connection.request')).toEqual([{ text: 'Aigerim would like to connect with you.', link: '/me/connections/requests?direction=incoming' }]);
    expect(await connectionsOf(aigerim)).toEqual([]);

    const accepted = await accept(dilnoza, asked.body.id);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ id: asked.body.id, status: 'accepted' });

    const mine = await api('GET', '/api/v1/me/connections', { token: aigerim.accessToken });
    expect(mine.body).toEqual({ items: [{ id: asked.body.id, member: { id: dilnoza.id, displayName: 'Dilnoza', country: 'UZ', verified: false }, since: expect.any(String) }], nextCursor: null });
    expect(await connectionsOf(dilnoza)).toEqual([aigerim.id]);
    expect(await requestsOf(dilnoza, 'incoming')).toEqual([]);
    expect(await notifications(aigerim, 'connection.accepted')).toEqual([{ text: 'Dilnoza accepted your connection request.', link: `/profiles/${dilnoza.id}` }]);
  });

  it('refuses bad input with a stable code and stores nothing', async () => {
    const gulnara = await member('Gulnara');
    const other = await member('Madina');
    const before = await connectionRows();

    const self = await ask(gulnara, gulnara);
    expect([self.status, self.body.error.code]).toEqual([422, 'SELF_CONNECTION']);
    // Her own id in capitals is still herself (it was a 500 before: the database's check caught it).
    const shouting = await ask(gulnara, { id: gulnara.id.toUpperCase() });
    expect([shouting.status, shouting.body.error.code]).toEqual([422, 'SELF_CONNECTION']);
    const unknown = await ask(gulnara, { id: randomUUID() });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const longNote = await ask(gulnara, other, { note: 'x'.repeat(301) });
    expect([longNote.status, longNote.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(longNote.body.error.details).toEqual([expect.objectContaining({ field: 'note' })]);
    const blankNote = await ask(gulnara, other, { note: '   ' });
    expect(blankNote.status).toBe(400);
    const extra = await ask(gulnara, other, { status: 'accepted' });
    expect([extra.status, extra.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const notAnId = await api('POST', '/api/v1/connections', { token: gulnara.accessToken, body: { memberId: 'dilnoza' } });
    expect(notAnId.status).toBe(400);
    const badDirection = await api('GET', '/api/v1/me/connections/requests?direction=sideways', { token: gulnara.accessToken });
    expect(badDirection.status).toBe(400);
    const badCursor = await api('GET', '/api/v1/me/connections?cursor=bm90LWEtY3Vyc29y', { token: gulnara.accessToken });
    expect(badCursor.status).toBe(400);
    const anonymous = await api('POST', '/api/v1/connections', { body: { memberId: other.id } });
    expect(anonymous.status).toBe(401);

    expect(await connectionRows()).toBe(before);
    expect(await notifications(other, 'connection.request')).toEqual([]);
  });

  it('keeps one request or connection per pair: a second either way is 409 CONNECTION_EXISTS naming it', async () => {
    const a = await member('Nodira');
    const b = await member('Saule');
    const first = await ask(a, b);
    const again = await ask(a, b);
    expect([again.status, again.body.error.code, again.body.error.details]).toEqual([409, 'CONNECTION_EXISTS', [{ connectionId: first.body.id }]]);
    // She asked first: the natural path for b is to accept hers.
    const crossing = await ask(b, a);
    expect([crossing.status, crossing.body.error.code, crossing.body.error.details]).toEqual([409, 'CONNECTION_EXISTS', [{ connectionId: first.body.id }]]);
    expect(crossing.body.error.message).toMatch(/accept her request/);
    expect((await accept(b, first.body.id)).status).toBe(200);
    const connected = await ask(b, a);
    expect([connected.status, connected.body.error.code]).toEqual([409, 'CONNECTION_EXISTS']);
  });

  it('lets only the member asked answer; anyone else learns nothing', async () => {
    const a = await member('Zarina');
    const b = await member('Lola');
    const stranger = await member('Farida');
    const asked = await ask(a, b);
    expect((await accept(a, asked.body.id)).status).toBe(403);
    expect((await accept(stranger, asked.body.id)).status).toBe(404);
    expect((await decline(stranger, asked.body.id)).status).toBe(404);
    expect((await remove(stranger, asked.body.id)).status).toBe(404);
    expect((await accept(b, randomUUID())).status).toBe(404);
    expect(await requestsOf(b, 'incoming')).toHaveLength(1);
  });

  it('declining does not tell the sender: her request reads pending, and a new one soon after stays quiet', async () => {
    const sender = await member('Kamila');
    const asked = await member('Munisa');
    const first = await ask(sender, asked);
    const declined = await decline(asked, first.body.id);
    expect([declined.status, declined.body.status]).toEqual([200, 'declined']);

    expect(await requestsOf(asked, 'incoming')).toEqual([]);
    expect(await requestsOf(sender, 'outgoing')).toEqual([expect.objectContaining({ id: first.body.id, status: 'pending' })]);
    const again = await ask(sender, asked);
    expect([again.status, again.body.error.code, again.body.error.details]).toEqual([409, 'CONNECTION_EXISTS', [{ connectionId: first.body.id }]]);
    // Her own data export does not tell her either; the one who declined finds her answer in hers.
    const senderExport = await api('GET', '/api/v1/me/export', { token: sender.accessToken });
    expect(senderExport.body.services.community.connections).toEqual([expect.objectContaining({ id: first.body.id, direction: 'sent', memberId: asked.id, status: 'pending', answeredAt: null })]);
    const askedExport = await api('GET', '/api/v1/me/export', { token: asked.accessToken });
    expect(askedExport.body.services.community.connections).toEqual([expect.objectContaining({ id: first.body.id, direction: 'received', memberId: sender.id, status: 'declined' })]);

    // She withdraws and asks again: it reads pending to her, but the one who declined is not asked twice.
    expect((await remove(sender, first.body.id)).status).toBe(204);
    expect(await requestsOf(sender, 'outgoing')).toEqual([]);
    const second = await ask(sender, asked);
    expect([second.status, second.body.status]).toEqual([201, 'pending']);
    expect(await requestsOf(sender, 'outgoing')).toEqual([expect.objectContaining({ id: second.body.id, status: 'pending' })]);
    expect(await requestsOf(asked, 'incoming')).toEqual([]);
    expect(await notifications(asked, 'connection.request')).toHaveLength(1);

    // She may still change her mind and accept it.
    expect((await accept(asked, second.body.id)).status).toBe(200);
    expect(await connectionsOf(sender)).toEqual([asked.id]);
  });

  it('removes a connection from either side and lets the sender withdraw a request', async () => {
    const a = await member('Shahnoza');
    const b = await member('Ainura');
    const id = await connect(a, b);
    expect((await remove(b, id)).status).toBe(204);
    expect(await connectionsOf(a)).toEqual([]);
    expect(await connectionsOf(b)).toEqual([]);
    expect((await remove(a, id)).status).toBe(404);

    const c = await member('Feruza');
    const pending = await ask(a, c);
    expect((await remove(a, pending.body.id)).status).toBe(204);
    expect(await requestsOf(c, 'incoming')).toEqual([]);
    expect((await accept(c, pending.body.id)).status).toBe(404);
  });

  it('refuses requests and acceptance between a blocked pair, and a block hides an existing connection', async () => {
    const survivor = await member('Malika');
    const other = await member('Rano');
    await block(survivor, other);
    const refused = await ask(other, survivor);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'BLOCKED']);
    expect(refused.body.error.message).not.toMatch(/Malika|block(ed)? you/i);
    expect((await ask(survivor, other)).body.error.code).toBe('BLOCKED');

    // A pending request from before the block cannot be accepted, and is not shown.
    const c = await member('Dildora');
    const d = await member('Yulduz');
    const pending = await ask(c, d);
    await block(d, c);
    expect(await requestsOf(d, 'incoming')).toEqual([]);
    expect(await requestsOf(c, 'outgoing')).toEqual([]);
    const acceptance = await accept(d, pending.body.id);
    expect([acceptance.status, acceptance.body.error.code]).toEqual([403, 'BLOCKED']);

    // Connected, then blocked: neither sees the other among her connections; unblocked, they are back.
    const e = await member('Gulchehra');
    const f = await member('Barno');
    await connect(e, f);
    await block(e, f);
    expect(await connectionsOf(e)).toEqual([]);
    expect(await connectionsOf(f)).toEqual([]);
    await block(e, f, false);
    expect(await connectionsOf(f)).toEqual([e.id]);
  });

  it(`caps new requests at ${DAILY_CAP} a day with 429 RATE_LIMITED and Retry-After`, async () => {
    const busy = await member('Sevara');
    const others = await Promise.all([1, 2, 3, 4].map((i) => member(`Member ${i}`)));
    for (const other of others.slice(0, DAILY_CAP)) expect((await ask(busy, other)).status).toBe(201);
    const limited = await ask(busy, others[DAILY_CAP]);
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    expect(await requestsOf(others[DAILY_CAP], 'incoming')).toEqual([]);
  });

  it('a deleted account\'s connections and requests go with it', async () => {
    const stays = await member('Raushan');
    const leaves = await member('Togzhan');
    const other = await member('Ulbolsyn');
    await connect(stays, leaves);
    await ask(leaves, other);
    await publishEvent(platform.scope, 'identity.account.deleted.v1', { accountId: leaves.id, deletedAt: new Date().toISOString() });
    await eventually(async () => (await connectionsOf(stays)).length === 0);
    expect(await requestsOf(other, 'incoming')).toEqual([]);
    expect((await db.query('select 1 from connection where requester_id = $1 or recipient_id = $1', [leaves.id])).rowCount).toBe(0);
  });

  it('lists page by page with a cursor, newest first', async () => {
    const hub = await member('Nilufar');
    const friends = await Promise.all([1, 2, 3].map((i) => member(`Friend ${i}`)));
    for (const friend of friends) await connect(friend, hub);
    const first = await api('GET', '/api/v1/me/connections?limit=2', { token: hub.accessToken });
    expect(first.body.items.map((c: { member: { id: string } }) => c.member.id)).toEqual([friends[2].id, friends[1].id]);
    const second = await api('GET', `/api/v1/me/connections?limit=2&cursor=${first.body.nextCursor as string}`, { token: hub.accessToken });
    expect(second.body).toEqual({ items: [expect.objectContaining({ member: expect.objectContaining({ id: friends[0].id }) })], nextCursor: null });
  });

  it('a suspended member cannot send requests (the gateway refuses her), and can again once it is lifted', async () => {
    const suspended = await member('Oydin');
    const other = await member('Charos');
    const sanctionId = randomUUID();
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', {
      sanctionId, accountId: suspended.id, kind: 'suspension', guideline: 'respect', statement: 'Insulted a member.',
      startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), caseId: null,
    });
    const status = async (): Promise<string> => (await api('GET', '/api/v1/me', { token: suspended.accessToken })).body.status as string;
    await eventually(async () => (await status()) === 'suspended');
    const refused = await ask(suspended, other);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ACCOUNT_SUSPENDED']);
    expect(await requestsOf(other, 'incoming')).toEqual([]);
    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId, accountId: suspended.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    await eventually(async () => (await status()) === 'active');
    expect((await ask(suspended, other)).status).toBe(201);
  });
});

describe('the connections feed', () => {
  const blog = (who: SignedIn, title: string) =>
    api('POST', '/api/v1/blogs', { token: who.accessToken, body: { title, body: `${title}: what we learned.`, originalityAttested: true } });
  const feedOf = async (who: SignedIn, query = ''): Promise<{ items: { id: string; title: string; type: string; link: string; author: { id: string } }[]; nextCursor: string | null }> => {
    const feed = await api('GET', `/api/v1/me/feed${query}`, { token: who.accessToken });
    expect(feed.status).toBe(200);
    return feed.body;
  };

  it('shows what her connections published, newest first, page by page; not strangers\' items', async () => {
    const reader = await member('Aziza');
    const friend = await member('Mohira', 'TJ');
    const stranger = await member('Umida');
    await connect(reader, friend);
    const first = await blog(friend, 'Women in trade finance');
    const second = await blog(friend, 'Cross-border e-commerce');
    await blog(stranger, 'Not for her feed');
    expect(first.status).toBe(201);

    await eventually(async () => (await feedOf(reader)).items.length === 2);
    const page = await feedOf(reader, '?limit=1');
    expect(page.items).toEqual([{
      id: second.body.id, type: 'blog', title: 'Cross-border e-commerce', link: `/blogs/${second.body.id as string}`,
      author: { id: friend.id, displayName: 'Mohira', country: 'TJ', verified: false }, publishedAt: expect.any(String),
    }]);
    const next = await feedOf(reader, `?limit=1&cursor=${page.nextCursor as string}`);
    expect(next.items.map((i) => i.id)).toEqual([first.body.id]);
    expect(next.nextCursor).toBeNull();
    expect((await feedOf(stranger)).items).toEqual([]);
    // Her own items are not her feed.
    expect((await feedOf(friend)).items).toEqual([]);
  });

  it('leaves out a blocked member\'s items and items moderation hid, until restored', async () => {
    const reader = await member('Shirin');
    const friend = await member('Zulfiya');
    await connect(reader, friend);
    const item = await blog(friend, 'Microfinance in the Ferghana valley');
    await eventually(async () => (await feedOf(reader)).items.length === 1);
    expect((await feedOf(reader)).items.map((i) => i.id)).toEqual([item.body.id]);

    // What the reports module's visibility consumer calls for content types.
    const community = platform.community;
    if (!community) throw new Error('community is not running');
    const setVisibility = (visibility: 'hidden' | 'visible') =>
      community.get(EntityManager).fork().transactional((em) => community.get(FeedService).setVisibility(em, 'blog', item.body.id as string, visibility));
    await setVisibility('hidden');
    expect((await feedOf(reader)).items).toEqual([]);
    await setVisibility('visible');
    expect((await feedOf(reader)).items.map((i) => i.id)).toEqual([item.body.id]);

    await block(reader, friend);
    expect((await feedOf(reader)).items).toEqual([]);
  });

  it('follows her connection\'s edits, unpublishing and deletion, and a late event does not bring a withdrawn item back', async () => {
    const reader = await member('Nodira');
    const friend = await member('Malika', 'UZ');
    await connect(reader, friend);
    const kept = (await blog(friend, 'Seed funds for women farmers')).body.id as string;
    const deleted = (await blog(friend, 'A draft of my family story')).body.id as string;
    const titles = async () => (await feedOf(reader)).items.map((i) => [i.id, i.title]);
    await eventually(async () => (await titles()).length === 2);

    expect((await api('PATCH', `/api/v1/blogs/${kept}`, { token: friend.accessToken, body: { title: 'Seed grants for women farmers' } })).status).toBe(200);
    await eventually(async () => (await titles()).some(([, title]) => title === 'Seed grants for women farmers'));
    expect((await api('DELETE', `/api/v1/blogs/${deleted}`, { token: friend.accessToken })).status).toBe(204);
    await eventually(async () => (await titles()).length === 1);
    expect(await titles()).toEqual([[kept, 'Seed grants for women farmers']]);
    // Her deleted title is not kept in community either: only a marker that the item is gone.
    expect((await db.query('select title, link from feed_item where item_id = $1', [deleted])).rows).toEqual([{ title: '', link: '' }]);

    expect((await api('POST', `/api/v1/blogs/${kept}/unpublish`, { token: friend.accessToken })).status).toBe(200);
    await eventually(async () => (await titles()).length === 0);
    // The same item published again is back, under its newest title.
    expect((await api('POST', `/api/v1/blogs/${kept}/publish`, { token: friend.accessToken, body: { originalityAttested: true } })).status).toBe(200);
    await eventually(async () => (await titles()).length === 1);
    expect(await titles()).toEqual([[kept, 'Seed grants for women farmers']]);

    // Events of the deleted item from before its deletion, delivered late (or again), change nothing.
    const { rows } = await db.query<{ changed_at: Date }>('select changed_at from feed_item where item_id = $1', [deleted]);
    const before = new Date(rows[0].changed_at.getTime() - 1000).toISOString();
    const base = { itemId: deleted, type: 'blog' as const, authorId: friend.id, title: 'A draft of my family story', language: 'en', publishedAt: before };
    const late = [
      await publishEvent(platform.scope, 'content.item.updated.v1', { ...base, changedAt: before }),
      await publishEvent(platform.scope, 'content.item.published.v1', base),
      // And a withdrawal older than her publishing again does not take the live item out.
      await publishEvent(platform.scope, 'content.item.withdrawn.v1', { itemId: kept, type: 'blog', authorId: friend.id, reason: 'deleted', changedAt: before }),
    ];
    await eventually(async () => (await db.query('select 1 from inbox_entry where event_id = any($1)', [late])).rowCount === late.length, 10_000);
    expect(await titles()).toEqual([[kept, 'Seed grants for women farmers']]);
    expect((await db.query('select title from feed_item where item_id = $1', [deleted])).rows).toEqual([{ title: '' }]);
  });
});
