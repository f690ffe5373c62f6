/**
 * The one inbox every service's events feed. Features of community call `tell` inside their own
 * transaction, so a notification exists exactly when what it announces does; a kind she switched off
 * is not stored at all. Her inbox, read/unread and her preferences are served here too.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NOTIFICATION_KINDS, REQUIRED_NOTIFICATION_KINDS, decodeCursor, pageOf } from '@weop/contracts';
import type {
  InboxPage, InboxQuery, KindPreference, NotificationKind, NotificationPreferencesView, Principal, UpdateNotificationPreferencesRequest,
} from '@weop/contracts';
import { BlocksProjection } from '@weop/messaging';
import type { NotificationPreference } from './notification-preference.entity';
import { Notification } from './notification.entity';
import { MutesRepository } from '../mutes/mutes.repository';
import { NotificationsRepository } from './notifications.repository';

export interface NotificationDraft {
  recipientId: string;
  kind: string;
  text: string;
  link: string;
  actorId?: string | null;
  at: Date;
  /** One line for many events: not added while an unread line of the same kind and link is in her inbox. */
  once?: boolean;
}

const view = (n: Notification) => ({ id: n.id, kind: n.kind as NotificationKind, text: n.text, link: n.link, readAt: n.readAt?.toISOString() ?? null, createdAt: n.createdAt.toISOString() });

@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly notifications: NotificationsRepository,
    private readonly blocks: BlocksProjection,
    private readonly mutes: MutesRepository,
  ) {}

  /**
   * Adds a notification to the unit of work of `em` (written with the caller's flush), unless it is
   * her own doing, she switched the kind off in her inbox, she and the actor blocked each other, or she
   * muted the actor, or (`once`) an unread line of the same kind and link already tells her.
   * Her preference is read in the caller's transaction. Answers whether it was added.
   */
  async tell(em: EntityManager, draft: NotificationDraft): Promise<boolean> {
    if (draft.actorId && draft.actorId === draft.recipientId) return false;
    if (!(await this.notifications.inboxOn(em, draft.recipientId, draft.kind))) return false;
    if (draft.actorId && (await this.blocks.between(em, draft.recipientId, draft.actorId))) return false;
    if (draft.actorId && (await this.mutes.muted(em, draft.recipientId, draft.actorId))) return false;
    if (draft.once && (await this.notifications.unreadAbout(em, draft.recipientId, draft.kind, draft.link))) return false;
    em.persist(em.create(Notification, {
      id: randomUUID(), recipientId: draft.recipientId, kind: draft.kind, text: draft.text, link: draft.link, actorId: draft.actorId ?? null, createdAt: draft.at,
    }));
    return true;
  }

  async list(caller: Principal, query: InboxQuery): Promise<InboxPage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.notifications.page(em, caller.accountId, limit + 1, {
      after: key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined,
      unreadOnly: query.unread === true,
    });
    const page = pageOf(rows, limit, (n) => [n.createdAt.toISOString(), n.id]);
    return { items: page.items.map(view), nextCursor: page.nextCursor, unreadCount: await this.notifications.unreadCount(em, caller.accountId) };
  }

  /** Only hers change: ids of anyone else's are ignored, so the answer reveals nothing about them. */
  async markRead(caller: Principal, ids: readonly string[]): Promise<void> {
    await this.notifications.markRead(this.em.fork(), caller.accountId, ids, new Date());
  }

  async markAllRead(caller: Principal): Promise<void> {
    await this.notifications.markAllRead(this.em.fork(), caller.accountId, new Date());
  }

  async preferences(caller: Principal): Promise<NotificationPreferencesView> {
    return preferencesView(await this.notifications.preference(this.em.fork(), caller.accountId));
  }

  async updatePreferences(caller: Principal, input: UpdateNotificationPreferencesRequest): Promise<NotificationPreferencesView> {
    const kinds: Partial<Record<NotificationKind, KindPreference>> = {};
    for (const kind of NOTIFICATION_KINDS) {
      const chosen = input.kinds?.[kind];
      if (chosen) kinds[kind] = { inbox: chosen.inbox, email: chosen.email };
    }
    const required = REQUIRED_NOTIFICATION_KINDS.filter((k) => kinds[k]?.inbox === false);
    if (required.length > 0) {
      throw new DomainError('NOTIFICATION_REQUIRED', 'Sanction notices cannot be switched off: they tell you what is restricted and how to appeal.',
        required.map((k) => ({ field: `kinds.${k}.inbox`, problem: 'cannot be false' })));
    }
    return this.em.fork().transactional(async (em) => {
      await this.notifications.savePreference(em, caller.accountId, { kinds, digest: input.digest }, new Date());
      return preferencesView(await this.notifications.preference(em, caller.accountId));
    });
  }

  /** Her notifications and preferences, for `GET /me/export`. */
  async export(caller: Principal): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const [preference, notifications] = await Promise.all([this.notifications.preference(em, caller.accountId), this.notifications.all(em, caller.accountId)]);
    return {
      notificationPreferences: preferencesView(preference),
      notifications: notifications.map((n) => ({ ...view(n), emailedAt: n.emailedAt?.toISOString() ?? null })),
    };
  }

  /** Called from the account-deleted consumer, in its inbox transaction. */
  forget(em: EntityManager, accountId: string): Promise<void> {
    return this.notifications.forget(em, accountId);
  }
}

function preferencesView(row: NotificationPreference | null): NotificationPreferencesView {
  const kinds = {} as Record<NotificationKind, KindPreference>;
  for (const kind of NOTIFICATION_KINDS) kinds[kind] = { inbox: row?.kinds[kind]?.inbox ?? true, email: row?.kinds[kind]?.email ?? true };
  return { kinds, digest: row?.digest ?? 'off' };
}
