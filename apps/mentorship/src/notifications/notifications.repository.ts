import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { Notification } from './notification.entity';

@Injectable()
export class NotificationsRepository {
  /** Hers, newest first, after a (createdAt, id) key; every one of them without a limit (her export). */
  page(em: EntityManager, accountId: string, limit?: number, after?: { createdAt: Date; id: string }): Promise<Notification[]> {
    const where: FilterQuery<Notification> = { accountId };
    if (after) where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
    return em.find(Notification, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit });
  }

  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.nativeDelete(Notification, { accountId });
  }
}
