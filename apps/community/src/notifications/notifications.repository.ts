/** The inbox's and the preferences' queries. */
import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DigestFrequency, KindPreference, NotificationKind } from '@weop/contracts';
import { lockUntilCommit } from '@weop/persistence';
import { NotificationPreference } from './notification-preference.entity';
import { Notification } from './notification.entity';

/** A kind stays on unless she switched it off: `coalesce(... , true)`. */
const EMAIL_ON = `coalesce((p.kinds -> n.kind ->> 'email')::boolean, true)`;

@Injectable()
export class NotificationsRepository {
  /** Hers, newest first, after a (createdAt, id) key. */
  page(em: EntityManager, recipientId: string, limit: number, options: { after?: { createdAt: Date; id: string }; unreadOnly?: boolean }): Promise<Notification[]> {
    const where: FilterQuery<Notification> = { recipientId };
    if (options.unreadOnly) where.readAt = null;
    const after = options.after;
    if (after) where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
    return em.find(Notification, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit });
  }

  unreadCount(em: EntityManager, recipientId: string): Promise<number> {
    return em.count(Notification, { recipientId, readAt: null });
  }

  /**
   * Whether an unread line of this kind and link already tells her. Takes a transaction-scoped lock on
   * (her, kind, link) first, so two senders writing at once cannot both find none and both add one.
   */
  async unreadAbout(em: EntityManager, recipientId: string, kind: string, link: string): Promise<boolean> {
    await lockUntilCommit(em, `community.notification:${recipientId}:${kind}:${link}`);
    return (await em.count(Notification, { recipientId, kind, link, readAt: null })) > 0;
  }

  /** Marks read those of `ids` that are hers and unread; anyone else's are left alone. */
  async markRead(em: EntityManager, recipientId: string, ids: readonly string[], at: Date): Promise<number> {
    return em.nativeUpdate(Notification, { recipientId, id: { $in: [...ids] }, readAt: null }, { readAt: at });
  }

  async markAllRead(em: EntityManager, recipientId: string, at: Date): Promise<number> {
    return em.nativeUpdate(Notification, { recipientId, readAt: null }, { readAt: at });
  }

  preference(em: EntityManager, accountId: string): Promise<NotificationPreference | null> {
    return em.findOne(NotificationPreference, { accountId });
  }

  /** Whether a kind reaches her inbox, read in the caller's transaction (no row, or kind not named: yes). */
  async inboxOn(em: EntityManager, accountId: string, kind: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ inbox: boolean | null }[]>(
      `select (kinds -> ? ->> 'inbox')::boolean as inbox from notification_preference where account_id = ?`,
      [kind, accountId], 'all', em.getTransactionContext(),
    );
    return rows[0]?.inbox ?? true;
  }

  /** Sets the kinds given (the others keep theirs) and the digest, if given. */
  async savePreference(em: EntityManager, accountId: string, change: { kinds: Partial<Record<NotificationKind, KindPreference>>; digest?: DigestFrequency }, at: Date): Promise<void> {
    await em.getConnection().execute(
      `insert into notification_preference (account_id, kinds, digest, updated_at) values (?, ?::jsonb, coalesce(?, 'off'), ?)
       on conflict (account_id) do update set kinds = notification_preference.kinds || excluded.kinds,
         digest = coalesce(?, notification_preference.digest), updated_at = excluded.updated_at`,
      [accountId, JSON.stringify(change.kinds), change.digest ?? null, at, change.digest ?? null], 'run', em.getTransactionContext(),
    );
  }

  /** Her inbox and preferences go; so do the lines she caused in others' inboxes (they name her). */
  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.nativeDelete(Notification, { $or: [{ recipientId: accountId }, { actorId: accountId }] });
    await em.nativeDelete(NotificationPreference, { accountId });
  }

  all(em: EntityManager, recipientId: string): Promise<Notification[]> {
    return em.find(Notification, { recipientId }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  // ---- The daily digest ----

  /**
   * Members whose digest is due: daily, none sent since `sentBefore`, and at least one unread line of a
   * kind she gets by email that no digest carried yet.
   */
  async dueForDigest(em: EntityManager, sentBefore: Date, limit: number): Promise<string[]> {
    const rows = await em.getConnection().execute<{ account_id: string }[]>(
      `select p.account_id from notification_preference p
       where p.digest = 'daily' and (p.last_digest_at is null or p.last_digest_at <= ?)
         and exists (select 1 from notification n where n.recipient_id = p.account_id and n.read_at is null and n.emailed_at is null and ${EMAIL_ON})
       order by p.last_digest_at nulls first, p.account_id limit ?`,
      [sentBefore, limit], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => r.account_id);
  }

  /** Her preference row, locked for this digest, if it is still due (another replica may hold or have sent it). */
  async lockDue(em: EntityManager, accountId: string, sentBefore: Date): Promise<boolean> {
    const rows = await em.getConnection().execute<{ account_id: string }[]>(
      `select account_id from notification_preference
       where account_id = ? and digest = 'daily' and (last_digest_at is null or last_digest_at <= ?)
       for update skip locked`,
      [accountId, sentBefore], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  /** Her unread lines for the digest, newest first: kinds she gets by email, not mailed before. */
  async digestLines(em: EntityManager, accountId: string): Promise<{ id: string; kind: string; text: string; link: string; created_at: Date }[]> {
    return em.getConnection().execute(
      `select n.id, n.kind, n.text, n.link, n.created_at from notification n
       left join notification_preference p on p.account_id = n.recipient_id
       where n.recipient_id = ? and n.read_at is null and n.emailed_at is null and ${EMAIL_ON}
       order by n.created_at desc, n.id desc`,
      [accountId], 'all', em.getTransactionContext(),
    );
  }

  async markEmailed(em: EntityManager, accountId: string, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length > 0) await em.nativeUpdate(Notification, { recipientId: accountId, id: { $in: [...ids] } }, { emailedAt: at });
    await em.nativeUpdate(NotificationPreference, { accountId }, { lastDigestAt: at });
  }
}
