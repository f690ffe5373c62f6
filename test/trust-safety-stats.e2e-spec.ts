/**
 * Transparency statistics (`GET /moderation/stats`) and what trust-safety keeps from identity's member
 * events: authors' countries, and a deleted reporter's reports (same pseudonym, no id).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from '@weop/testing';
import { publishEvent } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

interface Stats {
  from: string;
  to: string;
  reportsReceived: number;
  reportsPerDay: { day: string; guideline: string; count: number }[];
  casesByGuideline: { guideline: string; count: number }[];
  casesByCountry: { country: string | null; count: number }[];
  actionsByKind: { action: string; count: number }[];
  removals: number;
  medianHoursToFirstAction: number | null;
  medianHoursToDecision: number | null;
  appeals: { filed: number; decided: number; overturned: number; overturnRate: number | null };
}

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let moderator: SignedIn;
let db: Client;

beforeAll(async () => {
  platform = await startPlatform('ts-stats', {}, {}, { content: true, trustSafety: true });
  api = client(platform.baseUrl);
  the = given(api);
  moderator = await the.staff('moderator', { displayName: 'Moderator' });
  await eventually(async () => (await api('GET', '/api/v1/moderation/stats', { token: moderator.accessToken })).status === 200, 5000);
  db = new Client({ connectionString: await platform.scope.database('trust-safety') });
  await db.connect();
}, 60_000);

afterAll(async () => {
  await db?.end();
  await platform?.close();
});

const stats = async (query = ''): Promise<Stats> => {
  const answer = await api<Stats>('GET', `/api/v1/moderation/stats${query}`, { token: moderator.accessToken });
  if (answer.status !== 200) throw new Error(`stats: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};
const count = <K extends string>(list: ({ count: number } & Record<K, unknown>)[], key: K, value: unknown): number =>
  list.filter((e) => e[key] === value).reduce((sum, e) => sum + e.count, 0);

const blogBy = async (author: SignedIn, title: string): Promise<string> => {
  const made = await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title, body: 'A post the moderators will look at.', originalityAttested: true } });
  if (made.status !== 201) throw new Error(`blog: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.id as string;
};
const report = async (reporter: SignedIn, blogId: string, guideline: string): Promise<string> => {
  const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: blogId }, guideline } });
  if (filed.status !== 202) throw new Error(`report: ${filed.status} ${JSON.stringify(filed.body)}`);
  return filed.body.id as string;
};
const caseOf = (subjectId: string): Promise<{ id: string }> =>
  eventually(async () => (await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items.find((c: { subject: { id: string } }) => c.subject.id === subjectId));
const decide = async (caseId: string, body: Record<string, unknown>): Promise<void> => {
  const decided = await api('POST', `/api/v1/moderation/cases/${caseId}/decisions`, { token: moderator.accessToken, body });
  if (decided.status !== 201) throw new Error(`decide: ${decided.status} ${JSON.stringify(decided.body)}`);
};

describe('transparency statistics', () => {
  it('counts reports by guideline, cases by guideline and country, decisions by kind and how long they took; no reporter in it', async () => {
    const before = await stats();
    const authorA = await the.member({ displayName: 'Author A', country: 'MN' });
    const authorB = await the.member({ displayName: 'Author B', country: 'KZ' });
    const reporters = [await the.member(), await the.member()];
    const insulting = await blogBy(authorA, 'An insulting post');
    const doubtful = await blogBy(authorB, 'A post with doubtful figures');
    await report(reporters[0], insulting, 'respect');
    await report(reporters[1], doubtful, 'be-factual');
    await decide((await caseOf(insulting)).id, { action: 'suspend', removeContent: true, guideline: 'respect', statement: 'Insults aimed at another member.', durationDays: 3 });
    await decide((await caseOf(doubtful)).id, { action: 'dismiss', guideline: 'be-factual', statement: 'The figures are sourced.' });

    // The authors' countries come from identity's registration events, which may land a moment later.
    const after = await eventually(async () => {
      const s = await stats();
      return count(s.casesByCountry, 'country', 'MN') > count(before.casesByCountry, 'country', 'MN') && count(s.casesByCountry, 'country', 'KZ') > count(before.casesByCountry, 'country', 'KZ') ? s : undefined;
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(after.to).toBe(today);
    expect(after.from).toBe(new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10));
    expect(after.reportsReceived - before.reportsReceived).toBe(2);
    for (const guideline of ['respect', 'be-factual']) {
      expect({ guideline, added: count(after.reportsPerDay, 'guideline', guideline) - count(before.reportsPerDay, 'guideline', guideline) }).toEqual({ guideline, added: 1 });
      expect({ guideline, added: count(after.casesByGuideline, 'guideline', guideline) - count(before.casesByGuideline, 'guideline', guideline) }).toEqual({ guideline, added: 1 });
    }
    expect(after.reportsPerDay.every((d) => d.day >= after.from && d.day <= after.to)).toBe(true);
    expect(count(after.casesByCountry, 'country', 'MN') - count(before.casesByCountry, 'country', 'MN')).toBe(1);
    expect(count(after.casesByCountry, 'country', 'KZ') - count(before.casesByCountry, 'country', 'KZ')).toBe(1);
    expect(count(after.actionsByKind, 'action', 'suspend') - count(before.actionsByKind, 'action', 'suspend')).toBe(1);
    expect(count(after.actionsByKind, 'action', 'dismiss') - count(before.actionsByKind, 'action', 'dismiss')).toBe(1);
    // The suspension removed the post too: counted under suspend, and as a removal.
    expect(after.removals - before.removals).toBe(1);
    expect(after.medianHoursToFirstAction).toEqual(expect.any(Number));
    expect(after.medianHoursToDecision).toEqual(expect.any(Number));
    expect(after.medianHoursToDecision).toBeGreaterThanOrEqual(0);
    expect(after.appeals).toEqual({ filed: 0, decided: 0, overturned: 0, overturnRate: null });

    const text = JSON.stringify(after);
    for (const secret of reporters.flatMap((r) => [r.id, r.email])) expect(text).not.toContain(secret);
    expect(text).not.toContain('Reporter ');
  });

  it('computes each figure over exactly the UTC days asked for, medians and appeals included', async () => {
    // A past month written straight into trust-safety's database, as its cases, decisions and appeals
    // would have left it; nothing else in this suite falls in January 2025.
    const at = (iso: string): Date => new Date(iso);
    const openCase = async (openedAt: string, guidelines: string[], authorId: string | null, country: string | null): Promise<string> => {
      const id = randomUUID();
      await db.query(
        `insert into moderation_case (id, subject_type, subject_id, author_id, author_country, snapshot, guidelines, opened_at, updated_at)
         values ($1, 'blog', $2, $3, $4, '{}', $5, $6, $6)`,
        [id, randomUUID(), authorId, country, guidelines, at(openedAt)],
      );
      await db.query(`insert into case_event (id, case_id, kind, actor, at) values ($1, $2, 'opened', 'system', $3)`, [randomUUID(), id, at(openedAt)]);
      return id;
    };
    const event = (caseId: string, kind: string, when: string) =>
      db.query(`insert into case_event (id, case_id, kind, actor, at) values ($1, $2, $3, $4, $5)`, [randomUUID(), caseId, kind, kind === 'hidden' ? 'system' : moderator.id, at(when)]);
    const decision = async (caseId: string, action: string, when: string, removeContent = false): Promise<void> => {
      await db.query(
        `insert into decision (id, case_id, moderator_id, action, guideline, statement, remove_content, decided_at) values ($1, $2, $3, $4, 'respect', 'Past', $5, $6)`,
        [randomUUID(), caseId, moderator.id, action, removeContent, at(when)],
      );
      await event(caseId, 'decided', when);
      await db.query('update moderation_case set status = $2 where id = $1', [caseId, action === 'dismiss' ? 'dismissed' : 'decided']);
    };
    const reportOn = (caseId: string, guideline: string, filedAt: string, reporterId: string) =>
      db.query(`insert into case_report (id, case_id, producer, reporter_id, guideline, filed_at) values ($1, $2, 'content', $3, $4, $5)`, [randomUUID(), caseId, reporterId, guideline, at(filedAt)]);

    const memberInTurkmenistan = randomUUID();
    await db.query(`insert into member (account_id, country, updated_at) values ($1, 'TM', now())`, [memberInTurkmenistan]);
    const openedBefore = await openCase('2024-12-31T23:59:59Z', ['respect'], randomUUID(), 'KG');
    const first = await openCase('2025-01-10T00:00:00Z', ['respect'], randomUUID(), 'KG');
    const second = await openCase('2025-01-11T00:00:00Z', ['be-factual', 'respect'], memberInTurkmenistan, null);
    const third = await openCase('2025-01-12T00:00:00Z', ['privacy'], null, null);
    const last = await openCase('2025-01-31T23:00:00Z', ['safety'], randomUUID(), 'KG');
    const openedAfter = await openCase('2025-02-01T00:00:00Z', ['safety'], randomUUID(), 'AZ');
    // First actions — a hide or a decision, not a claim — after 0.5 h (hidden), 4 h (claimed at 1 h, decided at 4 h)
    // and 10 h: median 4 (it would be 2 if claims counted); decisions after 2 h, 4 h and 10 h (median 4).
    await event(first, 'hidden', '2025-01-10T00:30:00Z');
    await decision(first, 'warn', '2025-01-10T02:00:00Z', true);
    await event(second, 'claimed', '2025-01-11T01:00:00Z');
    await decision(second, 'dismiss', '2025-01-11T04:00:00Z');
    await decision(third, 'dismiss', '2025-01-12T10:00:00Z');
    // Decided in the span, opened before it: an action of the span, but not one of its cases' timings.
    await decision(openedBefore, 'suspend', '2025-01-01T01:00:00Z', true);
    await decision(openedAfter, 'expel', '2025-02-01T05:00:00Z', true);
    const reporterIds = [randomUUID(), randomUUID(), randomUUID()];
    await reportOn(openedBefore, 'respect', '2024-12-31T23:59:59Z', reporterIds[0]);
    await reportOn(first, 'respect', '2025-01-10T00:00:00Z', reporterIds[0]);
    await reportOn(first, 'respect', '2025-01-10T23:59:59Z', reporterIds[1]);
    await reportOn(second, 'be-factual', '2025-01-11T00:00:00Z', reporterIds[2]);
    await reportOn(last, 'safety', '2025-01-31T23:59:59Z', reporterIds[1]);
    await reportOn(openedAfter, 'safety', '2025-02-01T00:00:00Z', reporterIds[2]);
    // Appeals: filed in the span (open, upheld later in it, overturned after it) and one filed before but overturned in it.
    const appeal = async (filedAt: string, status: string, decidedAt: string | null): Promise<void> => {
      const sanctionId = randomUUID();
      await db.query(
        `insert into sanction (id, account_id, case_id, decision_id, kind, guideline, statement, starts_at, appealable_until, decided_by)
         values ($1, $2, $3, $4, 'warning', 'respect', 'Past', $5, $5, $6)`,
        [sanctionId, randomUUID(), first, randomUUID(), at('2024-12-01T00:00:00Z'), moderator.id],
      );
      await db.query(
        `insert into appeal (id, sanction_id, account_id, case_id, text, status, filed_at, decided_at) values ($1, $2, $3, $4, 'Please look again', $5, $6, $7)`,
        [randomUUID(), sanctionId, randomUUID(), first, status, at(filedAt), decidedAt ? at(decidedAt) : null],
      );
    };
    await appeal('2025-01-05T00:00:00Z', 'open', null);
    await appeal('2024-12-20T00:00:00Z', 'overturned', '2025-01-03T00:00:00Z');
    await appeal('2025-01-15T00:00:00Z', 'upheld', '2025-01-20T00:00:00Z');
    await appeal('2025-01-25T00:00:00Z', 'overturned', '2025-02-03T00:00:00Z');

    const january = await stats('?from=2025-01-01&to=2025-01-31');
    expect(january).toEqual({
      from: '2025-01-01',
      to: '2025-01-31',
      reportsReceived: 4,
      reportsPerDay: [
        { day: '2025-01-10', guideline: 'respect', count: 2 },
        { day: '2025-01-11', guideline: 'be-factual', count: 1 },
        { day: '2025-01-31', guideline: 'safety', count: 1 },
      ],
      casesByGuideline: [
        { guideline: 'respect', count: 2 },
        { guideline: 'be-factual', count: 1 },
        { guideline: 'privacy', count: 1 },
        { guideline: 'safety', count: 1 },
      ],
      // The second case's author is known only through her member row; the third has no author.
      casesByCountry: [
        { country: 'KG', count: 2 },
        { country: 'TM', count: 1 },
        { country: null, count: 1 },
      ],
      actionsByKind: [
        { action: 'dismiss', count: 2 },
        { action: 'suspend', count: 1 },
        { action: 'warn', count: 1 },
      ],
      // The warning and the suspension that also removed content; the expulsion's removal falls in February.
      removals: 2,
      medianHoursToFirstAction: 4,
      medianHoursToDecision: 4,
      appeals: { filed: 3, decided: 2, overturned: 1, overturnRate: 0.5 },
    });
    const text = JSON.stringify(january);
    for (const id of reporterIds) expect(text).not.toContain(id);

    // One day: the last of the month, up to its last second.
    const lastDay = await stats('?from=2025-01-31&to=2025-01-31');
    expect(lastDay).toMatchObject({ reportsReceived: 1, casesByGuideline: [{ guideline: 'safety', count: 1 }], actionsByKind: [], removals: 0, medianHoursToFirstAction: null, medianHoursToDecision: null });
    expect(lastDay.appeals).toEqual({ filed: 0, decided: 0, overturned: 0, overturnRate: null });
  });

  it("follows her country from identity's profile events, the newest one winning", async () => {
    const before = await stats();
    const author = await the.member({ displayName: 'Author in Georgia', country: 'GE' });
    const blogId = await blogBy(author, 'A post from Tbilisi');
    await report(await the.member(), blogId, 'respect');
    const found = await caseOf(blogId);
    await eventually(async () => count((await stats()).casesByCountry, 'country', 'GE') === count(before.casesByCountry, 'country', 'GE') + 1);

    // Identity announces a newer country (playing identity on the backbone): her case follows.
    await publishEvent(platform.scope, 'identity.profile.changed.v1', { accountId: author.id, displayName: 'Author in Georgia', country: 'TJ', changedAt: new Date(Date.now() + 1000).toISOString() });
    await eventually(async () => (await db.query('select author_country from moderation_case where id = $1', [found.id])).rows[0]?.author_country === 'TJ');
    const moved = await stats();
    expect(count(moved.casesByCountry, 'country', 'TJ') - count(before.casesByCountry, 'country', 'TJ')).toBe(1);
    expect(count(moved.casesByCountry, 'country', 'GE') - count(before.casesByCountry, 'country', 'GE')).toBe(0);

    // An older announcement arriving late changes nothing.
    const late = await publishEvent(platform.scope, 'identity.profile.changed.v1', { accountId: author.id, displayName: 'Author in Georgia', country: 'AZ', changedAt: '2020-01-01T00:00:00.000Z' });
    await eventually(async () => (await db.query('select 1 from inbox_entry where event_id = $1', [late])).rowCount === 1);
    expect((await db.query('select author_country from moderation_case where id = $1', [found.id])).rows[0].author_country).toBe('TJ');
    expect((await db.query('select country from member where account_id = $1', [author.id])).rows[0].country).toBe('TJ');
  });

  it('is for staff only, and refuses dates that are not a forward span of at most 366 days', async () => {
    const member = await the.member();
    const refused = await api('GET', '/api/v1/moderation/stats', { token: member.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await api('GET', '/api/v1/moderation/stats')).status).toBe(401);

    const backwards = await api('GET', '/api/v1/moderation/stats?from=2025-03-02&to=2025-03-01', { token: moderator.accessToken });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'from (2025-03-02) is after to (2025-03-01): the span must run forward.', details: [{ field: 'from', problem: 'must not be after to' }] });
    const tooLong = await api('GET', '/api/v1/moderation/stats?from=2024-01-01&to=2025-01-01', { token: moderator.accessToken });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('at most 366');
    expect((await api('GET', '/api/v1/moderation/stats?from=2024-01-01&to=2024-12-31', { token: moderator.accessToken })).status).toBe(200);
    for (const query of ['from=2025-02-29', 'to=2025-13-01', 'from=01/02/2025', 'from=2025-1-2', 'to=1999-12-31', 'to=2025-01-01&to=2025-01-02', 'since=2025-01-01']) {
      const answer = await api('GET', `/api/v1/moderation/stats?${query}`, { token: moderator.accessToken });
      expect({ query, status: answer.status, code: answer.body.error?.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});

describe('a member who deletes her account', () => {
  it('leaves no reporter id behind, and each case keeps showing the pseudonym she had there', async () => {
    const reporter = await the.member();
    const author = await the.member({ displayName: 'Author in Pakistan', country: 'PK' });
    const blogId = await blogBy(author, 'A post reported, then decided');
    const reportId = await report(reporter, blogId, 'respect');
    const found = await caseOf(blogId);
    const pseudonymOf = async (): Promise<string> =>
      (await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken })).body.reports.find((r: { id: string }) => r.id === reportId).reporter as string;
    const shown = await pseudonymOf();
    expect(shown).toMatch(/^Reporter [A-Z2-9]{6}$/);
    // Her record as a reporter (kept by the reports' outcomes): it goes with her account.
    await db.query('insert into reporter_standing (reporter_id, dismissed, updated_at) values ($1, 1, now())', [reporter.id]);
    await eventually(async () => (await db.query('select 1 from member where account_id = $1', [reporter.id])).rowCount === 1);

    expect((await api('DELETE', '/api/v1/me', { token: reporter.accessToken, body: { password: reporter.password } })).status).toBe(204);
    const row = await eventually(async () => {
      const { rows } = await db.query('select reporter_id, reporter_pseudonym from case_report where id = $1', [reportId]);
      return rows[0]?.reporter_id === null ? rows[0] : undefined;
    });
    expect(row.reporter_pseudonym).toBe(shown);
    expect(await pseudonymOf()).toBe(shown);
    for (const table of ['case_report', 'case_event', 'moderation_case', 'member', 'reporter_standing', 'decision', 'sanction', 'appeal']) {
      const { rows } = await db.query(`select count(*)::int as n from ${table} t where t::text like $1`, [`%${reporter.id}%`]);
      expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
    }
  });

  it('keeps the cases and sanctions about what she wrote, with her country', async () => {
    const author = await the.member({ displayName: 'Author in Pakistan', country: 'PK' });
    const blogId = await blogBy(author, 'A post that earns a warning');
    await report(await the.member(), blogId, 'respect');
    const found = await caseOf(blogId);
    await decide(found.id, { action: 'warn', guideline: 'respect', statement: 'A rude remark about another member.' });
    await eventually(async () => (await db.query('select 1 from member where account_id = $1', [author.id])).rowCount === 1);

    expect((await api('DELETE', '/api/v1/me', { token: author.accessToken, body: { password: author.password } })).status).toBe(204);
    await eventually(async () => (await db.query('select 1 from member where account_id = $1', [author.id])).rowCount === 0);
    const kept = await db.query('select author_id, author_country, status from moderation_case where id = $1', [found.id]);
    expect(kept.rows[0]).toEqual({ author_id: author.id, author_country: 'PK', status: 'decided' });
    expect((await db.query('select kind from sanction where account_id = $1', [author.id])).rows).toEqual([{ kind: 'warning' }]);
    const view = await api('GET', `/api/v1/moderation/cases/${found.id}`, { token: moderator.accessToken });
    expect(view.body).toMatchObject({ authorId: author.id, status: 'decided' });
  });
});
