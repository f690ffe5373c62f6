/**
 * Blocks reach every service (issue 10): a member on either side of a block cannot reach the other
 * through content, mentorship or awards. The matrix below takes one row per interaction; each row is
 * tried by the member on the other side of a block (refused, nothing stored), by an unrelated member
 * (allowed, so the row cannot pass while the feature is broken), and again after the unblock
 * (allowed). Identity (profile, directory), content, mentorship, awards and community (connect, message,
 * and a one-to-one conversation the pair already had: read, write, listed) each have rows; groups have a
 * matrix of their own below (posting in her thread, seeing, finding and joining her group, inviting her).
 *
 * Blocks are made by `test/support/blocks.ts` (identity's events until its `POST /blocks` lands).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AccountDeletedV1, BlockCreatedV1, BlockRemovedV1 } from '@weop/contracts';
import { eventually } from '@weop/testing';
import { block, deliverBlockEvent, nextVersion, unblock } from './support/blocks';
import { publishEvent } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Answer, Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let db: { content: Client; mentorship: Client; awards: Client; community: Client };
let cycleId: string;

beforeAll(async () => {
  platform = await startPlatform('blocking', {}, {}, { content: true, mentorship: true, awards: true, community: true });
  api = client(platform.baseUrl);
  the = given(api);
  const connect = async (service: string): Promise<Client> => {
    const c = new Client({ connectionString: await platform.scope.database(service) });
    await c.connect();
    return c;
  };
  db = { content: await connect('content'), mentorship: await connect('mentorship'), awards: await connect('awards'), community: await connect('community') };
  const awardsAdmin = await the.staff('awards-admin');
  const cycle = await api('POST', '/api/v1/awards/cycles', {
    token: awardsAdmin.accessToken,
    body: { year: 2031, nominationsOpenAt: new Date(Date.now() - 3_600_000).toISOString(), nominationsCloseAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
  });
  expect(cycle.status).toBe(201);
  cycleId = cycle.body.id;
}, 90_000);

afterAll(async () => {
  await Promise.all(Object.values(db ?? {}).map((c) => c.end()));
  await platform?.close();
});

// ---- what the rows are made of --------------------------------------------------------------------

/** A made-up word only one item holds, so a search or a tag finds exactly it. */
const word = (): string => `vel${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
const blog = (extra: Record<string, unknown> = {}) => ({ title: 'Women in the Almaty tech scene', body: 'Notes from the forum.', originalityAttested: true, ...extra });
const event = () => ({
  title: 'Webinar: negotiating your salary', description: 'An hour with HR leaders from Almaty and Tashkent.', kind: 'webinar',
  startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(),
  timeZone: 'Asia/Almaty', online: true, link: 'https://meet.example.org/salary', capacity: 50,
});
const MENTOR_PROFILE = { expertise: ['leadership'], languages: ['ru', 'en'], countries: ['UZ'], timeZone: 'Asia/Tashkent', capacity: 5, available: true, gender: 'woman' };
const MENTEE_PROFILE = { goals: ['lead a team'], expertise: ['leadership'], languages: ['ru'], timeZone: 'Asia/Tashkent' };

const created = async (answer: Promise<Answer>): Promise<string> => {
  const a = await answer;
  if (a.status !== 201) throw new Error(`expected 201, got ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.id as string;
};
const count = async (c: Client, sql: string, params: unknown[]): Promise<number> => Number((await c.query<{ n: string }>(`select count(*) as n from ${sql}`, params)).rows[0].n);
const acceptConduct = async (m: SignedIn): Promise<void> => {
  expect((await api('POST', '/api/v1/mentorship/code-of-conduct/acceptance', { token: m.accessToken })).status).toBe(200);
};
const asMentor = async (): Promise<SignedIn> => {
  const m = await the.staff('mentor');
  expect((await api('PUT', '/api/v1/mentorship/mentor-profile', { token: m.accessToken, body: MENTOR_PROFILE })).status).toBe(200);
  await acceptConduct(m);
  return m;
};
const asMentee = async (m: SignedIn): Promise<void> => {
  expect((await api('PUT', '/api/v1/mentorship/mentee-profile', { token: m.accessToken, body: MENTEE_PROFILE })).status).toBe(200);
  await acceptConduct(m);
};
/** Awards knows her as a member (identity's profile event at registration) and, for a nominator, as verified. */
const knownToAwards = (m: SignedIn) => eventually(async () => ((await db.awards.query('select 1 from member where account_id = $1', [m.id])).rowCount ? true : undefined), 10_000);
const verified = async (m: SignedIn): Promise<void> => {
  await publishEvent(platform.scope, 'identity.verification.approved.v1', { accountId: m.id, requestId: randomUUID(), kind: 'identity', approvedAt: new Date().toISOString() });
  await eventually(async () => ((await db.awards.query('select 1 from verified_member where account_id = $1 and verified', [m.id])).rowCount ? true : undefined), 10_000);
};

