/**
 * The member's mentoring notifications: written in the same transaction as what they tell, listed
 * newest first, marked read. Only she sees hers. Each is also announced
 * (`mentorship.notification.created.v1`, through the outbox in that transaction) for community's one inbox.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { MentorshipNotificationCreatedV1, decodeCursor, pageOf } from '@weop/contracts';
import type { NotificationPage, NotificationView, PageQuery, Principal } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

const notificationView = (n: Notification): NotificationView => ({ id: n.id, kind: n.kind, text: n.text, link: n.link, readAt: n.readAt?.toISOString() ?? null, createdAt: n.createdAt.toISOString() });

@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly notifications: NotificationsRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Adds a notification to the unit of work of `em` (inside its transaction) and announces it with it. */
  async tell(em: EntityManager, accountId: string, kind: string, text: string, link: string, now = new Date()): Promise<void> {
    const id = randomUUID();
    em.persist(em.create(Notification, { id, accountId, kind, text, link, createdAt: now }));
    await this.outbox.add(em, MentorshipNotificationCreatedV1.subject, { notificationId: id, recipientId: accountId, kind, text, link, createdAt: now.toISOString() });
  }

  async list(caller: Principal, query: PageQuery): Promise<NotificationPage> {
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.notifications.page(this.em.fork(), caller.accountId, limit + 1, key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (n) => [n.createdAt.toISOString(), n.id]);
    return {
      items: page.items.map(notificationView),
      nextCursor: page.nextCursor,
    };
  }

  /** Every notification of hers, for `GET /me/export`. */
  async export(caller: Principal): Promise<{ notifications: NotificationView[] }> {
    return { notifications: (await this.notifications.page(this.em.fork(), caller.accountId)).map(notificationView) };
  }
}
