/**
 * Reports on messages through the gateway, with community and trust-safety running: only a member of
 * the conversation reports, once; the moderator sees the reported message and a few around it, never
 * the rest of the conversation; the reporter follows her report in GET /me/reports; removing the
 * message hides it from the conversation.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CommunityReportFiledV1 } from '@weop/contracts';
import { eventually } from '@weop/testing';
import { readEvents } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import { EntityManager } from '@mikro-orm/postgresql';
import { MessageReportSubject } from '../apps/community/src/conversations/message-report-subject';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let moderator: SignedIn;
let db: Client;

beforeAll(async () => {
  platform = await startPlatform('community-reports', {}, {}, { community: true, trustSafety: true });
  api = client(platform.baseUrl);
  the = given(api);
  moderator = await the.staff('moderator');
  db = await platform.db('community');
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const member = async (displayName: string): Promise<SignedIn> => {
  const m = await the.member({ displayName });
  await eventually(async () => ((await db.query('select 1 from member where account_id = $1 and display_name is not null', [m.id])).rowCount ? true : undefined), 5000);
  return m;
};
const report = (by: SignedIn, type: string, id: string, guideline = 'safety') =>
  api('POST', '/api/v1/reports', { token: by.accessToken, body: { subject: { type, id }, guideline, details: 'He threatens me.' } });
const messagesOf = async (m: SignedIn, id: string) =>
  (await api('GET', `/api/v1/conversations/${id}/messages?limit=100`, { token: m.accessToken })).body.items as { id: string; text: string | null; status: string; attachments: unknown[] }[];
const caseAbout = (subjectId: string) =>
  eventually(async () => {
    const cases = (await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items as { id: string; subject: { type: string; id: string } }[];
    return cases.find((c) => c.subject.type === 'message' && c.subject.id === subjectId);
  }, 8000);

describe('reports on messages', () => {
  it('shows the moderator the reported message and its neighbours only, and follows the case to the removal', async () => {
    const him = await member('Timur');
    const her = await member('Zarina');
    const stranger = await member('Someone');
    const lines: [SignedIn, string][] = [
      [him, 'm1 Hello, we met at the Bishkek forum.'],
      [her, 'm2 Yes, nice to meet you.'],
      [him, 'm3 Where do you work now?'],
      [her, 'm4 At the cooperative.'],
      [him, 'm5 Send me your home address.'],
      [her, 'm6 No, I will not.'],
      [him, 'm7 Then I will find you myself.'],
      [her, 'm8 Stop writing to me.'],
      [him, 'm9 You will regret it.'],
    ];
    const id = (await api('POST', '/api/v1/conversations', { token: him.accessToken, body: { memberIds: [her.id], text: lines[0][1] } })).body.id as string;
    for (const [who, text] of lines.slice(1)) expect((await api('POST', `/api/v1/conversations/${id}/messages`, { token: who.accessToken, body: { text } })).status).toBe(201);
    const byText = new Map((await messagesOf(her, id)).map((m) => [m.text, m.id]));
    const threat = byText.get('m7 Then I will find you myself.')!;

    // Only a member of the conversation can report one of its messages; to anyone else it does not exist.
    expect((await report(stranger, 'message', threat)).status).toBe(404);
    expect((await report(her, 'message', randomUUID())).status).toBe(404);
    const own = await report(him, 'message', threat);
    expect({ status: own.status, code: own.body.error.code }).toEqual({ status: 422, code: 'REPORT_OWN_CONTENT' });
    const filed = await report(her, 'message', threat);
    expect(filed.status).toBe(202);
    // Her export lists the report she filed (and his does not).
    const exported = (await api('GET', '/api/v1/me/export', { token: her.accessToken })).body.services.community.reportsFiled;
    expect(exported).toEqual([expect.objectContaining({ id: filed.body.id, subject: { type: 'message', id: threat }, guideline: 'safety', details: 'He threatens me.' })]);
    expect((await api('GET', '/api/v1/me/export', { token: him.accessToken })).body.services.community.reportsFiled).toEqual([]);
    const again = await report(her, 'message', threat);
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'CONFLICT' });

    // The event carries her id to trust-safety only; the moderator's case shows the message and three on each side at most.
    const [event] = (await readEvents(platform.scope, CommunityReportFiledV1.subject)).filter((e) => e.payload.subjectId === threat);
    expect(event.payload).toMatchObject({ reportId: filed.body.id, subjectType: 'message', reporterId: her.id, guideline: 'safety', snapshot: { authorId: him.id, authorName: 'Timur', body: 'm7 Then I will find you myself.' } });
    const opened = await caseAbout(threat);
    const view = (await api('GET', `/api/v1/moderation/cases/${opened.id}`, { token: moderator.accessToken })).body;
    expect(view.snapshot).toMatchObject({
      body: 'm7 Then I will find you myself.',
      authorName: 'Timur',
      extra: {
        conversation: 'a one-to-one conversation',
        'before 3': 'Zarina: m4 At the cooperative.',
        'before 2': 'Timur: m5 Send me your home address.',
        'before 1': 'Zarina: m6 No, I will not.',
        'after 1': 'Zarina: m8 Stop writing to me.',
        'after 2': 'Timur: m9 You will regret it.',
      },
    });
    const shown = JSON.stringify(view);
    for (const older of ['m1 ', 'm2 ', 'm3 ']) expect(shown).not.toContain(older);
    expect(shown).not.toContain(her.id);
    expect(view.reports[0].reporter).not.toContain(her.id);

    // Her report is among her reports; the moderator removes the message and suspends its author.
    const mine = async () => ((await api('GET', '/api/v1/me/reports', { token: her.accessToken })).body.items as { id: string; subject: { type: string; id: string }; status: string }[]).find((r) => r.id === filed.body.id);
    expect(await mine()).toMatchObject({ subject: { type: 'message', id: threat }, status: 'received' });
    const decided = await api('POST', `/api/v1/moderation/cases/${opened.id}/decisions`, {
      token: moderator.accessToken,
      body: { action: 'suspend', durationDays: 7, removeContent: true, guideline: 'safety', statement: 'Threatening a member in private messages.' },
    });
    expect(decided.status).toBe(201);
    await eventually(async () => ((await mine())?.status === 'actioned' ? true : undefined), 8000);
    // She sees it removed by moderators (he, suspended, reads nothing for now); the rest of the conversation stays.
    await eventually(async () => ((await messagesOf(her, id)).find((m) => m.id === threat)?.status === 'removed' ? true : undefined), 8000);
    expect((await messagesOf(her, id)).find((m) => m.id === threat)).toMatchObject({ text: null, status: 'removed' });
    expect((await messagesOf(her, id)).filter((m) => m.status === 'visible')).toHaveLength(8);
    // A removed message can no longer be reported.
    expect((await report(stranger, 'message', threat)).status).toBe(404);
    // The suspended author can no longer write to her.
    await eventually(async () => ((await api('GET', '/api/v1/me/conversations', { token: him.accessToken })).status === 403 ? true : undefined), 8000);
    const refused = await api('POST', `/api/v1/conversations/${id}/messages`, { token: him.accessToken, body: { text: 'Hello?' } });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 403, code: 'ACCOUNT_SUSPENDED' });
    expect((await db.query('select count(*)::int as n from direct_message where author_id = $1', [him.id])).rows[0].n).toBe(5);
  });

  it("keeps a message hidden pending review out of the others' sight, while its author still reads it as sent", async () => {
    const author = await member('Timur');
    const reader = await member('Zarina');
    const started = await api('POST', '/api/v1/conversations', { token: author.accessToken, body: { memberIds: [reader.id], text: 'Meet me after work.' } });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const [message] = await messagesOf(author, id);
    const community = platform.community;
    if (!community) throw new Error('community is not running');
    await community.get(EntityManager).fork().transactional((em) => community.get(MessageReportSubject).setVisibility(em, message.id, 'hidden'));
    // In a conversation of two, "hidden" would tell him who reported it: to him it still reads as sent.
    expect((await messagesOf(author, id))[0]).toMatchObject({ status: 'visible', text: 'Meet me after work.' });
    const mine = (await api('GET', '/api/v1/me/conversations', { token: author.accessToken })).body.items.find((c: { id: string }) => c.id === id);
    expect(mine.lastMessage.text).toBe('Meet me after work.');
    expect((await messagesOf(reader, id))[0]).toMatchObject({ status: 'hidden', text: null });
  });

  it('lets a member who deleted a request still report what she received in it, nothing written after, and answers 404 for groups community does not have', async () => {
    const a = await member('Gulnara');
    const b = await member('Saule');
    const id = (await api('POST', '/api/v1/conversations', { token: a.accessToken, body: { memberIds: [b.id], text: 'I know where you work.' } })).body.id as string;
    const [first] = await messagesOf(b, id);
    expect((await api('DELETE', `/api/v1/conversations/${id}`, { token: b.accessToken })).status).toBe(204);
    // The sender writes on into the deleted request; she never saw that.
    const later = (await api('POST', `/api/v1/conversations/${id}/messages`, { token: a.accessToken, body: { text: 'You cannot hide.' } })).body.id as string;
    expect((await report(b, 'message', first.id)).status).toBe(202);
    expect((await report(b, 'message', later)).status).toBe(404);
    expect((await report(b, 'group', randomUUID())).status).toBe(404);
    const filed = await db.query('select subject_id from community_report where reporter_id = $1', [b.id]);
    expect(filed.rows).toEqual([{ subject_id: first.id }]);
    const found = await caseAbout(first.id);
    expect(found).toBeDefined();
  });
});
