/**
 * Mentorship keeps content's events (items of type `event`), so a programme-admin can attach them to
 * a cohort: published and edited ones with their title and date (a changed `startsAt` moves the
 * session), withdrawn ones (unpublished, deleted, cancelled) marked and no longer attachable. A
 * withdrawn event's sessions are detached where no attendance was recorded (it will not take place,
 * and must not count as a session held); where attendance was recorded they stay, since completions
 * and certificates rest on them. Each event carries when the item changed; the newest applied wins.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ContentPublishedV1, ContentUpdatedV1, ContentWithdrawnV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { CohortSessionsRepository } from './cohort-sessions.repository';
import { CohortSessionsService } from './cohort-sessions.service';

@Injectable()
export class ContentEventsConsumer {
  constructor(
    private readonly sessions: CohortSessionsRepository,
    private readonly cohorts: CohortSessionsService,
  ) {}

  @OnEvent(ContentPublishedV1.subject)
  async published(event: ContentPublishedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.keep(em, event, new Date(event.publishedAt));
  }

  @OnEvent(ContentUpdatedV1.subject)
  async updated(event: ContentUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.keep(em, event, new Date(event.changedAt));
  }

  @OnEvent(ContentWithdrawnV1.subject)
  async withdrawn(event: ContentWithdrawnV1, { em }: { em: EntityManager }): Promise<void> {
    if (event.type !== 'event') return;
    await this.cohorts.eventWithdrawn(em, event.itemId, new Date(event.changedAt));
  }

  private async keep(em: EntityManager, event: ContentPublishedV1 | ContentUpdatedV1, changedAt: Date): Promise<void> {
    if (event.type !== 'event') return;
    await this.sessions.saveEvent(em, {
      itemId: event.itemId,
      title: event.title,
      startsAt: event.startsAt ? new Date(event.startsAt) : null,
      publishedAt: new Date(event.publishedAt),
      changedAt,
    });
  }
}
