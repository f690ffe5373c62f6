/** Recording an event in the same transaction as the change it announces. */
import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENTS } from '@weop/contracts';
import type { EventEnvelope, EventPayload, EventSubject } from '@weop/contracts';
import { currentCorrelationId, currentTraceCarrier } from '@weop/observability';
import { SqlTransaction, write } from '@weop/persistence';
import type { Db } from '@weop/persistence';

/**
 * The channel the relay LISTENs on. The outbox table's trigger notifies it on every insert, delivered when
 * the transaction commits (OutboxNotifyTriggerMigration in libs/persistence).
 */
export const OUTBOX_CHANNEL = 'weop_outbox';

export class InvalidEventError extends Error {
  constructor(subject: string, problems: string[]) {
    super(`Event ${subject} does not match its contract: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** Validates a payload against its registered class; returns the problems found. */
export function eventProblems(subject: string, payload: unknown, side: 'publish' | 'consume' = 'publish'): string[] {
  return checkEvent(subject, payload, side).problems;
}

/**
 * The payload as an instance of its contract class, and what breaks the contract (`instance` is set
 * only when nothing does): a consumer validates and transforms each message once.
 */
export function checkEvent(subject: string, payload: unknown, side: 'publish' | 'consume' = 'publish'): { problems: string[]; instance?: object } {
  const cls = (EVENTS as Record<string, new () => object>)[subject];
  if (!cls) return { problems: [`no contract is registered for ${subject}`] };
  if (typeof payload !== 'object' || payload === null) return { problems: ['payload must be an object'] };
  const instance = plainToInstance(cls, payload);
  // A producer publishes exactly its contract. A consumer reads tolerantly: a field it does not know
  // yet (added, optional, by a producer one release ahead) is ignored, so services roll forward alone.
  const problems = validateSync(instance, { whitelist: true, forbidNonWhitelisted: side === 'publish' }).flatMap((e) =>
    Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` }),
  );
  return problems.length > 0 ? { problems } : { problems, instance };
}

export class Outbox {
  constructor(private readonly producer: string) {}

  /**
   * Writes an event in the transaction of `db` (it must be in one): the event is published if and only if
   * that transaction commits. In a `SqlTransaction` the row goes with the COMMIT, in the same round trip.
   */
  async add<S extends EventSubject>(db: Db, subject: S, payload: EventPayload<S>): Promise<EventEnvelope<EventPayload<S>>> {
    if (!(db instanceof SqlTransaction) && !db.isInTransaction()) throw new Error(`Outbox.add(${subject}) must run inside a transaction`);
    const problems = eventProblems(subject, payload);
    if (problems.length > 0) throw new InvalidEventError(subject, problems);
    const envelope: EventEnvelope<EventPayload<S>> = {
      id: randomUUID(),
      subject,
      producer: this.producer,
      occurredAt: new Date().toISOString(),
      correlationId: currentCorrelationId(),
      payload: { ...payload },
    };
    const carrier = currentTraceCarrier();
    // Written at once, in the caller's transaction, by a prepared statement rather than through the unit of
    // work: every event of every service takes this path (docs/performance.md, issue 4).
    await write(
      db,
      'insert into outbox_message (id, subject, envelope, created_at, attempts, trace_context) values ($1, $2, $3::jsonb, $4, 0, $5::jsonb)',
      // The relay publishes the event inside the trace of the work that wrote it.
      [envelope.id, subject, JSON.stringify(envelope), new Date(), carrier ? JSON.stringify(carrier) : null],
    );
    // No NOTIFY here: the table's trigger sends it (OutboxNotifyTriggerMigration in libs/persistence).
    return envelope;
  }
}