/**
 * One interaction between an owner (whose blog, mentor seat, nomination… it is) and an actor who
 * reaches for it. `reached` says whether she got through; `stored` whether anything of hers was kept.
 */
interface Interaction<T = Record<string, string>> {
  name: string;
  /** What the refused actor sees: a status and code, or `absent` for a list that leaves the owner out. */
  refusal: { status: number; code: string } | 'absent';
  /** Who the owner is (a plain member unless the row says otherwise: a mentor). */
  owner?(): Promise<SignedIn>;
  /** The owner's side, made before the block; `actors` are readied too (a mentee profile, verification). */
  prepare(owner: SignedIn, actors: SignedIn[]): Promise<T>;
  attempt(actor: SignedIn, owner: SignedIn, made: T): Promise<{ reached: boolean; answer: Answer }>;
  /** Rows written by the actor's attempt, when the interaction writes any. */
  stored?(actor: SignedIn, owner: SignedIn, made: T): Promise<number>;
}

const reachedWhen = (status: number) => async (answer: Promise<Answer>) => {
  const a = await answer;
  return { reached: a.status === status, answer: a };
};
const listed = (pick: (body: Answer['body']) => string[], id: string) => async (answer: Promise<Answer>) => {
  const a = await answer;
  expect(a.status).toBe(200);
  return { reached: pick(a.body).includes(id), answer: a };
};
const ids = (body: { items: { id: string }[] }): string[] => body.items.map((i) => i.id);
/** Community knows these members (from identity's events) before they are asked to interact there. */
const knownToCommunity = async (...members: SignedIn[]): Promise<void> => {
  for (const m of members) await eventually(async () => ((await count(db.community, 'member where account_id = $1', [m.id])) > 0 ? true : undefined), 10_000);
};
const NOT_FOUND = { status: 404, code: 'NOT_FOUND' };
const BLOCKED = { status: 403, code: 'BLOCKED' };

