/**
 * The event history is pruned by age against a real PostgreSQL: old sent outbox rows and old inbox
 * entries go, unsent rows stay whatever their age, and a retention shorter than the streams keep events
 * is refused (a late copy of an event could then be applied twice).
 */
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { MIN_EVENT_RETENTION_DAYS, pruneEventHistory } from '@weop/messaging';
import { serviceOrmConfig } from '@weop/persistence';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION = 35;

describe('event history retention', () => {
  let scope: SuiteScope;
  let orm: MikroORM;
  const now = new Date();
  const daysAgo = (days: number): Date => new Date(now.getTime() - days * DAY_MS);
  const sql = <T>(text: string, params: unknown[] = []): Promise<T> => orm.em.fork().getConnection().execute(text, params, 'all') as Promise<T>;

  const outboxRow = async (createdDaysAgo: number, sentDaysAgo: number | null): Promise<string> => {
    const id = randomUUID();
    await sql(`insert into outbox_message (id, subject, envelope, created_at, sent_at) values (?, 'identity.account.status-changed.v1', ?::jsonb, ?, ?)`, [
      id, JSON.stringify({ id, payload: { reason: 'a statement naming a member' } }), daysAgo(createdDaysAgo), sentDaysAgo === null ? null : daysAgo(sentDaysAgo),
    ]);
    return id;
  };
  const inboxEntry = async (processedDaysAgo: number): Promise<string> => {
    const id = randomUUID();
    await sql(`insert into inbox_entry (consumer, event_id, subject, processed_at) values ('retention-test', ?, 'trust-safety.sanction.imposed.v1', ?)`, [id, daysAgo(processedDaysAgo)]);
    return id;
  };
  const outboxIds = async (): Promise<Set<string>> => new Set((await sql<{ id: string }[]>('select id from outbox_message')).map((r) => r.id));
  const inboxIds = async (): Promise<Set<string>> => new Set((await sql<{ event_id: string }[]>('select event_id from inbox_entry')).map((r) => r.event_id));

  beforeAll(async () => {
    scope = await suiteScope('retention');
    orm = await MikroORM.init(serviceOrmConfig({ url: await scope.database('retention'), entities: [], migrations: [] }));
    await orm.getMigrator().up();
  });

  afterAll(async () => {
    await orm?.close(true);
    await scope?.cleanup();
  });

  beforeEach(async () => {
    await sql('delete from outbox_message');
    await sql('delete from inbox_entry');
  });

  it('deletes sent outbox rows and inbox entries older than the retention and keeps the rest', async () => {
    const oldSent = await outboxRow(40, 40);
    const recentSent = await outboxRow(10, 10);
    const sentLate = await outboxRow(40, 20); // stuck, then sent: kept for its full time after sending
    const neverSent = await outboxRow(400, null); // still owed to its consumers
    const oldApplied = await inboxEntry(36);
    const recentApplied = await inboxEntry(34);

    const pruned = await pruneEventHistory(orm, RETENTION, 5000, now);

    expect(pruned).toEqual({ outbox: 1, inbox: 1 });
    const outbox = await outboxIds();
    expect(outbox.has(oldSent)).toBe(false);
    expect([recentSent, sentLate, neverSent].every((id) => outbox.has(id))).toBe(true);
    const inbox = await inboxIds();
    expect(inbox.has(oldApplied)).toBe(false);
    expect(inbox.has(recentApplied)).toBe(true);
  });

  it('works through a backlog larger than one batch', async () => {
    await sql(`insert into outbox_message (id, subject, envelope, created_at, sent_at)
      select gen_random_uuid(), 'identity.account.status-changed.v1', '{}'::jsonb, ?::timestamptz, ?::timestamptz from generate_series(1, 25)`, [daysAgo(50), daysAgo(50)]);
    await sql(`insert into inbox_entry (consumer, event_id, subject, processed_at)
      select 'retention-test', gen_random_uuid(), 'trust-safety.sanction.imposed.v1', ?::timestamptz from generate_series(1, 12)`, [daysAgo(50)]);
    const kept = await outboxRow(1, 1);

    expect(await pruneEventHistory(orm, RETENTION, 10, now)).toEqual({ outbox: 25, inbox: 12 });
    expect([...(await outboxIds())]).toEqual([kept]);
    expect((await inboxIds()).size).toBe(0);
  });

  it('refuses a retention shorter than the streams keep events, deleting nothing', async () => {
    const id = await inboxEntry(MIN_EVENT_RETENTION_DAYS - 1);
    await expect(pruneEventHistory(orm, MIN_EVENT_RETENTION_DAYS - 2, 5000, now)).rejects.toThrow(/at least/);
    expect((await inboxIds()).has(id)).toBe(true);
  });
});
