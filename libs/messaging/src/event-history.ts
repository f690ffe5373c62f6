/**
 * How long a service keeps the history of its events: sent outbox rows and inbox entries.
 *
 * Neither table is needed forever, and keeping them forever would defeat account deletion: an outbox
 * envelope carries its payload (a title, a statement, the ids of the members involved) long after the
 * member's data was erased from the service's own tables. So both are pruned by age:
 * - **inbox entries** must outlive every chance of the same event arriving again, or a late copy would
 *   be applied twice. JetStream keeps an event at most `EVENT_STREAM_MAX_AGE_DAYS` (streams.ts); a
 *   consumer can be delivered nothing older. The retention is therefore never shorter than that plus a
 *   day (`MIN_EVENT_RETENTION_DAYS`). A dead letter (kept 90 days) goes back to every consumer of its
 *   subject when replayed, so `DeadLetters.replay` refuses one older than the same horizon as reconcile's.
 * - **sent outbox rows** are what the operators' `reconcile` pages through. It reconciles only events
 *   younger than the retention (`reconcileHorizon`), so it never asks a consumer about an event whose
 *   inbox entry may already be gone, which it would otherwise re-publish and have applied twice.
 * Unsent rows are never pruned, whatever their age: they are events still owed to the consumers.
 * Deletes go in batches, each its own short statement, so a first pass over a large backlog neither
 * holds long locks nor blocks the relay.
 */
import type { MikroORM } from '@mikro-orm/core';
import { EVENT_STREAM_MAX_AGE_DAYS } from './streams';

/** Retention may not be shorter than this: JetStream could still deliver a younger event again. */
export const MIN_EVENT_RETENTION_DAYS = EVENT_STREAM_MAX_AGE_DAYS + 1;
export const DEFAULT_EVENT_RETENTION_DAYS = EVENT_STREAM_MAX_AGE_DAYS + 5;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The oldest event `reconcile` may look at, a day inside the retention so no inbox entry it asks about was pruned. */
export function reconcileHorizon(retentionDays: number, now = new Date()): Date {
  return new Date(now.getTime() - (retentionDays - 1) * DAY_MS);
}

export interface PrunedEventHistory {
  outbox: number;
  inbox: number;
}

/** Deletes sent outbox rows and inbox entries older than `retentionDays`, `batch` rows per statement. */
export async function pruneEventHistory(orm: MikroORM, retentionDays: number, batch = 5000, now = new Date()): Promise<PrunedEventHistory> {
  if (!(retentionDays >= MIN_EVENT_RETENTION_DAYS)) {
    throw new Error(`event history is kept at least ${MIN_EVENT_RETENTION_DAYS} days (the streams keep events ${EVENT_STREAM_MAX_AGE_DAYS})`);
  }
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const connection = orm.em.fork().getConnection();
  const drain = async (sql: string): Promise<number> => {
    let total = 0;
    for (;;) {
      const result = (await connection.execute(sql, [cutoff, cutoff, batch], 'run')) as { affectedRows?: number };
      const deleted = result.affectedRows ?? 0;
      total += deleted;
      if (deleted < batch) return total;
    }
  };
  // created_at < cutoff narrows by the index; sent_at < cutoff keeps a row sent late (a stuck outbox) for its full time.
  const outbox = await drain(
    `delete from outbox_message where id in (
       select id from outbox_message where created_at < ? and sent_at is not null and sent_at < ? limit ?)`,
  );
  const inbox = await drain(
    `delete from inbox_entry where (consumer, event_id) in (
       select consumer, event_id from inbox_entry where processed_at < ? and processed_at < ? limit ?)`,
  );
  return { outbox, inbox };
}