const INTERACTIONS: Interaction[] = [
  {
    name: 'read her blog post',
    refusal: NOT_FOUND,
    prepare: async (owner) => ({ blog: await created(api('POST', '/api/v1/blogs', { token: owner.accessToken, body: blog() })) }),
    attempt: (actor, _owner, { blog: id }) => reachedWhen(200)(api('GET', `/api/v1/blogs/${id}`, { token: actor.accessToken })),
  },
  {
    name: 'comment on her blog post',
    refusal: NOT_FOUND,
    prepare: async (owner) => ({ blog: await created(api('POST', '/api/v1/blogs', { token: owner.accessToken, body: blog() })) }),
    attempt: (actor, _owner, { blog: id }) => reachedWhen(201)(api('POST', `/api/v1/blogs/${id}/comments`, { token: actor.accessToken, body: { body: 'Thank you for writing this.' } })),
    stored: (actor, _owner, { blog: id }) => count(db.content, 'comment where item_id = $1 and author_id = $2', [id, actor.id]),
  },
  {
    name: 'reply in her discussion',
    refusal: NOT_FOUND,
    prepare: async (owner) => ({ thread: await created(api('POST', '/api/v1/discussions', { token: owner.accessToken, body: { title: 'Childcare in Bishkek', body: 'What works for you?', topic: 'work-life' } })) }),
    attempt: (actor, _owner, { thread }) => reachedWhen(201)(api('POST', `/api/v1/discussions/${thread}/replies`, { token: actor.accessToken, body: { body: 'Our employer runs a kindergarten.' } })),
    stored: (actor, _owner, { thread }) => count(db.content, 'comment where item_id = $1 and author_id = $2', [thread, actor.id]),
  },
  {
    name: 'react to her blog post',
    refusal: NOT_FOUND,
    prepare: async (owner) => ({ blog: await created(api('POST', '/api/v1/blogs', { token: owner.accessToken, body: blog() })) }),
    attempt: (actor, _owner, { blog: id }) => reachedWhen(204)(api('PUT', `/api/v1/blogs/${id}/reactions/like`, { token: actor.accessToken })),
    stored: (actor, _owner, { blog: id }) => count(db.content, 'reaction where item_id = $1 and account_id = $2', [id, actor.id]),
  },
  {
    name: 'register for her event',
    refusal: NOT_FOUND,
    prepare: async (owner) => ({ event: await created(api('POST', '/api/v1/events', { token: owner.accessToken, body: event() })) }),
    attempt: (actor, _owner, { event: id }) => reachedWhen(201)(api('POST', `/api/v1/events/${id}/registrations`, { token: actor.accessToken })),
    stored: (actor, _owner, { event: id }) => count(db.content, 'event_registration where event_id = $1 and account_id = $2', [id, actor.id]),
  },
  {
    name: 'find her post in the feed',
    refusal: 'absent',
    prepare: async (owner) => {
      const tag = word();
      return { tag, blog: await created(api('POST', '/api/v1/blogs', { token: owner.accessToken, body: blog({ tags: [tag] }) })) };
    },
    attempt: (actor, _owner, { tag, blog: id }) => listed(ids, id)(api('GET', `/api/v1/blogs?tag=${tag}`, { token: actor.accessToken })),
  },
  {
    name: "see her author's page",
    refusal: 'absent',
    prepare: async (owner) => ({ blog: await created(api('POST', '/api/v1/blogs', { token: owner.accessToken, body: blog() })) }),
    attempt: (actor, owner, { blog: id }) => listed(ids, id)(api('GET', `/api/v1/authors/${owner.id}/content`, { token: actor.accessToken })),
  },
  {
    name: 'find her post by search',
    refusal: 'absent',
    prepare: async (owner) => {
      const q = word();
      return { q, blog: await created(api('POST', '/api/v1/blogs', { token: owner.accessToken, body: blog({ title: `Cooperatives ${q}` }) })) };
    },
    attempt: (actor, _owner, { q, blog: id }) => listed(ids, id)(api('GET', `/api/v1/search?q=${q}`, { token: actor.accessToken })),
  },
  {
    name: "read her comment under someone else's post",
    refusal: 'absent',
    prepare: async (owner) => {
      const host = await the.member();
      const post = await created(api('POST', '/api/v1/blogs', { token: host.accessToken, body: blog() }));
      return { post, comment: await created(api('POST', `/api/v1/blogs/${post}/comments`, { token: owner.accessToken, body: { body: 'I was there too.' } })) };
    },
    attempt: (actor, _owner, { post, comment }) => listed(ids, comment)(api('GET', `/api/v1/blogs/${post}/comments`, { token: actor.accessToken })),
  },
  {
    name: 'ask her for mentoring',
    refusal: BLOCKED,
    owner: () => asMentor(),
    prepare: async (_owner, actors) => {
      for (const a of actors) await asMentee(a);
      return {};
    },
    attempt: (actor, owner) => reachedWhen(201)(api('POST', '/api/v1/mentorship/requests', { token: actor.accessToken, body: { mentorId: owner.id, message: 'I would value your advice.' } })),
    stored: (actor, owner) => count(db.mentorship, 'mentorship_request where mentee_id = $1 and mentor_id = $2', [actor.id, owner.id]),
  },
  {
    name: 'be offered her as a mentor',
    refusal: 'absent',
    owner: () => asMentor(),
    prepare: async (_owner, actors) => {
      for (const a of actors) await asMentee(a);
      return {};
    },
    attempt: (actor, owner) => listed((body: { items: { mentorId: string }[] }) => body.items.map((s) => s.mentorId), owner.id)(api('GET', '/api/v1/mentorship/suggestions?limit=50', { token: actor.accessToken })),
  },
  {
    name: 'nominate her for the award',
    refusal: BLOCKED,
    prepare: async (owner, actors) => {
      await knownToAwards(owner);
      for (const a of actors) await verified(a);
      return {};
    },
    attempt: (actor, owner) => reachedWhen(201)(api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, {
      token: actor.accessToken,
      body: { category: 'national', nominee: { kind: 'individual', name: 'Nargiza Karimova', country: 'UZ', memberId: owner.id }, achievements: 'Set up legal aid desks for rural women in three districts and trained sixty volunteer paralegals.' },
    })),
    stored: (actor, owner) => count(db.awards, 'nomination where nominator_id = $1 and nominee_member_id = $2', [actor.id, owner.id]),
  },
  {
    name: 'view her profile',
    refusal: NOT_FOUND,
    prepare: () => Promise.resolve({}),
    attempt: (actor, owner) => reachedWhen(200)(api('GET', `/api/v1/profiles/${owner.id}`, { token: actor.accessToken })),
  },
  {
    name: 'find her in the member directory',
    refusal: 'absent',
    prepare: async (owner) => {
      expect((await api('PATCH', '/api/v1/me/profile', { token: owner.accessToken, body: { listedInDirectory: true } })).status).toBe(200);
      return {};
    },
    attempt: (actor, owner) => listed(ids, owner.id)(api('GET', '/api/v1/members?country=UZ&limit=100', { token: actor.accessToken })),
  },
  {
    name: 'ask to connect with her',
    refusal: BLOCKED,
    prepare: async (owner, actors) => {
      await knownToCommunity(owner, ...actors);
      return {};
    },
    attempt: (actor, owner) => reachedWhen(201)(api('POST', '/api/v1/connections', { token: actor.accessToken, body: { memberId: owner.id, note: 'We met at the forum.' } })),
    stored: (actor, owner) => count(db.community, 'connection where requester_id = $1 and recipient_id = $2', [actor.id, owner.id]),
  },
  {
    name: 'send her a message',
    refusal: BLOCKED,
    prepare: async (owner, actors) => {
      await knownToCommunity(owner, ...actors);
      return {};
    },
    attempt: (actor, owner) => reachedWhen(201)(api('POST', '/api/v1/conversations', { token: actor.accessToken, body: { memberIds: [owner.id], text: 'Salem! Can we talk?' } })),
    stored: (actor) => count(db.community, 'conversation where starter_id = $1', [actor.id]),
  },
  // A one-to-one conversation they already had is gone for both while the block holds, and back after it.
  {
    name: 'read the conversation she already had with her',
    refusal: NOT_FOUND,
    prepare: (owner, actors) => conversationsWith(owner, actors),
    attempt: (actor, _owner, made) => reachedWhen(200)(api('GET', `/api/v1/conversations/${made[actor.id]}/messages`, { token: actor.accessToken })),
  },
  {
    name: 'write in the conversation she already had with her',
    refusal: NOT_FOUND,
    prepare: (owner, actors) => conversationsWith(owner, actors),
    attempt: (actor, _owner, made) => reachedWhen(201)(api('POST', `/api/v1/conversations/${made[actor.id]}/messages`, { token: actor.accessToken, body: { text: 'Are you there?' } })),
    stored: (actor, _owner, made) => count(db.community, "direct_message where conversation_id = $1 and author_id = $2 and body = 'Are you there?'", [made[actor.id], actor.id]),
  },
  {
    name: 'see the conversation she already had with her in her inbox, or its unread messages',
    refusal: 'absent',
    prepare: (owner, actors) => conversationsWith(owner, actors),
    attempt: async (actor, _owner, made) => {
      const a = await api('GET', '/api/v1/me/conversations?folder=inbox&limit=100', { token: actor.accessToken });
      expect(a.status).toBe(200);
      const row = (a.body.items as { id: string; unreadCount: number }[]).find((c) => c.id === made[actor.id]);
      // Listed, with the owner's message counted unread (the actor marked the conversation read before it).
      return { reached: row !== undefined && row.unreadCount === 1, answer: a };
    },
  },
];

