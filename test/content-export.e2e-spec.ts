/**
 * Her part of `GET /me/export` that content holds: what she wrote, her comments, reactions, seats and
 * reports, and nothing of other members'; and what is left of her once she deleted her account.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '@weop/testing';
import { publishEvent, readEvents } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Answer, Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;

beforeAll(async () => {
  platform = await startPlatform('content-export', {}, {}, { content: true });
  api = client(platform.baseUrl);
  the = given(api);
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const blog = async (who: SignedIn, title: string): Promise<string> => {
  const created = await api('POST', '/api/v1/blogs', { token: who.accessToken, body: { title, body: `**${title}**, in her own words.`, tags: ['export'], originalityAttested: true } });
  expect(created.status).toBe(201);
  return created.body.id as string;
};

const event = async (who: SignedIn, title: string): Promise<string> => {
  const startsAt = Date.now() + 7 * 86_400_000;
  const created = await api('POST', '/api/v1/events', {
    token: who.accessToken,
    body: {
      title, description: 'An hour online.', kind: 'webinar', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 3_600_000).toISOString(),
      timeZone: 'Asia/Almaty', online: true, link: 'https://meet.example.org/export', capacity: 1,
    },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
};

const comment = async (who: SignedIn, blogId: string, body: string): Promise<string> => {
  const created = await api('POST', `/api/v1/blogs/${blogId}/comments`, { token: who.accessToken, body: { body } });
  expect(created.status).toBe(201);
  return created.body.id as string;
};

const visibility = (subjectType: 'blog' | 'comment', subjectId: string, v: 'hidden' | 'removed') =>
  publishEvent(platform.scope, 'trust-safety.subject.visibility-changed.v1', { subjectType, subjectId, visibility: v, caseId: randomUUID(), version: 1, changedAt: new Date().toISOString() });

/** Read loosely, as a client would (see support/http). */
const exportOf = async (who: SignedIn): Promise<Answer['body']> => {
  const exported = await api('GET', '/api/v1/me/export', { token: who.accessToken });
  expect(exported.status).toBe(200);
  return exported.body.services.content;
};

