/**
 * Muting through the gateway, against the real NATS and PostgreSQL: she hides a member from her feed
 * and her notifications without blocking her. The muted member can still write to her and connect,
 * and nothing she can read says she was muted.
 */
import { Client } from 'pg';
import { eventually } from '@weop/testing';
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

beforeAll(async () => {
  platform = await startPlatform('community-mutes', {}, {}, { community: true, content: true });
  api = client(platform.baseUrl);
  the = given(api);
  db = await platform.db('community');
}, 90_000);

afterAll(async () => {
  await platform?.close();
});

const member = async (displayName: string): Promise<SignedIn> => {
  const m = await the.member({ displayName });
  await eventually(async () => ((await db.query('select 1 from member where account_id = $1 and display_name = $2', [m.id, displayName])).rowCount ? true : undefined), 10_000);
  return m;
};
const connect = async (a: SignedIn, b: SignedIn): Promise<void> => {
  const asked = await api('POST', '/api/v1/connections', { token: a.accessToken, body: { memberId: b.id } });
  expect(asked.status).toBe(201);
  expect((await api('POST', `/api/v1/connections/${asked.body.id}/accept`, { token: b.accessToken })).status).toBe(200);
};
const blog = async (who: SignedIn, title: string): Promise<string> => {
  const created = await api('POST', '/api/v1/blogs', { token: who.accessToken, body: { title, body: `${title}: notes.`, originalityAttested: true } });
  expect(created.status).toBe(201);
  return created.body.id as string;
};
const feedIds = async (who: SignedIn): Promise<string[]> => {
  const feed = await api('GET', '/api/v1/me/feed?limit=50', { token: who.accessToken });
  expect(feed.status).toBe(200);
  return (feed.body.items as { id: string }[]).map((i) => i.id);
};
const inbox = async (who: SignedIn): Promise<{ kind: string; text: string }[]> => (await api('GET', '/api/v1/me/notifications?limit=50', { token: who.accessToken })).body.items;
const mutes = async (who: SignedIn): Promise<string[]> => (await api('GET', '/api/v1/me/mutes', { token: who.accessToken })).body.items.map((m: { member: { id: string } }) => m.member.id);

describe('muting', () => {
  it('hides her from the feed and the inbox, lets her still write, tells her nothing, and comes undone', async () => {
    const reader = await member('Aziza');
    const loud = await member('Kamila');
    const friend = await member('Nodira');
    await connect(loud, reader);
    await connect(friend, reader);
    const before = await blog(loud, 'Before the mute');
    await eventually(async () => (await feedIds(reader)).includes(before));

    const muted = await api('POST', '/api/v1/mutes', { token: reader.accessToken, body: { memberId: loud.id } });
    expect(muted.status).toBe(201);
    expect(muted.body).toEqual({ member: { id: loud.id, displayName: 'Kamila', country: 'UZ', verified: false }, mutedAt: expect.any(String) });
    // Muting again is the same mute.
    expect((await api('POST', '/api/v1/mutes', { token: reader.accessToken, body: { memberId: loud.id } })).body.mutedAt).toBe(muted.body.mutedAt);
    expect(await mutes(reader)).toEqual([loud.id]);

    // Her posts leave the feed, new ones never enter it; a friend's post published after them does.
    expect(await feedIds(reader)).not.toContain(before);
    const during = await blog(loud, 'During the mute');
    const friends = await blog(friend, 'From a friend');
    await eventually(async () => (await feedIds(reader)).includes(friends));
    expect(await feedIds(reader)).not.toContain(during);

    // What she does no longer notifies the reader; what the friend does still does.
    const own = await blog(reader, 'My own post');
    expect((await api('POST', `/api/v1/blogs/${own}/comments`, { token: loud.accessToken, body: { body: 'Great post!' } })).status).toBe(201);
    expect((await api('POST', `/api/v1/blogs/${own}/comments`, { token: friend.accessToken, body: { body: 'Thank you for this.' } })).status).toBe(201);
    await eventually(async () => (await inbox(reader)).some((n) => n.kind === 'content.comment' && n.text.startsWith('Nodira')));
    // Of hers, only what came before the mute: her connection request.
    const fromHer = await db.query('select kind from notification where recipient_id = $1 and actor_id = $2', [reader.id, loud.id]);
    expect(fromHer.rows.map((r) => r.kind)).toEqual(['connection.request']);

    // She is not blocked: she can still write to the reader (no notification for it), and is told nothing.
    const message = await api('POST', '/api/v1/conversations', { token: loud.accessToken, body: { memberIds: [reader.id], text: 'Salem! Coffee next week?' } });
    expect(message.status).toBe(201);
    expect((await inbox(reader)).filter((n) => n.kind.startsWith('message.'))).toEqual([]);
    expect(await mutes(loud)).toEqual([]);
    expect(JSON.stringify(await inbox(loud))).not.toMatch(/mute/i);

    // Her export says whom she muted; the muted member's says nothing of it.
    const mine = await api('GET', '/api/v1/me/export', { token: reader.accessToken });
    expect(mine.body.services.community.mutes).toEqual([{ memberId: loud.id, mutedAt: muted.body.mutedAt }]);
    const theirs = await api('GET', '/api/v1/me/export', { token: loud.accessToken });
    expect(theirs.body.services.community.mutes).toEqual([]);
    expect(theirs.body.services.community.messagesWritten).toEqual([expect.objectContaining({ conversationId: message.body.id, text: 'Salem! Coffee next week?' })]);

    // Unmuting brings her posts back.
    expect((await api('DELETE', `/api/v1/mutes/${loud.id}`, { token: reader.accessToken })).status).toBe(204);
    expect((await api('DELETE', `/api/v1/mutes/${loud.id}`, { token: reader.accessToken })).status).toBe(404);
    expect(await feedIds(reader)).toEqual(expect.arrayContaining([before, during]));
  });

  it('refuses herself, an unknown member and unknown fields, storing nothing', async () => {
    const reader = await member('Saule');
    const self = await api('POST', '/api/v1/mutes', { token: reader.accessToken, body: { memberId: reader.id } });
    expect({ status: self.status, code: self.body.error.code }).toEqual({ status: 422, code: 'CANNOT_MUTE_SELF' });
    const shouting = await api('POST', '/api/v1/mutes', { token: reader.accessToken, body: { memberId: reader.id.toUpperCase() } });
    expect({ status: shouting.status, code: shouting.body.error.code }).toEqual({ status: 422, code: 'CANNOT_MUTE_SELF' });
    const unknown = await api('POST', '/api/v1/mutes', { token: reader.accessToken, body: { memberId: '00000000-0000-4000-8000-000000000000' } });
    expect({ status: unknown.status, code: unknown.body.error.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    const extra = await api('POST', '/api/v1/mutes', { token: reader.accessToken, body: { memberId: reader.id, forever: true } });
    expect(extra.status).toBe(400);
    const bad = await api('POST', '/api/v1/mutes', { token: reader.accessToken, body: { memberId: 'someone' } });
    expect({ status: bad.status, details: bad.body.error.details }).toEqual({ status: 400, details: [{ field: 'memberId', problem: 'must be a UUID' }] });
    expect((await db.query('select 1 from mute where muter_id = $1', [reader.id])).rowCount).toBe(0);
  });
});