/**
 * The owner writes to each actor and the actor answers (so it sits in both inboxes); then the owner
 * writes once more, unread by the actor. Keyed by the actor's id.
 */
async function conversationsWith(owner: SignedIn, actors: SignedIn[]): Promise<Record<string, string>> {
  await knownToCommunity(owner, ...actors);
  const made: Record<string, string> = {};
  for (const actor of actors) {
    const id = await created(api('POST', '/api/v1/conversations', { token: owner.accessToken, body: { memberIds: [actor.id], text: 'Salem from Almaty!' } }));
    await created(api('POST', `/api/v1/conversations/${id}/messages`, { token: actor.accessToken, body: { text: 'Salem! Good to hear from you.' } }));
    await created(api('POST', `/api/v1/conversations/${id}/messages`, { token: owner.accessToken, body: { text: 'See you at the forum.' } }));
    made[actor.id] = id;
  }
  return made;
}

const expectRefused = (row: Interaction, owner: SignedIn, outcome: { reached: boolean; answer: Answer }): void => {
  expect(outcome.reached).toBe(false);
  if (row.refusal === 'absent') return;
  expect({ status: outcome.answer.status, code: outcome.answer.body?.error?.code }).toEqual(row.refusal);
  // Nothing of the other member in the refusal: not her id, not her words.
  expect(JSON.stringify(outcome.answer.body)).not.toContain(owner.id);
  expect(JSON.stringify(outcome.answer.body)).not.toMatch(/Almaty|forum|Bishkek/);
};

