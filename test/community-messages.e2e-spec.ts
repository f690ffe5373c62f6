/**
 * Direct messages through the gateway, against the real NATS and PostgreSQL: message requests from
 * members who are not her connections, what the sender never learns (read, accepted, deleted), refusals
 * that store nothing, floods, unread counts, attachments only between members who accepted, the
 * detectors on first messages, and sanctions closing and reopening conversations.
 */
import { randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import sharp from 'sharp';
import { AccountDeletedV1, CommunityReportFiledV1, SanctionImposedV1, SanctionLiftedV1 } from '@weop/contracts';
import { eventually } from '@weop/testing';
import { publishEvent, readEvents } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Answer, Api } from './support/http';
import { block as blockThroughIdentity, unblock as unblockThroughIdentity } from './support/blocks';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';
import { AttachmentsService } from '../apps/community/src/conversations/attachments.service';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let db: Client;

beforeAll(async () => {
  platform = await startPlatform('community-messages', {}, {}, {
    community: true,
    communityEnv: { FIRST_CONTACTS_PER_DAY: '3', MESSAGES_PER_MINUTE: '12', MESSAGE_MAX_CHARS: '500', CONVERSATION_MAX_MEMBERS: '4' },
  });
  api = client(platform.baseUrl);
  the = given(api);
  db = await platform.db('community');
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

/** A member community already knows (her name arrives with identity's profile event). */
const member = async (displayName = 'Aigerim'): Promise<SignedIn> => {
  const m = await the.member({ displayName });
  await eventually(async () => ((await db.query('select 1 from member where account_id = $1 and display_name is not null', [m.id])).rowCount ? true : undefined), 5000);
  return m;
};

/** She blocks another, through identity, and community has applied it. */
const block = (blocker: SignedIn, blocked: SignedIn) => blockThroughIdentity(platform, blocker, blocked);
const unblock = (blocker: SignedIn, blocked: SignedIn) => unblockThroughIdentity(platform, blocker, blocked);

const start = (from: SignedIn, to: SignedIn[], text = 'Salem! I read your post on women-led cooperatives.') =>
  api('POST', '/api/v1/conversations', { token: from.accessToken, body: { memberIds: to.map((m) => m.id), text } });
const send = (from: SignedIn, id: string, text: string, attachmentIds?: string[]) =>
  api('POST', `/api/v1/conversations/${id}/messages`, { token: from.accessToken, body: { text, ...(attachmentIds ? { attachmentIds } : {}) } });
const folder = async (m: SignedIn, name: 'inbox' | 'requests') => {
  const answer = await api('GET', `/api/v1/me/conversations?folder=${name}`, { token: m.accessToken });
  expect(answer.status).toBe(200);
  return answer.body.items as { id: string; folder: string; unreadCount: number; closed: boolean; members: { id: string; displayName: string }[]; lastMessage: { text: string } | null; updatedAt: string }[];
};
const messagesOf = async (m: SignedIn, id: string) => {
  const answer = await api('GET', `/api/v1/conversations/${id}/messages`, { token: m.accessToken });
  expect(answer.status).toBe(200);
  return answer.body.items as { id: string; kind: string; text: string | null; status: string; safetyNotice?: string; author: { id: string } | null; attachments: { id: string }[] }[];
};
/** Everything community stores that a sender could have written. */
const storedBy = async (m: SignedIn) => {
  const { rows } = await db.query(
    `select (select count(*) from conversation where starter_id = $1)::int as conversations,
            (select count(*) from direct_message where author_id = $1)::int as messages,
            (select count(*) from notification where actor_id = $1)::int as notifications`,
    [m.id],
  );
  return rows[0] as { conversations: number; messages: number; notifications: number };
};
const errorOf = (a: Answer) => ({ status: a.status, code: a.body?.error?.code as string });
const upload = async (m: SignedIn, id: string, bytes: Buffer, filename: string, type: string): Promise<Answer> => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const response = await fetch(`${platform.baseUrl}/api/v1/conversations/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${m.accessToken}` }, body: form });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
};

