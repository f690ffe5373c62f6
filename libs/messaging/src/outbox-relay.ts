/**
 * Publishes committed outbox rows to JetStream, oldest first; the transaction that marks them sent
 * commits only after JetStream has acknowledged them. It wakes on the NOTIFY that commits carry and polls as a fallback,
 * so a relay that was down, or a NOTIFY that was missed, still drains everything. Replicas share
 * the work through `for update skip locked`; a row published twice (crash between ack and mark) is
 * dropped by the stream's duplicate window, which is keyed on the event id, and by every inbox.
 * A row written inside a trace is published in a producer span of that trace, whose context the
 * message carries in its `traceparent` header for the consumers.
 */
import { SpanKind, extractTraceContext, injectTraceContext, recordSpanError, safeError, traceContext, trace, tracer } from '@weop/observability';
import type { MikroORM } from '@mikro-orm/core';
import { Headers } from '@weop/contracts';
import { Client } from 'pg';
import { JSONCodec, headers as natsHeaders } from 'nats';
import type { JetStreamClient, MsgHdrs } from 'nats';
import type { Logger } from 'pino';
import type { Metrics } from '@weop/observability';
import type { Naming } from './naming';
import { OUTBOX_CHANNEL } from './outbox';
import { assertCommitted, ensurePrepared, executeOf } from '@weop/persistence';
import type { Statement } from '@weop/persistence';
import { natsHeaderSetter, natsSpanAttributes } from './trace-context';

export interface OutboxRelayOptions {
  /** The service's ORM: rows are claimed and marked through its connection pool. */
  orm: MikroORM;
  /** For LISTEN, which needs a connection of its own. */
  databaseUrl: string;
  js: JetStreamClient;
  naming: Naming;
  logger: Logger;
  metrics?: Metrics;
  pollIntervalMs?: number;
  batchSize?: number;
  /** LISTEN needs a connection of its own; off for single-connection servers (embedded PGlite). */
  listen?: boolean;
  /**
   * Fault injection only, 0 (the default) everywhere else: a row is published no sooner than this many
   * ms after it was written. It holds the window between commit and publish open, so that a test can
   * kill the service inside it and prove that a restarted relay still delivers (WEOP_OUTBOX_PUBLISH_DELAY_MS).
   */
  publishDelayMs?: number;
}

const codec = JSONCodec();

/** What the relay needs of a connection: `pg`'s Client (its LISTEN connection, or one of the pool's). */
type SqlClient = Pick<Client, 'query'>;
interface ClaimedRow {
  id: string;
  subject: string;
  envelope: Record<string, unknown>;
  trace_context: Record<string, string> | null;
  created_at: Date;
}
interface PooledClients {
  acquireConnection(): Promise<SqlClient>;
  releaseConnection(connection: SqlClient): Promise<unknown>;
}

