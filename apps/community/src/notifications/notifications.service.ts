/**
 * The one inbox every service's events feed. Features of community call `tell` inside their own
 * transaction, so a notification exists exactly when what it announces does.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Notification } from './notification.entity';

export interface NotificationDraft {
  recipientId: string;
  kind: string;
  text: string;
  link: string;
  actorId?: string | null;
  at: Date;
}

@Injectable()
export class NotificationsService {
  /** Adds a notification to the unit of work; it is written with the caller's flush. */
  tell(em: EntityManager, draft: NotificationDraft): void {
    if (draft.actorId && draft.actorId === draft.recipientId) return;
    em.persist(em.create(Notification, {
      id: randomUUID(), recipientId: draft.recipientId, kind: draft.kind, text: draft.text, link: draft.link, actorId: draft.actorId ?? null, createdAt: draft.at,
    }));
  }
}
