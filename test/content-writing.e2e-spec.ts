/** Members write through the gateway: blogs with comments and reactions, discussions, resources, and search over them. */
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let aigerim: SignedIn;
let dilnoza: SignedIn;

beforeAll(async () => {
  platform = await startPlatform('content-writing', {}, {}, { content: true });
  api = client(platform.baseUrl);
  the = given(api);
  aigerim = await the.member({ displayName: 'Aigerim', country: 'KZ' });
  dilnoza = await the.member({ displayName: 'Dilnoza', country: 'UZ' });
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const blog = (overrides: Record<string, unknown> = {}) => ({
  title: 'How we opened a crafts cooperative in Shymkent',
  body: 'We started with **six women** and one sewing machine.\n\nToday the cooperative sells across Kazakhstan.',
  tags: ['Entrepreneurship', 'crafts'],
  originalityAttested: true,
  ...overrides,
});

describe('blogs', () => {
  it('refuses to publish without the originality attestation, and keeps nothing', async () => {
    const refused = await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: blog({ originalityAttested: undefined }) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'originalityAttested' })]);
    const mine = await api('GET', '/api/v1/blogs?scope=mine', { token: aigerim.accessToken });
    expect(mine.body.items).toEqual([]);
  });

  it('refuses unknown fields', async () => {
    const refused = await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: { ...blog(), authorId: dilnoza.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('authorId');
  });

  it('publishes, renders Markdown to safe HTML, and shows the author by her public name', async () => {
    const created = await api('POST', '/api/v1/blogs', {
      token: aigerim.accessToken,
      body: blog({ body: 'Hello **world** <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), status: 'published' });
    const read = await api('GET', `/api/v1/blogs/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, title: blog().title, tags: ['entrepreneurship', 'crafts'], status: 'published', author: { id: aigerim.id, displayName: 'Aigerim' } });
    expect(read.body.publishedAt).toEqual(expect.any(String));
    expect(read.body.bodyHtml).toContain('<strong>world</strong>');
    // What survives is text, escaped: no script element, no handler attribute, no javascript: link.
    expect(read.body.bodyHtml).not.toMatch(/<script/i);
    expect(read.body.bodyHtml).not.toMatch(/<[^>]+\son\w+\s*=/i);
    expect(read.body.bodyHtml).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    expect(read.body.bodyHtml).toContain('&lt;script&gt;');
  });

  it('lets only the author edit; drafts stay hers until published', async () => {
    const draft = await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: { title: 'Notes from the Almaty forum', body: 'Draft text', draft: true } });
    expect(draft.body.status).toBe('draft');
    expect((await api('GET', `/api/v1/blogs/${draft.body.id}`, { token: dilnoza.accessToken })).status).toBe(404);
    expect((await api('GET', `/api/v1/blogs/${draft.body.id}`, { token: aigerim.accessToken })).body.status).toBe('draft');

    const notHers = await api('PATCH', `/api/v1/blogs/${draft.body.id}`, { token: dilnoza.accessToken, body: { title: 'Mine now' } });
    expect(notHers.status).toBe(404);
    const edited = await api('PATCH', `/api/v1/blogs/${draft.body.id}`, { token: aigerim.accessToken, body: { body: 'What we learned at the **Almaty** forum on women in business.' } });
    expect(edited.status).toBe(200);
    expect(edited.body.bodyHtml).toContain('<strong>Almaty</strong>');
    const badEdit = await api('PATCH', `/api/v1/blogs/${draft.body.id}`, { token: aigerim.accessToken, body: { status: 'published' } });
    expect(badEdit.status).toBe(400);

    const withoutAttestation = await api('POST', `/api/v1/blogs/${draft.body.id}/publish`, { token: aigerim.accessToken, body: {} });
    expect(withoutAttestation.status).toBe(400);
    const published = await api('POST', `/api/v1/blogs/${draft.body.id}/publish`, { token: aigerim.accessToken, body: { originalityAttested: true } });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');

    const publishedEditByOther = await api('PATCH', `/api/v1/blogs/${draft.body.id}`, { token: dilnoza.accessToken, body: { title: 'Mine now' } });
    expect(publishedEditByOther.status).toBe(403);

    const unpublished = await api('POST', `/api/v1/blogs/${draft.body.id}/unpublish`, { token: aigerim.accessToken });
    expect(unpublished.body.status).toBe('unpublished');
    expect((await api('GET', `/api/v1/blogs/${draft.body.id}`)).status).toBe(404);
  });

  it('lists newest first with cursor pagination, by tag and by author, and shows her author page', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const created = await api('POST', '/api/v1/blogs', { token: dilnoza.accessToken, body: blog({ title: `Samarkand diary ${n}`, tags: ['samarkand-diary'] }) });
      ids.push(created.body.id);
    }
    const first = await api('GET', '/api/v1/blogs?tag=samarkand-diary&limit=2');
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.items[0].excerpt).toEqual(expect.any(String));
    expect(first.body.items[0].body).toBeUndefined();
    const second = await api('GET', `/api/v1/blogs?tag=samarkand-diary&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();

    const byAuthor = await api('GET', `/api/v1/blogs?author=${dilnoza.id}`);
    expect(byAuthor.body.items.every((i: { author: { id: string } }) => i.author.id === dilnoza.id)).toBe(true);
    const page = await api('GET', `/api/v1/authors/${dilnoza.id}/content`);
    expect(page.body.items.length).toBeGreaterThanOrEqual(3);

    const tampered = await api('GET', '/api/v1/blogs?cursor=not-a-cursor');
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.details[0].field).toBe('cursor');
  });

  it('takes comments and reactions from members', async () => {
    const post = await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: blog({ title: 'Mentoring young engineers' }) });
    const comment = await api('POST', `/api/v1/blogs/${post.body.id}/comments`, { token: dilnoza.accessToken, body: { body: 'Thank you, _very_ useful!' } });
    expect(comment.status).toBe(201);
    const anonymous = await api('POST', `/api/v1/blogs/${post.body.id}/comments`, { body: { body: 'hi' } });
    expect(anonymous.status).toBe(401);
    const comments = await api('GET', `/api/v1/blogs/${post.body.id}/comments`);
    expect(comments.body.items).toEqual([expect.objectContaining({ id: comment.body.id, bodyHtml: expect.stringContaining('<em>very</em>'), author: { id: dilnoza.id, displayName: 'Dilnoza' } })]);

    expect((await api('PUT', `/api/v1/blogs/${post.body.id}/reactions/support`, { token: dilnoza.accessToken })).status).toBe(204);
    expect((await api('PUT', `/api/v1/blogs/${post.body.id}/reactions/support`, { token: dilnoza.accessToken })).status).toBe(204);
    expect((await api('PUT', `/api/v1/blogs/${post.body.id}/reactions/angry`, { token: dilnoza.accessToken })).status).toBe(400);
    const read = await api('GET', `/api/v1/blogs/${post.body.id}`, { token: dilnoza.accessToken });
    expect(read.body.reactions).toEqual({ like: 0, insightful: 0, support: 1 });
    expect(read.body.myReactions).toEqual(['support']);
    expect(read.body.commentCount).toBe(1);

    const notHers = await api('DELETE', `/api/v1/blogs/${post.body.id}/comments/${comment.body.id}`, { token: aigerim.accessToken });
    expect(notHers.status).toBe(403);
    expect((await api('DELETE', `/api/v1/blogs/${post.body.id}/comments/${comment.body.id}`, { token: dilnoza.accessToken })).status).toBe(204);
    expect((await api('GET', `/api/v1/blogs/${post.body.id}/comments`)).body.items).toEqual([]);
  });
});

describe('bad input is refused and changes nothing', () => {
  it('refuses half a surrogate pair (not a character) instead of failing to store it', async () => {
    const refused = await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: blog({ title: 'Broken \ud83d text' }) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('title');
    const whole = await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: blog({ title: 'Whole emoji 😀 text' }) });
    expect(whole.status).toBe(201);
  });

  it('answers 400 to a cursor it did not give out, also one with an out-of-range date or rank', async () => {
    const forged = (values: unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/api/v1/blogs?cursor=${forged(['+275000-01-01T00:00:00.000Z', uuid])}`, `/api/v1/authors/${aigerim.id}/content?cursor=${forged(['-100000-01-01T00:00:00.000Z', uuid])}`, `/api/v1/search?q=women&cursor=${forged([1e308, uuid])}`]) {
      const answer = await api('GET', path, { token: aigerim.accessToken });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
    }
  });

  it('takes a very long text without spaces and no language in one piece', async () => {
    const created = await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: blog({ body: 'a'.repeat(100_000) }) });
    expect(created.status).toBe(201);
    expect((await api('GET', `/api/v1/blogs/${created.body.id}`)).body.language).toBe('en');
  });

  it('matches tags without regard to case', async () => {
    await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: blog({ tags: ['Weaving'] }) });
    expect((await api('GET', '/api/v1/blogs?tag=WEAVING')).body.items).toHaveLength(1);
  });

  it('keeps discussions from anonymous readers on author pages too', async () => {
    expect((await api('GET', `/api/v1/authors/${aigerim.id}/content?type=discussion`)).status).toBe(401);
  });
});

describe('discussions and resources', () => {
  it('keeps discussions for signed-in members, in topics, with replies', async () => {
    const thread = await api('POST', '/api/v1/discussions', { token: aigerim.accessToken, body: { title: 'Childcare for working mothers in Bishkek', body: 'What works for you?', topic: 'work-life' } });
    expect(thread.status).toBe(201);
    expect((await api('GET', `/api/v1/discussions/${thread.body.id}`)).status).toBe(404);
    expect((await api('GET', '/api/v1/discussions')).status).toBe(401);
    const reply = await api('POST', `/api/v1/discussions/${thread.body.id}/replies`, { token: dilnoza.accessToken, body: { body: 'Our employer runs a kindergarten.' } });
    expect(reply.status).toBe(201);
    const inTopic = await api('GET', '/api/v1/discussions?topic=work-life', { token: dilnoza.accessToken });
    expect(inTopic.body.items.map((i: { id: string }) => i.id)).toContain(thread.body.id);
    const read = await api('GET', `/api/v1/discussions/${thread.body.id}`, { token: dilnoza.accessToken });
    expect(read.body).toMatchObject({ topic: 'work-life', commentCount: 1 });
  });

  it('shares a resource as a link', async () => {
    const created = await api('POST', '/api/v1/resources', { token: aigerim.accessToken, body: { title: 'Gender budgeting toolkit', description: 'A practical guide for local governments.', kind: 'toolkit', url: 'https://example.org/toolkit.pdf' } });
    expect(created.status).toBe(201);
    const read = await api('GET', `/api/v1/resources/${created.body.id}`);
    expect(read.body).toMatchObject({ kind: 'toolkit', url: 'https://example.org/toolkit.pdf', description: 'A practical guide for local governments.' });
    const noLink = await api('POST', '/api/v1/resources', { token: aigerim.accessToken, body: { title: 'x', description: 'y', kind: 'guide' } });
    expect(noLink.status).toBe(400);
    const badLink = await api('POST', '/api/v1/resources', { token: aigerim.accessToken, body: { title: 'x', description: 'y', kind: 'guide', url: 'javascript:alert(1)' } });
    expect(badLink.status).toBe(400);
  });
});

describe('search', () => {
  beforeAll(async () => {
    await api('POST', '/api/v1/blogs', { token: aigerim.accessToken, body: blog({ title: 'Женщины в предпринимательстве', body: 'Как женщинам начать собственное дело в Казахстане: кредиты и наставники.', tags: ['business'] }) });
    await api('POST', '/api/v1/blogs', { token: dilnoza.accessToken, body: blog({ title: '保障妇女权益的新法律', body: '新疆和内蒙古的妇女合作社正在发展。', tags: ['law'] }) });
    await api('POST', '/api/v1/blogs', { token: dilnoza.accessToken, body: blog({ title: 'Working mothers and flexible hours', body: 'Employers in Tashkent are trying flexible schedules for women who work.', tags: ['work'] }) });
    await api('POST', '/api/v1/discussions', { token: dilnoza.accessToken, body: { title: 'Flexible hours: how to ask?', body: 'Negotiating flexible hours with an employer.', topic: 'work-life' } });
  });

  const titles = (answer: { body: { items: { title: string }[] } }): string[] => answer.body.items.map((i) => i.title);

  it('finds Russian words by their stem', async () => {
    const found = await api('GET', `/api/v1/search?q=${encodeURIComponent('женщина предпринимательство')}`);
    expect(found.status).toBe(200);
    expect(titles(found)).toContain('Женщины в предпринимательстве');
    expect(found.body.items[0]).toMatchObject({ type: 'blog', id: expect.any(String), snippet: expect.any(String), language: 'ru' });
  });

  it('finds Chinese words inside longer runs of characters', async () => {
    const found = await api('GET', `/api/v1/search?q=${encodeURIComponent('妇女权益')}`);
    expect(titles(found)).toEqual(['保障妇女权益的新法律']);
    const other = await api('GET', `/api/v1/search?q=${encodeURIComponent('合作社')}`);
    expect(titles(other)).toEqual(['保障妇女权益的新法律']);
  });

  it('finds English inflections, ranks, and filters by type and language', async () => {
    const found = await api('GET', '/api/v1/search?q=flexible%20hours', { token: aigerim.accessToken });
    expect(titles(found)).toEqual(expect.arrayContaining(['Working mothers and flexible hours', 'Flexible hours: how to ask?']));
    const first = await api('GET', '/api/v1/search?q=flexible&limit=1', { token: aigerim.accessToken });
    const second = await api('GET', `/api/v1/search?q=flexible&limit=1&cursor=${first.body.nextCursor}`, { token: aigerim.accessToken });
    expect([...titles(first), ...titles(second)].sort()).toEqual(['Flexible hours: how to ask?', 'Working mothers and flexible hours']);
    expect(second.body.nextCursor).toBeNull();
    const inflected = await api('GET', '/api/v1/search?q=worked', { token: aigerim.accessToken });
    expect(titles(inflected)).toContain('Working mothers and flexible hours');
    const blogsOnly = await api('GET', '/api/v1/search?q=flexible&type=blog', { token: aigerim.accessToken });
    expect(titles(blogsOnly)).toEqual(['Working mothers and flexible hours']);
    const anonymous = await api('GET', '/api/v1/search?q=flexible');
    expect(titles(anonymous)).not.toContain('Flexible hours: how to ask?');
    const russianOnly = await api('GET', '/api/v1/search?q=flexible&language=ru');
    expect(titles(russianOnly)).toEqual([]);
    expect((await api('GET', '/api/v1/search?q=')).status).toBe(400);
    expect((await api('GET', '/api/v1/search?q=flexible&type=video')).status).toBe(400);
  });
});