export class OutboxRelay {
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private draining?: Promise<void>;
  private again = false;
  private failures = 0;
  private stopProbe?: () => void;

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    this.running = true;
    if (this.options.listen !== false) await this.startListening();
    const metrics = this.options.metrics;
    this.stopProbe = metrics?.addScrapeProbe('outbox', () => this.observeBacklog(), 2000, [metrics.outboxUnsent, metrics.outboxOldestUnsentAge]);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopProbe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }

  /** What has not reached JetStream yet: one count over the partial index of unsent rows. */
  async backlog(): Promise<{ unsent: number; oldestAgeSeconds: number }> {
    const [row] = (await this.options.orm.em
      .fork()
      .getConnection()
      .execute(
        `select count(*)::int as unsent, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
           from outbox_message where sent_at is null`,
        [],
        'all',
      )) as { unsent: number; oldest: number }[];
    return { unsent: Number(row?.unsent ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
  }

  private async observeBacklog(): Promise<void> {
    const metrics = this.options.metrics;
    if (!metrics) return;
    try {
      const { unsent, oldestAgeSeconds } = await this.backlog();
      metrics.outboxUnsent.set(unsent);
      metrics.outboxOldestUnsentAge.set(oldestAgeSeconds);
    } catch (error) {
      metrics.outboxUnsent.reset();
      metrics.outboxOldestUnsentAge.reset();
      throw error;
    }
  }

  /** Publishes everything unsent now; resolves when the outbox is empty (or publishing failed). */
  wake(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async startListening(): Promise<void> {
    const listener = new Client({ connectionString: this.options.databaseUrl });
    listener.on('notification', () => void this.wake());
    listener.on('error', (error) => {
      this.options.logger.warn({ error: safeError(error) }, 'outbox LISTEN connection lost; polling until it is back');
      this.listener = undefined;
      setTimeout(() => {
        if (this.running) this.startListening().catch(() => undefined);
      }, 1000).unref();
    });
    try {
      await listener.connect();
      await listener.query(`listen ${OUTBOX_CHANNEL}`);
      this.listener = listener;
    } catch (error) {
      this.options.logger.warn({ error: safeError(error) }, 'outbox LISTEN unavailable; polling');
      await listener.end().catch(() => undefined);
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.wake().finally(() => {
        const poll = this.options.pollIntervalMs ?? 1000;
        // Back off while JetStream or the database is failing, up to 30 s.
        this.schedule(this.failures > 0 ? Math.min(30_000, poll * 2 ** this.failures) : poll);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      let published: number;
      try {
        published = await this.publishBatch();
        this.failures = 0;
      } catch (error) {
        this.failures = Math.min(this.failures + 1, 10);
        this.options.logger.warn({ error: safeError(error) }, 'outbox relay could not publish; will retry');
        return;
      }
      if (published === (this.options.batchSize ?? 100)) this.again = true;
    } while (this.again && this.running);
  }

  /**
   * The relay's own transactions run on a plain `pg` connection: its LISTEN connection when it has one,
   * else one taken from the service's pool (a single-connection server, embedded PGlite). The ORM's
   * transaction machinery costs about a millisecond of CPU per batch more than the statements
   * themselves, on every event of every service (docs/performance.md, issue 4).
   */
  private async withConnection<T>(work: (db: SqlClient) => Promise<T>): Promise<T> {
    if (this.listener) return work(this.listener);
    const pool = (this.options.orm.em.getConnection() as unknown as { getKnex(): { client: PooledClients } }).getKnex().client;
    const db = await pool.acquireConnection();
    try {
      return await work(db);
    } finally {
      await pool.releaseConnection(db);
    }
  }

  private async publishBatch(): Promise<number> {
    const batchSize = this.options.batchSize ?? 100;
    const delayMs = this.options.publishDelayMs ?? 0;
    const outcome = await this.withConnection(async (db) => {
      let open = true;
      try {
        const claim = claimQuery(batchSize, delayMs);
        await ensurePrepared(db, [claim]);
        const results = (await db.query(claimStatement(claim))) as unknown as { rows: ClaimedRow[] }[];
        const rows = results[results.length - 1].rows;
        rows.sort((x, y) => new Date(x.created_at).getTime() - new Date(y.created_at).getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        let sent = 0;
        let failed: { id: string; error: unknown } | undefined;
        try {
          for (const row of rows) {
            failed = { id: row.id, error: undefined };
            const h = natsHeaders();
            const correlationId = row.envelope.correlationId;
            if (typeof correlationId === 'string') h.set(Headers.correlationId, correlationId);
            await this.publishRow(row.subject, row.id, row.envelope, row.trace_context, h);
            sent += 1;
            failed = undefined;
          }
        } catch (error) {
          if (failed) failed.error = error;
        }
        let error: Error | undefined;
        if (failed) {
          // What JetStream acknowledged stays marked. The row that failed keeps its place (order matters)
          // but says why, for operators and metrics; the rows after it were not tried.
          const reason = String((failed.error as Error | undefined)?.message ?? failed.error).slice(0, 500);
          await db.query('update outbox_message set sent_at = null, last_error = $1 where id = $2', [reason, failed.id]);
          const untried = rows.slice(sent + 1).map((r) => r.id);
          if (untried.length > 0) await db.query('update outbox_message set sent_at = null, attempts = attempts - 1 where id = any($1::uuid[])', [untried]);
          error = failed.error instanceof Error ? failed.error : new Error(reason);
        }
        // Committed first, then reported: what was marked stays marked.
        const done = await db.query('commit');
        open = false;
        assertCommitted(done);
        for (const row of rows.slice(0, sent)) this.options.metrics?.eventsPublished.inc({ subject: row.subject });
        return { claimed: rows.length, error };
      } finally {
        if (open) await db.query('rollback').catch(() => undefined);
      }
    });
    if (outcome.error) throw outcome.error;
    return outcome.claimed;
  }

  /** One row to JetStream; with traces on, in a producer span that is a child of the work that wrote the row. */
  private async publishRow(subject: string, id: string, envelope: Record<string, unknown>, carrier: Record<string, string> | null, h: MsgHdrs): Promise<void> {
    const wireSubject = this.options.naming.event(subject);
    const publish = () => this.options.js.publish(wireSubject, codec.encode(envelope), { msgID: id, headers: h });
    if (!carrier) {
      await publish();
      return;
    }
    const parent = extractTraceContext(carrier, defaultGetter);
    const span = tracer().startSpan(`publish ${subject}`, { kind: SpanKind.PRODUCER, attributes: { ...natsSpanAttributes(wireSubject, 'publish'), 'messaging.message.id': id } }, parent);
    injectTraceContext(h, natsHeaderSetter, trace.setSpan(parent, span));
    try {
      await traceContext.with(trace.setSpan(parent, span), publish);
    } catch (error) {
      recordSpanError(span, error);
      throw error;
    } finally {
      span.end();
    }
  }
}

/** Settings of the relay's transaction (see `claimStatement`). */
export const CLAIM_SETTINGS = ['set local synchronous_commit = off', 'set local enable_bitmapscan = off'] as const;

/**
 * The claim itself (see `claimStatement`). Its numbers are a relay's settings, written in as whole numbers, so
 * the prepared claim has no parameters and PostgreSQL plans it once per connection.
 */
export function claimQuery(batchSize: number, publishDelayMs = 0): Statement {
  const limit = Math.max(1, Math.floor(batchSize));
  const delay = Math.max(0, Math.floor(publishDelayMs));
  return {
    text: `update outbox_message o set sent_at = now(), attempts = o.attempts + 1
      from (select id from outbox_message
             where sent_at is null ${delay > 0 ? `and created_at <= now() - interval '${delay} milliseconds'` : ''}
             order by created_at, id limit ${limit} for update skip locked) claimed
     where o.id = claimed.id
    returning o.id, o.subject, o.envelope, o.trace_context, o.created_at`,
    values: [],
  };
}

/**
 * The relay's opening of a batch, one simple query (one round trip): `begin`, its settings, and the claim,
 * prepared on the connection once (`ensurePrepared`) and run by `EXECUTE`, so it is not planned every time.
 * Claimed and marked in one statement: the marks commit only with the transaction, after every PubAck, so
 * a crash before the commit leaves the rows unsent; RETURNING keeps no order. The marks commit without
 * waiting for the WAL flush: a mark lost in a crash only means the row is published again, which the
 * stream's duplicate window (keyed on the event id) and every inbox drop; the producer's transaction, which
 * wrote the row, stays durable as always. A plain index scan of the unsent rows, not a bitmap scan: it marks
 * the dead entries of rows sent before as it passes them, so claims stay cheap between vacuums
 * (OutboxUnsentOrderMigration); the setting holds when the prepared claim is planned, inside the transaction.
 */
export function claimStatement(claim: Statement): string {
  return ['begin', ...CLAIM_SETTINGS, executeOf(claim)].join(';\n');
}

const defaultGetter = {
  get: (carrier: Record<string, string>, key: string): string | undefined => carrier[key],
  keys: (carrier: Record<string, string>): string[] => Object.keys(carrier),
};
