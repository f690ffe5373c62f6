/** Mentorship keeps content's published events, so a programme-admin can attach them to a cohort. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ContentPublishedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { CohortSessionsRepository } from './cohort-sessions.repository';

@Injectable()
export class ContentEventsConsumer {
  constructor(private readonly sessions: CohortSessionsRepository) {}

  @OnEvent(ContentPublishedV1.subject)
  async published(event: ContentPublishedV1, { em }: { em: EntityManager }): Promise<void> {
    if (event.type !== 'event') return;
    await this.sessions.saveEvent(em, {
      itemId: event.itemId,
      title: event.title,
      startsAt: event.startsAt ? new Date(event.startsAt) : null,
      publishedAt: new Date(event.publishedAt),
    });
  }
}