const DIRECTIONS = [
  ['the member she blocked', 'owner blocks actor'],
  ['a member who blocked her', 'actor blocks owner'],
] as const;

/** One row of a matrix: refused across the block, allowed to an unrelated member, allowed again after the unblock. */
async function tryAcrossBlock(row: Interaction, direction: (typeof DIRECTIONS)[number][1]): Promise<void> {
  const owner = await (row.owner?.() ?? the.member());
  const actor = await the.member();
  const bystander = await the.member();
  const made = await row.prepare(owner, [actor, bystander]);
  const [blocker, blocked] = direction === 'owner blocks actor' ? [owner, actor] : [actor, owner];

  await block(platform, blocker, blocked);
  expectRefused(row, owner, await row.attempt(actor, owner, made));
  if (row.stored) expect(await row.stored(actor, owner, made)).toBe(0);

  const unrelated = await row.attempt(bystander, owner, made);
  expect({ reached: unrelated.reached, answer: unrelated.answer.body }).toMatchObject({ reached: true });

  await unblock(platform, blocker, blocked);
  expect((await row.attempt(actor, owner, made)).reached).toBe(true);
  if (row.stored) expect(await row.stored(actor, owner, made)).toBeGreaterThan(0);
}

describe.each(DIRECTIONS)('the blocking matrix — %s', (_who, direction) => {
  it.each(INTERACTIONS.map((row) => [row.name, row] as const))('cannot %s, while an unrelated member can, and can again after the unblock', async (_name, row) => {
    await tryAcrossBlock(row, direction);
  }, 60_000);
});

// ---- groups (community): the owner is the member whose thread or group it is ---------------------

const newGroup = (owner: SignedIn, name: string): Promise<string> =>
  created(api('POST', '/api/v1/groups', { token: owner.accessToken, body: { name, description: 'Growers and buyers.', visibility: 'public' } }));
const joinGroup = async (m: SignedIn, groupId: string): Promise<void> => {
  expect((await api('POST', `/api/v1/groups/${groupId}/members`, { token: m.accessToken })).status).toBe(201);
};

