import { SetMetadata, applyDecorators } from '@nestjs/common';
import type { EventSubject } from '@weop/contracts';
import type { Statement } from '@weop/persistence';

export const ON_EVENT = 'weop:on-event';
export const ON_EVENT_OPTIONS = 'weop:on-event-options';

export interface OnEventOptions {
  /**
   * Up to this many events applied at once (default 1: one at a time, in stream order). Events that
   * share `orderedBy` are still applied one after another, in stream order; others overlap their
   * database round trips. Use it where a subject arrives in bursts (sanctions) and its handler only
   * needs order per account.
   */
  lanes?: number;
  /** The payload field events are kept in order by (e.g. `accountId`); required with `lanes` > 1. */
  orderedBy?: string;
  /**
   * `orm` (the default): the handler runs in an ORM transaction, `ctx.em`. `sql`: in a `SqlTransaction`
   * (libs/persistence), `ctx.db`, opened with the inbox row and committed with the outbox rows, two round
   * trips fewer and no ORM; for the hottest handlers, whose statements all go through `sql`/`write`.
   */
  transaction?: 'orm' | 'sql';
  /**
   * With `transaction: 'sql'`: statements the handler runs before it decides anything, sent with `begin`
   * and the inbox row in the same round trip; their rows reach the handler as `ctx.first`. They also run
   * for a duplicate (which is then committed without the handler), so they must be harmless to repeat:
   * locks, reads, and writes that a second run leaves as they are.
   */
  first?: (payload: never) => Statement[];
}

/** Marks a provider method as the handler of an event subject (a durable consumer with an inbox). */
export const OnEvent = (subject: EventSubject, options: OnEventOptions = {}): MethodDecorator =>
  applyDecorators(SetMetadata(ON_EVENT, subject), SetMetadata(ON_EVENT_OPTIONS, options));
