import type { EntityManager } from '@mikro-orm/postgresql';
import type { ContentItem } from '../items/content-item.entity';
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