const GROUP_INTERACTIONS: Interaction[] = [
  {
    name: "post in her thread, in a third member's group",
    refusal: NOT_FOUND,
    prepare: async (owner, actors) => {
      const host = await the.member();
      await knownToCommunity(host, owner, ...actors);
      const group = await newGroup(host, 'Apricot growers of Batken');
      for (const m of [owner, ...actors]) await joinGroup(m, group);
      const thread = await created(api('POST', `/api/v1/groups/${group}/threads`, { token: owner.accessToken, body: { title: 'Drying racks', text: 'Who builds drying racks in Batken?' } }));
      return { group, thread };
    },
    attempt: (actor, _owner, { group, thread }) => reachedWhen(201)(api('POST', `/api/v1/groups/${group}/threads/${thread}/posts`, { token: actor.accessToken, body: { text: 'My uncle does.' } })),
    stored: (actor, _owner, { thread }) => count(db.community, 'group_post where thread_id = $1 and author_id = $2', [thread, actor.id]),
  },
  {
    name: 'see the group she owns',
    refusal: NOT_FOUND,
    prepare: async (owner, actors) => {
      await knownToCommunity(owner, ...actors);
      return { group: await newGroup(owner, 'Walnut growers of Arslanbob') };
    },
    attempt: (actor, _owner, { group }) => reachedWhen(200)(api('GET', `/api/v1/groups/${group}`, { token: actor.accessToken })),
  },
  {
    name: 'find the group she owns in the list of groups',
    refusal: 'absent',
    prepare: async (owner, actors) => {
      await knownToCommunity(owner, ...actors);
      const name = word();
      return { name, group: await newGroup(owner, `Growers ${name}`) };
    },
    attempt: (actor, _owner, { name, group }) => listed(ids, group)(api('GET', `/api/v1/groups?q=${name}`, { token: actor.accessToken })),
  },
  {
    name: 'join the group she owns',
    refusal: NOT_FOUND,
    prepare: async (owner, actors) => {
      await knownToCommunity(owner, ...actors);
      return { group: await newGroup(owner, 'Cherry growers of Jalal-Abad') };
    },
    attempt: (actor, _owner, { group }) => reachedWhen(201)(api('POST', `/api/v1/groups/${group}/members`, { token: actor.accessToken })),
    stored: (actor, _owner, { group }) => count(db.community, 'group_member where group_id = $1 and member_id = $2', [group, actor.id]),
  },
  {
    name: 'invite her to a group of his',
    refusal: BLOCKED,
    prepare: async (owner, actors) => {
      await knownToCommunity(owner, ...actors);
      const groups: Record<string, string> = {};
      for (const actor of actors) groups[actor.id] = await newGroup(actor, 'Potato growers of Naryn');
      return groups;
    },
    attempt: (actor, owner, groups) => reachedWhen(201)(api('POST', `/api/v1/groups/${groups[actor.id]}/invitations`, { token: actor.accessToken, body: { memberId: owner.id } })),
    stored: (actor, owner, groups) => count(db.community, 'group_invitation where group_id = $1 and member_id = $2', [groups[actor.id], owner.id]),
  },
];

describe.each(DIRECTIONS)('the blocking matrix in groups — %s', (_who, direction) => {
  it.each(GROUP_INTERACTIONS.map((row) => [row.name, row] as const))('cannot %s, while an unrelated member can, and can again after the unblock', async (_name, row) => {
    await tryAcrossBlock(row, direction);
  }, 60_000);
});