describe('message requests', () => {
  it('puts a first message from a non-connection in her requests, and tells the sender nothing of what she does with it', async () => {
    const sender = await member('Dilnoza');
    const her = await member('Aigerim');
    const started = await start(sender, [her]);
    expect(started.status).toBe(201);
    const id = started.body.id as string;

    expect((await folder(her, 'inbox')).map((c) => c.id)).not.toContain(id);
    const request = (await folder(her, 'requests')).find((c) => c.id === id)!;
    expect(request).toMatchObject({ folder: 'requests', unreadCount: 1, closed: false, members: [{ id: sender.id, displayName: 'Dilnoza' }], lastMessage: { text: 'Salem! I read your post on women-led cooperatives.' } });
    // The sender sees her own conversation in her inbox, nothing unread.
    expect((await folder(sender, 'inbox')).find((c) => c.id === id)).toMatchObject({ unreadCount: 0, members: [{ id: her.id, displayName: 'Aigerim' }] });

    const senderSees = async () => ({ list: (await folder(sender, 'inbox')).find((c) => c.id === id), messages: await messagesOf(sender, id) });
    const before = await senderSees();
    // She reads it, marks it read: her unread count drops; the sender's view does not change (no read receipts).
    expect((await messagesOf(her, id))[0]).toMatchObject({ kind: 'text', text: 'Salem! I read your post on women-led cooperatives.', author: { id: sender.id } });
    expect((await api('POST', `/api/v1/conversations/${id}/read`, { token: her.accessToken, body: {} })).status).toBe(204);
    expect((await folder(her, 'requests')).find((c) => c.id === id)?.unreadCount).toBe(0);
    expect(await senderSees()).toEqual(before);

    // Accepting moves it to her inbox; still nothing for the sender to see.
    expect((await api('POST', `/api/v1/conversations/${id}/accept`, { token: her.accessToken })).status).toBe(204);
    expect((await folder(her, 'requests')).map((c) => c.id)).not.toContain(id);
    expect((await folder(her, 'inbox')).map((c) => c.id)).toContain(id);
    expect(await senderSees()).toEqual(before);
    // She was told of the request, in neutral words; the sender was told nothing.
    const told = await db.query('select kind, text from notification where recipient_id = $1', [her.id]);
    expect(told.rows).toEqual([{ kind: 'message.request', text: 'Dilnoza sent you a message request.' }]);
    expect((await db.query('select 1 from notification where recipient_id = $1', [sender.id])).rowCount).toBe(0);
  });

  it('puts a first message from one of her connections straight in her inbox, and tells her in the inbox', async () => {
    const friend = await member('Nodira');
    const her = await member('Aigerim');
    const asked = await api('POST', '/api/v1/connections', { token: friend.accessToken, body: { memberId: her.id } });
    expect(asked.status).toBe(201);
    expect((await api('POST', `/api/v1/connections/${asked.body.id}/accept`, { token: her.accessToken })).status).toBe(200);
    const id = (await start(friend, [her])).body.id as string;
    expect((await folder(her, 'inbox')).find((c) => c.id === id)).toMatchObject({ folder: 'inbox', unreadCount: 1 });
    expect((await folder(her, 'requests')).map((c) => c.id)).not.toContain(id);
    const told = await db.query('select kind from notification where recipient_id = $1 and actor_id = $2', [her.id, friend.id]);
    expect(told.rows.map((r) => r.kind)).toEqual(['connection.request', 'message.received']);
  });

  it('lets her delete a request: gone for her, the sender still writes as before, and a new first contact is a request again', async () => {
    const sender = await member('Madina');
    const her = await member('Nodira');
    const id = (await start(sender, [her])).body.id as string;
    expect((await api('DELETE', `/api/v1/conversations/${id}`, { token: her.accessToken })).status).toBe(204);
    expect((await folder(her, 'requests')).map((c) => c.id)).not.toContain(id);
    expect((await api('GET', `/api/v1/conversations/${id}/messages`, { token: her.accessToken })).status).toBe(404);

    // The sender cannot tell: her message is taken as always, and her view still names both.
    expect((await send(sender, id, 'Did you get my message?')).status).toBe(201);
    expect((await folder(sender, 'inbox')).find((c) => c.id === id)?.members.map((m) => m.id)).toEqual([her.id]);
    expect((await folder(her, 'requests')).map((c) => c.id)).not.toContain(id);

    // Writing to her again opens a new request (counted as a first contact).
    const again = await start(sender, [her], 'Sorry to write again.');
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(id);
    expect((await folder(her, 'requests')).map((c) => c.id)).toEqual([again.body.id]);
    expect((await db.query('select count(*)::int as n from conversation where starter_id = $1 and opened_as_request', [sender.id])).rows[0].n).toBe(2);
  });

  it('opens a new conversation each time, so the answer never shows what she did with the earlier one; a reply accepts a request', async () => {
    const a = await member();
    const b = await member();
    const first = (await start(a, [b])).body.id as string;
    const second = (await start(a, [b], 'One more thing.')).body.id as string;
    expect(second).not.toBe(first);
    expect((await folder(b, 'requests')).map((c) => c.id).sort()).toEqual([first, second].sort());
    expect((await send(b, first, 'Hello! Happy to talk.')).status).toBe(201);
    expect((await folder(b, 'inbox')).map((c) => c.id)).toEqual([first]);
    expect((await messagesOf(a, first)).map((m) => m.text)).toEqual(['Hello! Happy to talk.', 'Salem! I read your post on women-led cooperatives.']);
  });

  it('shows a conversation only to its members', async () => {
    const a = await member();
    const b = await member();
    const stranger = await member();
    const id = (await start(a, [b])).body.id as string;
    for (const [method, path, body] of [
      ['GET', `/api/v1/conversations/${id}/messages`, undefined],
      ['POST', `/api/v1/conversations/${id}/messages`, { text: 'Hi' }],
      ['POST', `/api/v1/conversations/${id}/accept`, undefined],
      ['POST', `/api/v1/conversations/${id}/read`, {}],
      ['DELETE', `/api/v1/conversations/${id}`, undefined],
    ] as const) {
      expect(errorOf(await api(method, path, { token: stranger.accessToken, ...(body ? { body } : {}) }))).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
    expect((await db.query('select count(*)::int as n from direct_message where conversation_id = $1', [id])).rows[0].n).toBe(1);
  });

  it('makes a small group, each member who is not a connection getting it as a request, up to the size limit', async () => {
    const a = await member();
    const [b, c, d, e] = [await member(), await member(), await member(), await member()];
    const group = await start(a, [b, c, d], 'Shall we plan the Almaty meetup together?');
    expect(group.status).toBe(201);
    for (const m of [b, c, d]) expect((await folder(m, 'requests')).find((x) => x.id === group.body.id)?.members.map((x) => x.id).sort()).toEqual([a.id, b.id, c.id, d.id].filter((x) => x !== m.id).sort());
    expect(errorOf(await start(a, [b, c, d, e]))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('refusals store nothing', () => {
  it('refuses herself, unknown members, empty or long text, and says which field', async () => {
    const a = await member();
    const b = await member();
    const self = await start(a, [a]);
    expect(errorOf(self)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(self.body.error.details).toEqual([{ field: 'memberIds', problem: 'must not include yourself' }]);
    const unknown = randomUUID();
    const missing = await start(a, [b, { id: unknown } as SignedIn]);
    expect(errorOf(missing)).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(JSON.stringify(missing.body)).not.toContain(unknown);
    expect(JSON.stringify(missing.body)).not.toContain(b.id);
    const blank = await start(a, [b], ' \n\t ');
    expect({ ...errorOf(blank), details: blank.body.error.details }).toEqual({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'text', problem: 'must not be empty' }] });
    const long = await start(a, [b], 'x'.repeat(501));
    expect({ ...errorOf(long), details: long.body.error.details }).toEqual({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'text', problem: 'must be at most 500 characters' }] });
    expect(errorOf(await api('POST', '/api/v1/conversations', { token: a.accessToken, body: { memberIds: [b.id], text: 'Hi', extra: 1 } }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await storedBy(a)).toEqual({ conversations: 0, messages: 0, notifications: 0 });
  });

  it('refuses a blocked member either way with 403 BLOCKED in a new conversation; the one they had answers 404', async () => {
    const a = await member();
    const b = await member();
    const c = await member();
    const id = (await start(a, [c])).body.id as string;
    await block(b, a);
    await block(c, a);
    await eventually(async () => ((await db.query('select count(*)::int as n from block_projection where blocked_id = $1 and active', [a.id])).rows[0].n === 2 ? true : undefined), 5000);
    // She who was blocked cannot write; nor can she who blocked (either way).
    const refused = await start(a, [b]);
    expect(errorOf(refused)).toEqual({ status: 403, code: 'BLOCKED' });
    expect(refused.body.error.message).toBe('You cannot interact with this member.');
    expect(errorOf(await start(b, [a]))).toEqual({ status: 403, code: 'BLOCKED' });
    // The conversation they had is gone for both, in the words used for anyone not in it.
    expect(errorOf(await send(a, id, 'Why do you not answer?'))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await storedBy(a)).toEqual({ conversations: 1, messages: 1, notifications: 1 });
    expect(await storedBy(b)).toEqual({ conversations: 0, messages: 0, notifications: 0 });
    // A request from a member she blocked is no longer in her requests.
    expect((await folder(c, 'requests')).map((x) => x.id)).not.toContain(id);
    // A third member cannot seat her beside someone she blocked: refused, nothing stored.
    const host = await member();
    expect(errorOf(await start(host, [c, a]))).toEqual({ status: 403, code: 'BLOCKED' });
    expect(await storedBy(host)).toEqual({ conversations: 0, messages: 0, notifications: 0 });
    // Her own id in capitals is still herself; a member named twice is refused.
    expect(errorOf(await start(c, [{ ...c, id: c.id.toUpperCase() }]))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(errorOf(await start(host, [b, b]))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('limits first contacts per day and messages per minute with 429 and Retry-After, storing nothing', async () => {
    const flooder = await member();
    const targets = [await member(), await member(), await member(), await member()];
    for (const t of targets.slice(0, 3)) expect((await start(flooder, [t])).status).toBe(201);
    const fourth = await start(flooder, [targets[3]]);
    expect(errorOf(fourth)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(86_000);
    expect((await folder(targets[3], 'requests')).length).toBe(0);
    expect((await storedBy(flooder)).conversations).toBe(3);
    // Counted per member reached: a fresh sender's group request to three strangers uses the day's three.
    const groupFlooder = await member();
    expect((await start(groupFlooder, targets.slice(0, 3))).status).toBe(201);
    expect(errorOf(await start(groupFlooder, [targets[3]]))).toEqual({ status: 429, code: 'RATE_LIMITED' });

    // Messages: 12 a minute across conversations (the three first messages count).
    const id = (await folder(flooder, 'inbox'))[0].id;
    for (let n = 0; n < 9; n++) expect((await send(flooder, id, `Message ${n}`)).status).toBe(201);
    const flood = await send(flooder, id, 'One too many');
    expect(errorOf(flood)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(flood.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await storedBy(flooder)).messages).toBe(12);
  });
});

describe('unread counts', () => {
  it('counts what others wrote since she last read, up to the message she names', async () => {
    const a = await member();
    const b = await member();
    const id = (await start(a, [b], 'One')).body.id as string;
    await send(a, id, 'Two');
    await send(a, id, 'Three');
    const unread = async () => (await folder(b, 'requests')).find((c) => c.id === id)?.unreadCount;
    expect(await unread()).toBe(3);
    const [three, two] = await messagesOf(b, id);
    expect(three.text).toBe('Three');
    expect((await api('POST', `/api/v1/conversations/${id}/read`, { token: b.accessToken, body: { upTo: two.id } })).status).toBe(204);
    expect(await unread()).toBe(1);
    // Her mark never moves back.
    const [, , one] = await messagesOf(b, id);
    await api('POST', `/api/v1/conversations/${id}/read`, { token: b.accessToken, body: { upTo: one.id } });
    expect(await unread()).toBe(1);
    await api('POST', `/api/v1/conversations/${id}/read`, { token: b.accessToken, body: {} });
    expect(await unread()).toBe(0);
    expect((await api('POST', `/api/v1/conversations/${id}/read`, { token: b.accessToken, body: { upTo: randomUUID() } })).status).toBe(404);
  });
});

describe('attachments', () => {
  const photoWithLocation = () =>
    sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 200, g: 40, b: 90 } } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Her home, Almaty', ImageDescription: 'GPS 43.2389 76.8897' } })
      .toBuffer();

  it('refuses files until the other has written in the conversation (her accepting is not shown), then lets members share photos without their metadata, sealed at rest', async () => {
    const a = await member();
    const b = await member();
    const stranger = await member();
    const id = (await start(a, [b])).body.id as string;
    const photo = await photoWithLocation();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    expect(errorOf(await upload(a, id, photo, 'me.jpg', 'image/jpeg'))).toEqual({ status: 403, code: 'CONVERSATION_NOT_ACCEPTED' });
    expect(errorOf(await upload(stranger, id, photo, 'me.jpg', 'image/jpeg'))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect((await db.query('select count(*)::int as n from message_attachment where conversation_id = $1', [id])).rows[0].n).toBe(0);

    // She, with the request still waiting, shares nothing either.
    expect(errorOf(await upload(b, id, photo, 'me.jpg', 'image/jpeg'))).toEqual({ status: 403, code: 'CONVERSATION_NOT_ACCEPTED' });
    // Her silent accepting changes nothing the sender sees: the same answer, word for word.
    const waiting = await upload(a, id, photo, 'me.jpg', 'image/jpeg');
    expect((await api('POST', `/api/v1/conversations/${id}/accept`, { token: b.accessToken })).status).toBe(204);
    const accepted = await upload(a, id, photo, 'me.jpg', 'image/jpeg');
    expect({ status: accepted.status, error: accepted.body.error }).toEqual({ status: waiting.status, error: waiting.body.error });
    // Once she writes, both may share files.
    expect((await send(b, id, 'Thanks! Could you send the photo?')).status).toBe(201);
    expect(errorOf(await upload(a, id, Buffer.from('#!/bin/sh\nrm -rf /\n'), 'photo.jpg', 'image/jpeg'))).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const uploaded = await upload(a, id, photo, '../../etc/My photo.jpg', 'image/jpeg');
    expect(uploaded.status).toBe(201);
    // No path: a name safe to show and to put in a header.
    expect(uploaded.body).toMatchObject({ filename: 'My photo.jpg', contentType: 'image/jpeg' });
    const attachmentId = uploaded.body.id as string;
    // Not hers until it is sent: the other member cannot fetch it yet.
    expect((await api('GET', `/api/v1/conversations/${id}/attachments/${attachmentId}`, { token: b.accessToken })).status).toBe(404);
    // Only her own uploads, in this conversation, can go with her message.
    expect((await send(b, id, 'Stealing it', [attachmentId])).status).toBe(404);
    expect((await send(a, id, 'Here is the photo from the workshop', [attachmentId])).status).toBe(201);

    const [sent] = await messagesOf(b, id);
    expect(sent.attachments).toEqual([{ id: attachmentId, filename: 'My photo.jpg', contentType: 'image/jpeg', size: expect.any(Number) }]);
    const download = await fetch(`${platform.baseUrl}/api/v1/conversations/${id}/attachments/${attachmentId}`, { headers: { authorization: `Bearer ${b.accessToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    const received = Buffer.from(await download.arrayBuffer());
    const meta = await sharp(received).metadata();
    expect({ format: meta.format, width: meta.width, exif: meta.exif }).toEqual({ format: 'jpeg', width: 16, exif: undefined });
    expect(received.includes(Buffer.from('Almaty'))).toBe(false);
    expect((await api('GET', `/api/v1/conversations/${id}/attachments/${attachmentId}`, { token: stranger.accessToken })).status).toBe(404);

    // At rest the file is sealed: no JPEG marker, no trace of the photo's text.
    const dir = join(platform.storageDir, 'community');
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile() && f.name === attachmentId);
    expect(files).toHaveLength(1);
    const stored = await readFile(join(files[0].parentPath, files[0].name));
    expect(stored.subarray(0, 4).toString('latin1')).toBe('WEB1');
    expect(stored.includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);

    // An upload never sent is deleted once it is older than ATTACHMENT_UNSENT_TTL_MINUTES; sent ones stay.
    const unsent = (await upload(a, id, photo, 'second.jpg', 'image/jpeg')).body.id as string;
    expect((await api('GET', `/api/v1/conversations/${id}/attachments/${unsent}`, { token: a.accessToken })).status).toBe(200);
    expect(await platform.community!.get(AttachmentsService).purgeUnsent(new Date(Date.now() + 2 * 3_600_000))).toBe(1);
    expect((await api('GET', `/api/v1/conversations/${id}/attachments/${unsent}`, { token: a.accessToken })).status).toBe(404);
    expect((await readdir(dir, { recursive: true })).map(String).some((f) => f.endsWith(unsent))).toBe(false);
    expect((await api('GET', `/api/v1/conversations/${id}/attachments/${attachmentId}`, { token: b.accessToken })).status).toBe(200);
  });
});

describe('detectors on messages into a request', () => {
  const systemReportsOn = async (messageId: string) =>
    (await readEvents(platform.scope, CommunityReportFiledV1.subject)).map((e) => e.payload).filter((p) => p.subjectId === messageId);

  it('warns her of a request to pay and reports it to moderators, without telling the sender', async () => {
    const scammer = await member('Recruiter');
    const her = await member();
    const id = (await start(scammer, [her], 'Hello dear! We have a well-paid job for you in Dubai. You only need to pay a registration fee of $50 to start.')).body.id as string;
    const [first] = await messagesOf(her, id);
    expect(first.safetyNotice).toMatch(/may be a scam/);
    expect((await messagesOf(scammer, id))[0].safetyNotice).toBeUndefined();
    const reports = await eventually(async () => {
      const found = await systemReportsOn(first.id);
      return found.length ? found : undefined;
    }, 5000);
    expect(reports).toEqual([
      expect.objectContaining({ subjectType: 'message', reporterId: null, guideline: 'no-scams', signals: [expect.objectContaining({ detector: 'job-scam', code: 'fee-to-apply' })], snapshot: expect.objectContaining({ authorId: scammer.id, authorName: 'Recruiter' }) }),
    ]);
  });

  it("reports someone's phone number in a first message with the value masked", async () => {
    const a = await member();
    const her = await member();
    const id = (await start(a, [her], 'I know where your sister lives. Call her at +7 701 123 45 67 and tell her.')).body.id as string;
    const [first] = await messagesOf(her, id);
    expect(first.safetyNotice).toMatch(/personal details/);
    const [report] = await eventually(async () => {
      const found = await systemReportsOn(first.id);
      return found.length ? found : undefined;
    }, 5000);
    expect(report).toMatchObject({ guideline: 'privacy', reporterId: null, signals: [expect.objectContaining({ detector: 'doxxing', code: 'phone-number' })] });
    expect(report.signals[0].detail).not.toContain('701 123');
  });

  it("reads a stranger's later messages too, while the conversation is still a request for her", async () => {
    const a = await member('Recruiter');
    const b = await member();
    const id = (await start(a, [b], 'Hello, nice to meet you at the forum.')).body.id as string;
    expect((await send(a, id, 'For the training you must pay a registration fee of $30.')).status).toBe(201);
    const [second, first] = await messagesOf(b, id);
    expect(first.safetyNotice).toBeUndefined();
    expect(second.safetyNotice).toMatch(/may be a scam/);
    expect((await messagesOf(a, id))[0].safetyNotice).toBeUndefined();
    const [report] = await eventually(async () => {
      const found = await systemReportsOn(second.id);
      return found.length ? found : undefined;
    }, 5000);
    expect(report).toMatchObject({ subjectType: 'message', reporterId: null, guideline: 'no-scams', snapshot: expect.objectContaining({ authorId: a.id, authorName: 'Recruiter' }) });
  });

  it('stops reading once she accepted the request', async () => {
    const a = await member();
    const b = await member();
    const id = (await start(a, [b], 'Hello, nice to meet you at the forum.')).body.id as string;
    await api('POST', `/api/v1/conversations/${id}/accept`, { token: b.accessToken });
    expect((await send(a, id, 'For the training you must pay a registration fee of $30.')).status).toBe(201);
    const [later] = await messagesOf(b, id);
    expect(later.safetyNotice).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await systemReportsOn(later.id)).toEqual([]);
  });
});

describe('pages', () => {
  it('answers 20 messages by default, as every list does, and the rest behind the cursor', async () => {
    const a = await member();
    const b = await member();
    const id = (await start(a, [b], 'Message 0')).body.id as string;
    // Written straight into the database: the per-minute limit would stop the 24 others through the API.
    await db.query(
      `insert into direct_message (id, conversation_id, author_id, kind, body, created_at)
       select gen_random_uuid(), $1, $2, 'text', 'Message ' || g, now() from generate_series(1, 24) g`,
      [id, a.id],
    );
    const first = await api('GET', `/api/v1/conversations/${id}/messages`, { token: b.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(20);
    const rest = await api('GET', `/api/v1/conversations/${id}/messages?cursor=${encodeURIComponent(first.body.nextCursor as string)}`, { token: b.accessToken });
    expect(rest.body.items).toHaveLength(5);
    expect(rest.body.nextCursor).toBeNull();
  });
});

describe('notifications of replies', () => {
  const told = async (m: SignedIn) =>
    (await db.query<{ id: string; kind: string; text: string; link: string; read: boolean }>(
      'select id, kind, text, link, read_at is not null as read from notification where recipient_id = $1 order by created_at, id', [m.id],
    )).rows;

  it('tells the others of a reply, one unread line per conversation, and nothing more while it is still her request', async () => {
    const sender = await member('Dilnoza');
    const her = await member('Aigerim');
    const id = (await start(sender, [her], 'Salem!')).body.id as string;
    const link = `/conversations/${id}`;
    // A stranger writing again into her request adds nothing to her inbox: the request folder shows it.
    expect((await send(sender, id, 'Are you there?')).status).toBe(201);
    expect(await told(her)).toEqual([expect.objectContaining({ kind: 'message.request', link })]);

    // Her reply tells the sender, once, however many follow while that line is unread.
    expect((await send(her, id, 'Yes, hello!')).status).toBe(201);
    expect((await send(her, id, 'How are you?')).status).toBe(201);
    const lines = await told(sender);
    expect(lines).toEqual([{ id: expect.any(String), kind: 'message.received', text: 'Aigerim sent you a message.', link, read: false }]);
    expect((await api('POST', '/api/v1/me/notifications/read', { token: sender.accessToken, body: { ids: [lines[0].id] } })).status).toBe(204);
    expect((await send(her, id, 'Still there?')).status).toBe(201);
    expect((await told(sender)).map((n) => [n.kind, n.read])).toEqual([['message.received', true], ['message.received', false]]);

    // Now that she accepted it, the sender's messages reach her inbox too.
    expect((await send(sender, id, 'Sorry, I was away.')).status).toBe(201);
    expect((await told(her)).map((n) => n.kind)).toEqual(['message.request', 'message.received']);

    // A member she muted no longer notifies her.
    expect((await api('POST', '/api/v1/mutes', { token: sender.accessToken, body: { memberId: her.id } })).status).toBe(201);
    await api('POST', '/api/v1/me/notifications/read-all', { token: sender.accessToken });
    expect((await send(her, id, 'Hello?')).status).toBe(201);
    expect((await told(sender)).filter((n) => !n.read)).toEqual([]);
  });
});

describe('blocks inside conversations', () => {
  const photo = () => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 10, g: 120, b: 60 } } }).png().toBuffer();
  const inbox = async (m: SignedIn) => (await folder(m, 'inbox')).map((c) => c.id);
  const attachments = async (id: string) => (await db.query('select count(*)::int as n from message_attachment where conversation_id = $1', [id])).rows[0].n as number;

  it('takes a one-to-one conversation away from both while the block holds, uploads included, and gives it back after', async () => {
    const a = await member();
    const b = await member();
    const id = (await start(a, [b], 'Salem from Almaty!')).body.id as string;
    expect((await send(b, id, 'Salem!')).status).toBe(201);
    expect((await upload(a, id, await photo(), 'plan.png', 'image/png')).status).toBe(201);
    await block(b, a);

    for (const m of [a, b]) {
      expect(await inbox(m)).not.toContain(id);
      expect(errorOf(await api('GET', `/api/v1/conversations/${id}/messages`, { token: m.accessToken }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await api('POST', `/api/v1/conversations/${id}/read`, { token: m.accessToken, body: {} }))).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
    // Uploading answers as sending does, before anything is stored.
    const refused = await upload(a, id, await photo(), 'plan.png', 'image/png');
    expect(errorOf(refused)).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(errorOf(await send(a, id, 'Hello?'))).toEqual(errorOf(refused));
    expect(await attachments(id)).toBe(1);

    await unblock(b, a);
    expect(await inbox(a)).toContain(id);
    expect((await messagesOf(b, id)).map((m) => m.text)).toEqual(['Salem!', 'Salem from Almaty!']);
  });

  it('in a group, each of a blocked pair stops seeing the other, and writing into it reveals nothing', async () => {
    const host = await member('Host');
    const a = await member('Dilnoza');
    const b = await member('Aigerim');
    const id = (await start(host, [a, b], 'Shall we meet on Friday?')).body.id as string;
    const fromB = (await send(b, id, 'Friday works for me.')).body.id as string;
    expect((await send(a, id, 'Me too.')).status).toBe(201);
    await block(b, a);
    for (const m of [host, b]) expect((await api('POST', '/api/v1/me/notifications/read-all', { token: m.accessToken })).status).toBe(204);
    const listedAt = async (m: SignedIn) => (await folder(m, 'inbox')).find((c) => c.id === id)!.updatedAt;
    const blockersBefore = await listedAt(b);

    // She who was blocked writes as before: stored, shown to the host, not to the blocker.
    const written = await send(a, id, 'Can I bring my sister?');
    expect(written.status).toBe(201);
    const authors = async (m: SignedIn) => (await messagesOf(m, id)).map((x) => x.author?.id);
    expect(await authors(host)).toEqual([a.id, a.id, b.id, host.id]);
    expect(await authors(b)).toEqual([b.id, host.id]);
    expect(await authors(a)).toEqual([a.id, a.id, host.id]);
    expect((await messagesOf(a, id)).map((x) => x.id)).not.toContain(fromB);
    // Nor as a member, nor in the unread count or the last message of her list.
    const row = async (m: SignedIn) => (await folder(m, 'inbox')).find((c) => c.id === id)!;
    expect((await row(b)).members.map((x) => x.id)).toEqual([host.id]);
    expect((await row(b)).unreadCount).toBe(0);
    expect((await row(b)).lastMessage?.text).toBe('Friday works for me.');
    // Her writing does not move the conversation in the blocker's list either: that would tell him when she is active.
    expect(await listedAt(b)).toBe(blockersBefore);
    expect(await listedAt(host)).not.toBe(blockersBefore);
    expect((await row(a)).members.map((x) => x.id)).toEqual([host.id]);
    expect((await row(host)).members.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    // The blocker is not told of her message; the host is.
    const unreadFrom = async (m: SignedIn) =>
      (await db.query('select count(*)::int as n from notification where recipient_id = $1 and actor_id = $2 and read_at is null', [m.id, a.id])).rows[0].n as number;
    expect(await unreadFrom(b)).toBe(0);
    expect(await unreadFrom(host)).toBe(1);
    // A file she sends there reaches the host, never the blocker.
    const file = (await upload(a, id, await photo(), 'map.png', 'image/png')).body.id as string;
    expect((await send(a, id, 'The map', [file])).status).toBe(201);
    expect((await api('GET', `/api/v1/conversations/${id}/attachments/${file}`, { token: host.accessToken })).status).toBe(200);
    expect(errorOf(await api('GET', `/api/v1/conversations/${id}/attachments/${file}`, { token: b.accessToken }))).toEqual({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('sanctions', () => {
  it("closes an expelled member's conversations for the others with a neutral note, and reopens them when the expulsion is overturned", async () => {
    const a = await member();
    const b = await member();
    const c = await member();
    const direct = (await start(a, [b])).body.id as string;
    const group = (await start(c, [a, b], 'Group plans')).body.id as string;
    const sanctionId = randomUUID();
    await publishEvent(platform.scope, SanctionImposedV1.subject, { sanctionId, accountId: b.id, kind: 'expulsion', guideline: 'safety', statement: 'Threats in messages.', startsAt: new Date().toISOString(), endsAt: null, caseId: null });
    await eventually(async () => ((await folder(a, 'inbox')).find((x) => x.id === direct)?.closed ? true : undefined), 5000);

    for (const id of [direct, group]) {
      const [note] = await messagesOf(a, id);
      expect(note).toMatchObject({ kind: 'note', author: null, text: 'This conversation is closed.' });
    }
    const everything = JSON.stringify([await messagesOf(a, direct), await folder(a, 'inbox')]);
    expect(everything).not.toMatch(/expel|sanction|safety|threat/i);
    expect(errorOf(await send(a, direct, 'Are you there?'))).toEqual({ status: 409, code: 'CONVERSATION_CLOSED' });
    expect(errorOf(await send(c, group, 'Anyone?'))).toEqual({ status: 409, code: 'CONVERSATION_CLOSED' });
    // She is no longer someone to write to.
    expect(errorOf(await start(c, [b]))).toEqual({ status: 404, code: 'NOT_FOUND' });

    await publishEvent(platform.scope, SanctionLiftedV1.subject, { sanctionId, accountId: b.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    await eventually(async () => ((await folder(a, 'inbox')).find((x) => x.id === direct)?.closed === false ? true : undefined), 5000);
    expect((await messagesOf(a, direct))[0]).toMatchObject({ kind: 'note', text: 'This conversation is open again.' });
    expect((await send(a, direct, 'Welcome back.')).status).toBe(201);
    expect((await send(c, group, 'Back to planning.')).status).toBe(201);
  });

  it('refuses a suspended member new conversations and messages, and lets her write again when it lifts', async () => {
    const a = await member();
    const b = await member();
    const id = (await start(a, [b])).body.id as string;
    const sanctionId = randomUUID();
    await publishEvent(platform.scope, SanctionImposedV1.subject, { sanctionId, accountId: a.id, kind: 'suspension', guideline: 'respect', statement: 'Insults.', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(), caseId: null });
    // Waited for on a call that writes nothing, so that no message slips in before the suspension lands.
    await eventually(async () => ((await api('GET', '/api/v1/me/conversations', { token: a.accessToken })).status === 403 ? true : undefined), 5000);
    expect(errorOf(await start(a, [b], 'Still here'))).toEqual({ status: 403, code: 'ACCOUNT_SUSPENDED' });
    expect(errorOf(await start(a, [await member()]))).toEqual({ status: 403, code: 'ACCOUNT_SUSPENDED' });
    expect(errorOf(await send(a, id, 'Hello?'))).toEqual({ status: 403, code: 'ACCOUNT_SUSPENDED' });
    expect((await storedBy(a)).messages).toBe(1);
    // The other side's conversation is not closed by a suspension.
    expect((await send(b, id, 'Take care.')).status).toBe(201);

    await publishEvent(platform.scope, SanctionLiftedV1.subject, { sanctionId, accountId: a.id, reason: 'expired', liftedAt: new Date().toISOString() });
    await eventually(async () => ((await send(a, id, 'I am back.')).status === 201 ? true : undefined), 5000);
  });

  it('takes a deleted account out of her conversations: the others keep the messages, under no name', async () => {
    const a = await member();
    const b = await member('Leaving');
    const id = (await start(a, [b])).body.id as string;
    await api('POST', `/api/v1/conversations/${id}/accept`, { token: b.accessToken });
    await send(b, id, 'Goodbye, I am closing my account.');
    await publishEvent(platform.scope, AccountDeletedV1.subject, { accountId: b.id, deletedAt: new Date().toISOString() });
    await eventually(async () => ((await folder(a, 'inbox')).find((x) => x.id === id)?.members[0].displayName === null ? true : undefined), 5000);
    expect((await messagesOf(a, id))[0]).toMatchObject({ text: 'Goodbye, I am closing my account.', author: { id: b.id, displayName: null } });
    expect((await db.query('select active from conversation_member where conversation_id = $1 and member_id = $2', [id, b.id])).rows[0].active).toBe(false);
    // Nobody new can write to her.
    expect(errorOf(await start(a, [b]))).toEqual({ status: 404, code: 'NOT_FOUND' });
  });
});
