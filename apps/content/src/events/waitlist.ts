import type { EntityManager } from '@mikro-orm/postgresql';
import type { ContentItem, EventRegistration } from '../items/content-item.entity';
import type { ContentItemsRepository } from '../items/content-items.repository';

/** Moves waitlisted members up while seats are free (after a cancellation or a larger room). */
export async function fillSeats(em: EntityManager, items: ContentItemsRepository, event: ContentItem): Promise<void> {
  while (event.registeredCount < (event.details.capacity ?? 0)) {
    const next = await items.nextWaitlisted(event.id, em);
    if (!next) return;
    next.status = 'registered';
    event.registeredCount += 1;
    event.waitlistCount -= 1;
    await em.flush();
  }
}

/**
 * A seat given up (she cancelled, or her account was erased): the count it held drops, and a freed seat goes
 * to the waitlist while the event is published and has not started. The registration is removed by the caller.
 */
export async function releaseSeat(em: EntityManager, items: ContentItemsRepository, event: ContentItem, status: EventRegistration['status']): Promise<void> {
  if (status === 'waitlisted') event.waitlistCount -= 1;
  else event.registeredCount -= 1;
  await em.flush();
  if (status === 'registered' && event.status === 'published' && event.startsAt && event.startsAt > new Date()) await fillSeats(em, items, event);
}