describe('what blocks leave alone', () => {
  it('leaves her own content to her, staff and anonymous readers unaffected, and reporting open', async () => {
    const author = await the.member();
    const other = await the.member();
    const moderator = await the.staff('moderator');
    const id = await created(api('POST', '/api/v1/blogs', { token: author.accessToken, body: blog() }));
    const theirs = await created(api('POST', '/api/v1/blogs', { token: other.accessToken, body: blog() }));
    await block(platform, author, other);
    await block(platform, author, moderator);

    expect((await api('GET', `/api/v1/blogs/${id}`, { token: author.accessToken })).status).toBe(200);
    expect((await api('GET', `/api/v1/blogs/${id}`)).status).toBe(200);
    expect((await api('GET', `/api/v1/blogs/${id}`, { token: moderator.accessToken })).status).toBe(200);
    expect(ids((await api('GET', `/api/v1/authors/${author.id}/content`)).body)).toContain(id);
    // She can still report what the member she blocked wrote, by its id, and a moderator sees the case.
    const report = await api('POST', '/api/v1/reports', { token: author.accessToken, body: { subject: { type: 'blog', id: theirs }, guideline: 'respect', details: 'Aimed at me.' } });
    expect(report.status).toBe(202);
  });

  it('in a third member’s discussion, each of the pair reads everyone but the other, and both may still reply', async () => {
    const host = await the.member();
    const [a, b] = [await the.member(), await the.member()];
    const thread = await created(api('POST', '/api/v1/discussions', { token: host.accessToken, body: { title: 'Flexible hours', body: 'How to ask?', topic: 'work-life' } }));
    await block(platform, a, b);
    const fromA = await created(api('POST', `/api/v1/discussions/${thread}/replies`, { token: a.accessToken, body: { body: 'Ask in writing.' } }));
    const fromB = await created(api('POST', `/api/v1/discussions/${thread}/replies`, { token: b.accessToken, body: { body: 'Bring numbers.' } }));
    const replies = async (m: SignedIn) => ids((await api('GET', `/api/v1/discussions/${thread}/replies`, { token: m.accessToken })).body);
    expect(await replies(a)).toEqual([fromA]);
    expect(await replies(b)).toEqual([fromB]);
    expect(await replies(host)).toEqual([fromA, fromB]);
  });
});

describe('events out of order', () => {
  it('leaves the pair unblocked when the newer removal arrives before the older block', async () => {
    const owner = await the.member();
    const actor = await the.member();
    const id = await created(api('POST', '/api/v1/blogs', { token: owner.accessToken, body: blog() }));
    const [v1, v2] = [nextVersion(owner.id, actor.id), nextVersion(owner.id, actor.id)];
    const at = new Date().toISOString();
    await deliverBlockEvent(platform, BlockRemovedV1.subject, { blockerId: owner.id, blockedId: actor.id, version: v2, at });
    await deliverBlockEvent(platform, BlockCreatedV1.subject, { blockerId: owner.id, blockedId: actor.id, version: v1, at });
    expect((await api('GET', `/api/v1/blogs/${id}`, { token: actor.accessToken })).status).toBe(200);
    expect((await api('POST', `/api/v1/blogs/${id}/comments`, { token: actor.accessToken, body: { body: 'Still here.' } })).status).toBe(201);
    // And the same event delivered twice changes nothing the second time.
    const v3 = nextVersion(owner.id, actor.id);
    const blocked = { blockerId: owner.id, blockedId: actor.id, version: v3, at: new Date().toISOString() };
    await deliverBlockEvent(platform, BlockCreatedV1.subject, blocked);
    await deliverBlockEvent(platform, BlockCreatedV1.subject, blocked);
    expect((await api('GET', `/api/v1/blogs/${id}`, { token: actor.accessToken })).status).toBe(404);
  });
});

