/**
 * What every service with a database answers to the operators' `reconcile` (`OpsRequests`): the events
 * its outbox has sent, which events its inbox has applied, and re-publication of sent events.
 *
 * A re-published event is a new outbox row carrying the original envelope, so the event keeps its id:
 * consumers that applied it find it in their inbox and skip it. The row needs an id of its own because
 * the relay publishes with `Nats-Msg-Id` = row id, and JetStream would drop a second message with the
 * original id for the stream's duplicate window. Original rows are the ones whose id is the event id.
 */
import { UseGuards } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AppliedEventsPayload, OpsRequests, RepublishPayload, SentEventsPayload } from '@weop/contracts';
import type { AppliedEvents, RepublishOutcome, SentEventsPage } from '@weop/contracts';
import { RpcController } from './rpc-errors';
import { PlatformOnly } from './rpc-caller';

export function outboxOpsHandler(service: string): Type {
  @RpcController()
  @UseGuards(PlatformOnly)
  class OutboxOpsHandler {
    constructor(private readonly orm: MikroORM) {}

    private run<T>(sql: string, params: unknown[]): Promise<T> {
      return this.orm.em.fork().getConnection().execute(sql, params, 'all') as Promise<T>;
    }

    @MessagePattern(OpsRequests.sentEvents(service))
    async sentEvents(@Payload() input: SentEventsPayload): Promise<SentEventsPage> {
      const limit = input.limit ?? 1000;
      const rows = await this.run<{ id: string; occurred_at: string }[]>(
        `select o.id, o.envelope->>'occurredAt' as occurred_at from outbox_message o
          where o.subject = ? and o.sent_at is not null and o.id::text = o.envelope->>'id'
            ${input.after ? 'and (o.created_at, o.id) > (select a.created_at, a.id from outbox_message a where a.id = ?)' : ''}
          order by o.created_at, o.id limit ?`,
        input.after ? [input.subject, input.after, limit] : [input.subject, limit],
      );
      return {
        items: rows.map((r) => ({ eventId: r.id, occurredAt: r.occurred_at })),
        next: rows.length === limit ? rows[rows.length - 1].id : null,
      };
    }

    @MessagePattern(OpsRequests.applied(service))
    async applied(@Payload() input: AppliedEventsPayload): Promise<AppliedEvents> {
      if (input.eventIds.length === 0) return { applied: [] };
      const rows = await this.run<{ event_id: string }[]>(
        'select event_id from inbox_entry where consumer = ? and subject = ? and event_id in (?)',
        [service, input.subject, input.eventIds],
      );
      return { applied: rows.map((r) => r.event_id) };
    }

    @MessagePattern(OpsRequests.republish(service))
    async republish(@Payload() input: RepublishPayload): Promise<RepublishOutcome> {
      if (input.eventIds.length === 0) return { republished: 0 };
      return this.orm.em.fork().transactional(async (em) => {
        const run = <T>(sql: string, params: unknown[]): Promise<T> =>
          em.getConnection().execute(sql, params, 'all', em.getTransactionContext()) as Promise<T>;
        // An event already waiting to go out again is not added twice.
        const rows = await run<{ id: string }[]>(
          `insert into outbox_message (id, subject, envelope, created_at, attempts)
           select gen_random_uuid(), o.subject, o.envelope, clock_timestamp(), 0 from outbox_message o
            where o.id in (?) and o.subject = ? and o.sent_at is not null and o.id::text = o.envelope->>'id'
              and not exists (select 1 from outbox_message c where c.sent_at is null and c.envelope->>'id' = o.id::text)
            order by o.created_at, o.id
           returning id`,
          [input.eventIds, input.subject],
        );
        // The outbox table's trigger wakes the relay when this commits.
        return { republished: rows.length };
      });
    }
  }
  return OutboxOpsHandler;
}
