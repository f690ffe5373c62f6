/** Recording an event in the same transaction as the change it announces. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENTS } from '@weop/contracts';
import type { EventEnvelope, EventPayload, EventSubject } from '@weop/contracts';
import { currentCorrelationId, currentTraceCarrier } from '@weop/observability';
import { OutboxMessage } from '@weop/persistence';

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
   * Adds an event to the unit of work of `em`, which must be inside a transaction: the event is
   * published if and only if that transaction commits.
   */
  async add<S extends EventSubject>(em: EntityManager, subject: S, payload: EventPayload<S>): Promise<EventEnvelope<EventPayload<S>>> {
    if (!em.isInTransaction()) throw new Error(`Outbox.add(${subject}) must run inside a transaction`);
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
    em.persist(
      em.create(OutboxMessage, {
        id: envelope.id,
        subject,
        envelope: { ...envelope },
        createdAt: new Date(),
        attempts: 0,
        // The relay publishes the event inside the trace of the work that wrote it.
        traceContext: currentTraceCarrier(),
      }),
    );
    // No NOTIFY here: the table's trigger sends it (OutboxNotifyTriggerMigration in libs/persistence).
    return envelope;
  }
}