describe('mentoring between a blocked pair', () => {
  const notifications = async (m: SignedIn): Promise<{ kind: string; text: string }[]> => (await api('GET', '/api/v1/mentorship/notifications', { token: m.accessToken })).body.items;
  const request = async (mentee: SignedIn, mentor: SignedIn): Promise<string> =>
    created(api('POST', '/api/v1/mentorship/requests', { token: mentee.accessToken, body: { mentorId: mentor.id, message: 'I would value your advice.' } }));
  const status = async (id: string) => (await db.mentorship.query<{ status: string; decline_reason: string | null }>('select status, decline_reason from mentorship_request where id = $1', [id])).rows[0];

  it('closes a pending request: declined (neutrally) when the mentor blocks, withdrawn when the mentee does', async () => {
    const mentor = await asMentor();
    const [first, second] = [await the.member(), await the.member()];
    await asMentee(first);
    await asMentee(second);
    const declined = await request(first, mentor);
    const withdrawn = await request(second, mentor);

    await block(platform, mentor, first);
    expect(await status(declined)).toEqual({ status: 'declined', decline_reason: 'mentor-unavailable' });
    const told = await notifications(first);
    expect(told.map((n) => n.kind)).toContain('mentorship.request.declined');
    for (const n of told) expect(n.text).not.toMatch(/block/i);

    await block(platform, second, mentor);
    expect(await status(withdrawn)).toEqual({ status: 'withdrawn', decline_reason: null });
    for (const n of await notifications(mentor)) expect(n.text).not.toMatch(/block/i);
  });

  it('ends a live mentorship early when either blocks, both told in neutral words', async () => {
    const mentor = await asMentor();
    const mentee = await the.member();
    await asMentee(mentee);
    const id = await request(mentee, mentor);
    const accepted = await api('POST', `/api/v1/mentorship/requests/${id}/accept`, { token: mentor.accessToken });
    expect(accepted.status).toBe(200);
    const mentorshipId = accepted.body.mentorshipId as string;

    await block(platform, mentee, mentor);
    const seen = await api('GET', `/api/v1/mentorship/mentorships/${mentorshipId}`, { token: mentor.accessToken });
    expect(seen.body).toMatchObject({ status: 'ended', endReason: 'other' });
    for (const side of [mentor, mentee]) {
      const ended = (await notifications(side)).filter((n) => n.kind === 'mentorship.ended');
      expect(ended.map((n) => n.text)).toEqual(['Your mentorship has ended.']);
    }
    // And no new request while the block stands, from either side.
    const again = await api('POST', '/api/v1/mentorship/requests', { token: mentee.accessToken, body: { mentorId: mentor.id, message: 'Again?' } });
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 403, code: 'BLOCKED' });
  });

  it('never proposes a blocked pair in a programme matching run, nor publishes one added by hand', async () => {
    const admin = await the.staff('programme-admin');
    const programme = await created(api('POST', '/api/v1/mentorship/programmes', {
      token: admin.accessToken,
      body: { name: 'Blocked pairs cohort', applicationsOpenAt: new Date(Date.now() - 3_600_000).toISOString(), applicationsCloseAt: new Date(Date.now() + 86_400_000).toISOString() },
    }));
    const base = `/api/v1/mentorship/programmes/${programme}`;
    const mentor = await asMentor();
    const [best, other] = [await the.member(), await the.member()];
    await asMentee(best);
    // The mentor has seats for both and fits the first best: only the block keeps that mentee from her.
    expect((await api('PUT', '/api/v1/mentorship/mentee-profile', { token: other.accessToken, body: { ...MENTEE_PROFILE, expertise: ['leadership', 'finance'] } })).status).toBe(200);
    await acceptConduct(other);
    for (const [who, role] of [[mentor, 'mentor'], [best, 'mentee'], [other, 'mentee']] as const) {
      expect((await api('POST', `${base}/applications`, { token: who.accessToken, body: { role } })).status).toBe(201);
    }
    await block(platform, best, mentor);
    const run = await api('POST', `${base}/matching-runs`, { token: admin.accessToken });
    expect(run.status).toBe(201);
    const pairs = run.body.proposals.map((p: { menteeId: string; mentorId: string }) => [p.menteeId, p.mentorId]);
    expect(pairs).toContainEqual([other.id, mentor.id]);
    expect(pairs).not.toContainEqual([best.id, mentor.id]);
    expect(run.body.unmatched).toContain(best.id);
    const forced = await api('POST', `${base}/matching-runs/${run.body.id}/publish`, { token: admin.accessToken, body: { pairs: [{ menteeId: best.id, mentorId: mentor.id }] } });
    expect({ status: forced.status, code: forced.body.error.code }).toEqual({ status: 422, code: 'PAIR_NOT_ALLOWED' });
  });
});

describe('a deleted account', () => {
  it('takes her blocks out of every projection', async () => {
    const [a, b] = [await the.member(), await the.member()];
    await block(platform, a, b);
    await publishEvent(platform.scope, AccountDeletedV1.subject, { accountId: a.id, deletedAt: new Date().toISOString() });
    for (const c of Object.values(db)) {
      await eventually(async () => ((await count(c, 'block_projection where blocker_id = $1 or blocked_id = $1', [a.id])) === 0 ? true : undefined), 10_000);
    }
  });
});