describe('her content export', () => {
  it('holds what she wrote, commented, reacted, registered for and reported, and nothing private of anyone else', async () => {
    const her = await the.member({ displayName: 'Gulnara', country: 'KZ' });
    const other = await the.member({ displayName: 'Madina', country: 'UZ' });
    const third = await the.member({ displayName: 'Zarina' });

    const herBlog = await blog(her, 'Starting a bakery in Osh');
    const removedBlog = await blog(her, 'A post moderators removed');
    const deletedBlog = await blog(her, 'A post she deleted herself');
    expect((await api('DELETE', `/api/v1/blogs/${deletedBlog}`, { token: her.accessToken })).status).toBe(204);
    const herEvent = await event(her, 'Her webinar on bookkeeping');
    const document = Buffer.from('Chapter 1. Cash flow.\n');
    const data = new FormData();
    for (const [k, v] of Object.entries({ title: 'Bookkeeping handbook', description: 'For small businesses.', kind: 'guide', rightsAttested: 'true' })) data.append(k, v);
    data.append('file', new Blob([document], { type: 'text/plain' }), 'handbook.txt');
    const uploaded = await fetch(`${platform.baseUrl}/api/v1/resources`, { method: 'POST', headers: { authorization: `Bearer ${her.accessToken}` }, body: data });
    expect(uploaded.status).toBe(201);
    const resourceId = ((await uploaded.json()) as { id: string }).id;

    const otherBlog = await blog(other, 'Madina on export markets');
    const otherEvent = await event(other, 'Madina webinar');
    const herComment = await comment(her, otherBlog, 'Thank you, this _helped_ me.');
    const removedComment = await comment(her, otherBlog, 'Something moderators took down.');
    const otherComment = await comment(other, herBlog, 'Madina congratulates you.');
    expect((await api('PUT', `/api/v1/blogs/${otherBlog}/reactions/like`, { token: her.accessToken })).status).toBe(204);
    expect((await api('PUT', `/api/v1/blogs/${herBlog}/reactions/support`, { token: other.accessToken })).status).toBe(204);
    // The seat goes to Zarina first: she waits, first in line. Madina takes the seat at hers.
    expect((await api('POST', `/api/v1/events/${otherEvent}/registrations`, { token: third.accessToken })).body).toEqual({ status: 'registered' });
    expect((await api('POST', `/api/v1/events/${otherEvent}/registrations`, { token: her.accessToken })).body).toEqual({ status: 'waitlisted', position: 1 });
    expect((await api('POST', `/api/v1/events/${herEvent}/registrations`, { token: other.accessToken })).body).toEqual({ status: 'registered' });
    const herReport = await api('POST', '/api/v1/reports', { token: her.accessToken, body: { subject: { type: 'blog', id: otherBlog }, guideline: 'respect', details: 'An insult in the last line' } });
    expect(herReport.status).toBe(202);
    const reportOnHer = await api('POST', '/api/v1/reports', { token: other.accessToken, body: { subject: { type: 'blog', id: herBlog }, guideline: 'safety', details: 'Madina thinks this is unsafe' } });
    expect(reportOnHer.status).toBe(202);
    await visibility('blog', removedBlog, 'removed');
    await visibility('comment', removedComment, 'removed');
    const warning = randomUUID();
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', {
      sanctionId: warning, accountId: her.id, kind: 'warning', guideline: 'respect', statement: 'Mind the tone.', startsAt: new Date().toISOString(), endsAt: null, caseId: randomUUID(),
    });

    // Moderation and her public name arrive as events.
    await eventually(async () => {
      const content = await exportOf(her);
      expect(content.member).toEqual({ displayName: 'Gulnara', country: 'KZ', updatedAt: expect.any(String) });
      expect(content.items.find((i: { id: string }) => i.id === removedBlog)?.moderation.visibility).toBe('removed');
      expect(content.comments.find((c: { id: string }) => c.id === removedComment)?.removedByModerators).toBe(true);
      expect(content.sanctions).toEqual([{ id: warning, kind: 'warning', endsAt: null, liftedAt: null }]);
      return true;
    }, 10_000);
    const content = await exportOf(her);

    expect(content.items.map((i: { id: string }) => i.id).sort()).toEqual([herBlog, removedBlog, deletedBlog, herEvent, resourceId].sort());
    const byId = (id: string) => content.items.find((i: { id: string }) => i.id === id);
    expect(byId(herBlog)).toMatchObject({
      type: 'blog', title: 'Starting a bakery in Osh', body: '**Starting a bakery in Osh**, in her own words.', tags: ['export'], status: 'published',
      moderation: { visibility: 'visible', frozen: false }, removedByModerators: false, deletedAt: null, commentCount: 1,
      reactions: { like: 0, insightful: 0, support: 1 }, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), originalityAttestedAt: expect.stringMatching(/Z$/),
    });
    expect(byId(removedBlog)).toMatchObject({ title: null, body: null, bodyHtml: null, removedByModerators: true, moderation: { visibility: 'removed' } });
    expect(byId(deletedBlog)).toMatchObject({ title: 'A post she deleted herself', deletedAt: expect.stringMatching(/Z$/) });
    expect(byId(herEvent)).toMatchObject({ type: 'event', title: 'Her webinar on bookkeeping', link: 'https://meet.example.org/export', registeredCount: 1, waitlistCount: 0, startsAt: expect.stringMatching(/Z$/) });
    expect(byId(resourceId)).toMatchObject({ type: 'resource', file: { filename: 'handbook.txt', contentType: 'text/plain', size: document.length } });
    expect(JSON.stringify(byId(resourceId))).not.toContain('Cash flow');

    expect(content.comments).toEqual([
      expect.objectContaining({ id: herComment, itemId: otherBlog, text: 'Thank you, this _helped_ me.', removedByModerators: false, createdAt: expect.stringMatching(/Z$/), deletedAt: null }),
      expect.objectContaining({ id: removedComment, itemId: otherBlog, text: null, removedByModerators: true }),
    ]);
    expect(content.reactions).toEqual([{ itemId: otherBlog, itemType: 'blog', kind: 'like', reactedAt: expect.stringMatching(/Z$/) }]);
    expect(content.registrations).toEqual([{ eventId: otherEvent, status: 'waitlisted', position: 1, registeredAt: expect.stringMatching(/Z$/) }]);
    expect(content.reportsFiled).toEqual([
      expect.objectContaining({ id: herReport.body.id, subject: { type: 'blog', id: otherBlog }, guideline: 'respect', details: 'An insult in the last line', status: 'received', filedAt: expect.stringMatching(/Z$/) }),
    ]);

    // Nothing of the others: not who registered at her event, not who reported her, not their words or addresses.
    const whole = JSON.stringify(content);
    for (const secret of [other.id, other.email, third.id, third.email, otherComment, reportOnHer.body.id, 'Madina thinks this is unsafe', 'Madina congratulates you.']) expect(whole).not.toContain(secret);

    // And hers is not in theirs.
    const theirs = await exportOf(other);
    expect(theirs.items.map((i: { id: string }) => i.id).sort()).toEqual([otherBlog, otherEvent].sort());
    expect(theirs.comments.map((c: { id: string }) => c.id)).toEqual([otherComment]);
    expect(theirs.reactions).toEqual([expect.objectContaining({ itemId: herBlog, kind: 'support' })]);
    expect(theirs.registrations).toEqual([expect.objectContaining({ eventId: herEvent, status: 'registered', position: null })]);
    expect(theirs.reportsFiled).toEqual([expect.objectContaining({ id: reportOnHer.body.id })]);
    expect(theirs.sanctions).toEqual([]);
    const theirWhole = JSON.stringify(theirs);
    for (const secret of [her.id, her.email, herComment, herReport.body.id, 'An insult in the last line', 'Thank you, this']) expect(theirWhole).not.toContain(secret);
  });

  it('after she deletes her account, keeps no reaction, seat, name, report or word of hers', async () => {
    const her = await the.member({ displayName: 'Aliya' });
    const other = await the.member({ displayName: 'Dana' });
    const herBlog = await blog(her, 'Aliya writes once');
    const selfDeleted = await blog(her, 'Aliya took this one down');
    expect((await api('DELETE', `/api/v1/blogs/${selfDeleted}`, { token: her.accessToken })).status).toBe(204);
    const otherBlog = await blog(other, 'Dana writes too');
    const otherEvent = await event(other, 'Dana webinar');
    await comment(her, otherBlog, 'Aliya was here.');
    expect((await api('PUT', `/api/v1/blogs/${otherBlog}/reactions/insightful`, { token: her.accessToken })).status).toBe(204);
    expect((await api('POST', `/api/v1/events/${otherEvent}/registrations`, { token: her.accessToken })).body).toEqual({ status: 'registered' });
    expect((await api('POST', '/api/v1/reports', { token: her.accessToken, body: { subject: { type: 'blog', id: otherBlog }, guideline: 'respect' } })).status).toBe(202);
    await eventually(async () => ((await exportOf(her)).member ? true : undefined), 10_000);
    const before = await exportOf(her);
    expect([before.items.length, before.comments.length, before.reactions.length, before.registrations.length, before.reportsFiled.length]).toEqual([2, 1, 1, 1, 1]);

    expect((await api('DELETE', '/api/v1/me', { token: her.accessToken, body: { password: her.password } })).status).toBe(204);
    const db = await platform.db('content');
    await eventually(async () => {
      const left = await db.query(
        `select (select count(*) from content_item where author_id = $1 and deleted_at is null)::int
              + (select count(*) from comment where author_id = $1 and deleted_at is null)::int
              + (select count(*) from reaction where account_id = $1)::int
              + (select count(*) from event_registration where account_id = $1)::int
              + (select count(*) from report where reporter_id = $1)::int
              + (select count(*) from member where account_id = $1)::int as n`,
        [her.id],
      );
      return left.rows[0].n === 0 ? true : undefined;
    }, 10_000);
    // The copies other services keep (her connections' feeds, cohort sessions) go too: the post she still had is
    // announced withdrawn, as when she deletes one; the one she had deleted was announced then, and not again.
    const withdrawn = async () => (await readEvents(platform.scope, 'content.item.withdrawn.v1')).map((e) => e.payload).filter((p) => p.authorId === her.id);
    await eventually(async () => ((await withdrawn()).some((p) => p.itemId === herBlog) ? true : undefined), 10_000);
    expect((await withdrawn()).map((p) => [p.itemId, p.reason]).sort()).toEqual([[herBlog, 'deleted'], [selfDeleted, 'deleted']].sort());
    // Her words are gone from content's database, not only out of sight: also the post she had taken down herself.
    const words = await db.query(
      `select (select count(*) from content_item where author_id = $1 and (title <> '' or body <> '' or body_html <> '' or plain <> ''
                 or tags <> '{}' or details <> '{}'::jsonb or search is not null or rank_vector is not null))::int as items,
              (select count(*) from content_item where plain ilike '%Aliya%' or title ilike '%Aliya%')::int as mentions,
              (select count(*) from comment where author_id = $1 and (body <> '' or body_html <> ''))::int as comments,
              (select count(*) from similarity_signature s join content_item i on i.id = s.item_id where i.author_id = $1)::int
                + (select count(*) from similarity_band b join content_item i on i.id = b.item_id where i.author_id = $1)::int as fingerprints,
              (select count(*) from content_item where author_id = $1)::int as rows`,
      [her.id],
    );
    expect(words.rows[0]).toEqual({ items: 0, mentions: 0, comments: 0, fingerprints: 0, rows: 2 });
    // What others see follows: her post is gone, Dana's counts no longer hold her.
    expect((await api('GET', `/api/v1/blogs/${herBlog}`, { token: other.accessToken })).status).toBe(404);
    expect((await api('GET', `/api/v1/events/${otherEvent}`, { token: other.accessToken })).body).toMatchObject({ registeredCount: 0 });
    expect((await api('GET', `/api/v1/blogs/${otherBlog}`, { token: other.accessToken })).body).toMatchObject({ commentCount: 0, reactions: { insightful: 0 } });
  });
});
