/**
 * Connections (issue 10): request with an optional note, accept, decline, remove; her connections and
 * her requests. Kind to the one who is asked: a declined request still reads "pending" to its sender,
 * and a new request from her within CONNECTION_DECLINED_QUIET_DAYS is kept quietly, unannounced.
 * Blocks: no request or acceptance between a blocked pair (403 BLOCKED), and at read time a blocked
 * pair is not connected (the block event is BlocksProjection's; nothing here consumes it, so lifting
 * the block shows the connection again).
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, decodeCursor, forbidden, notFound, pageOf } from '@weop/contracts';
import type {
  ConnectionAnswerView, ConnectionCreatedView, ConnectionPage, ConnectionRequestPage, ConnectionRequestsQuery, CreateConnectionRequest, PageQuery, Principal,
} from '@weop/contracts';
import { BlocksProjection } from '@weop/messaging';
import { CommunityConfig } from '../community.config';
import { MembersRepository, restriction } from '../members/members.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { Connection } from './connection.entity';
import { ConnectionsRepository } from './connections.repository';
import { memberCard } from './member-card';

const DAY = 86_400_000;

export const connectionExists = (id: string, message: string): DomainError =>
  new DomainError('CONNECTION_EXISTS', message, [{ connectionId: id }]);
const notPending = (): DomainError => new DomainError('CONNECTION_NOT_PENDING', 'This request has already been answered.');

@Injectable()
export class ConnectionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsRepository,
    private readonly members: MembersRepository,
    private readonly blocks: BlocksProjection,
    private readonly notifications: NotificationsService,
    @Inject(CommunityConfig) private readonly config: CommunityConfig,
  ) {}

  async request(caller: Principal, input: CreateConnectionRequest): Promise<ConnectionCreatedView> {
    const me = caller.accountId;
    if (input.memberId === me) throw new DomainError('SELF_CONNECTION', 'You cannot connect with yourself.');
    try {
      return await this.em.fork().transactional(async (em) => {
        const other = await this.members.find(em, input.memberId);
        if (!other || restriction(other) === 'expelled') throw notFound('The member');
        await this.blocks.assertNotBlocked(em, me, other.accountId);
        await this.connections.lockRequester(em, me);
        const live = await this.connections.livePair(em, me, other.accountId);
        if (live?.status === 'accepted') throw connectionExists(live.id, 'You are already connected with this member.');
        if (live && live.requesterId === me) throw connectionExists(live.id, 'You already asked to connect with this member.');
        if (live) throw connectionExists(live.id, 'This member already asked to connect with you: accept her request instead.');
        const declined = await this.connections.declinedFrom(em, me, other.accountId);
        // To her it is still pending: answer as if it were.
        if (declined) throw connectionExists(declined.id, 'You already asked to connect with this member.');
        const now = new Date();
        const { count, oldest } = await this.connections.sentSince(em, me, new Date(now.getTime() - DAY));
        if (count >= this.config.CONNECTION_REQUESTS_PER_DAY) {
          const retryAfter = Math.max(1, Math.ceil(((oldest?.getTime() ?? now.getTime()) + DAY - now.getTime()) / 1000));
          throw new DomainError(ErrorCode.RATE_LIMITED, `You can send ${this.config.CONNECTION_REQUESTS_PER_DAY} connection requests a day. Please try again later.`, [], retryAfter);
        }
        // She declined one of ours lately: this one is kept from her, and still reads pending to us.
        const quiet = await this.connections.declinedSince(em, me, other.accountId, new Date(now.getTime() - this.config.CONNECTION_DECLINED_QUIET_DAYS * DAY));
        // A request of hers that we declined is overtaken by ours.
        const overtaken = await this.connections.declinedFrom(em, other.accountId, me);
        if (overtaken) Object.assign(overtaken, { status: 'closed', endedAt: now });
        const connection = em.create(Connection, {
          id: randomUUID(), requesterId: me, recipientId: other.accountId, note: input.note?.trim() ?? null,
          status: quiet ? 'declined' : 'pending', createdAt: now, answeredAt: quiet ? now : null,
        });
        em.persist(connection);
        if (!quiet) {
          const sender = await this.members.find(em, me);
          await this.notifications.tell(em, {
            recipientId: other.accountId, kind: 'connection.request', actorId: me, at: now,
            text: `${sender?.displayName ?? 'A member'} would like to connect with you.`, link: '/me/connections/requests?direction=incoming',
          });
        }
        await em.flush();
        return { id: connection.id, status: 'pending' as const };
      });
    } catch (error) {
      // The pair's unique index: a request the other way sent at the same instant.
      if (error instanceof UniqueConstraintViolationException) {
        const live = await this.connections.livePair(this.em.fork(), me, input.memberId);
        throw connectionExists(live?.id ?? '', 'A request between you and this member already exists.');
      }
      throw error;
    }
  }

  async accept(caller: Principal, id: string): Promise<ConnectionAnswerView> {
    return this.em.fork().transactional(async (em) => {
      const connection = await this.answerable(em, caller, id);
      if (connection.status === 'accepted') return { id, status: 'accepted' as const };
      await this.blocks.assertNotBlocked(em, caller.accountId, connection.requesterId);
      // She may change her mind about one she declined, unless the sender has moved on since.
      if (connection.status === 'declined' && (await this.connections.livePair(em, caller.accountId, connection.requesterId))) throw notPending();
      const now = new Date();
      Object.assign(connection, { status: 'accepted', answeredAt: now });
      const accepter = await this.members.find(em, caller.accountId);
      await this.notifications.tell(em, {
        recipientId: connection.requesterId, kind: 'connection.accepted', actorId: caller.accountId, at: now,
        text: `${accepter?.displayName ?? 'A member'} accepted your connection request.`, link: `/profiles/${caller.accountId}`,
      });
      await em.flush();
      return { id, status: 'accepted' as const };
    });
  }

  /** The sender is not told: to her the request stays pending until she withdraws it. */
  async decline(caller: Principal, id: string): Promise<ConnectionAnswerView> {
    return this.em.fork().transactional(async (em) => {
      const connection = await this.answerable(em, caller, id);
      if (connection.status === 'accepted') throw notPending();
      if (connection.status === 'pending') Object.assign(connection, { status: 'declined', answeredAt: new Date() });
      await em.flush();
      return { id, status: 'declined' as const };
    });
  }

  /** Either side ends a connection; the sender withdraws her request; the one asked declines it. */
  async remove(caller: Principal, id: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const connection = await this.connections.find(em, id, true);
      const me = caller.accountId;
      if (!connection || (connection.requesterId !== me && connection.recipientId !== me)) throw notFound('The connection');
      const now = new Date();
      const mine = connection.requesterId === me;
      switch (connection.status) {
        case 'accepted':
          Object.assign(connection, { status: 'removed', endedAt: now });
          break;
        case 'pending':
          Object.assign(connection, mine ? { status: 'withdrawn', endedAt: now } : { status: 'declined', answeredAt: now });
          break;
        case 'declined':
          if (mine) Object.assign(connection, { status: 'withdrawn', endedAt: now });
          break;
        case 'withdrawn':
        case 'removed':
        case 'closed':
          throw notFound('The connection');
      }
      await em.flush();
    });
  }

  async mine(caller: Principal, query: PageQuery): Promise<ConnectionPage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.connections.connected(em, caller.accountId, limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [new Date(r.answered_at).toISOString(), r.id]);
    const members = await this.members.many(em, page.items.map((r) => r.other_id));
    return {
      items: page.items.map((r) => ({ id: r.id, member: memberCard(r.other_id, members.get(r.other_id)), since: new Date(r.answered_at).toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  async requests(caller: Principal, query: ConnectionRequestsQuery): Promise<ConnectionRequestPage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const direction = query.direction ?? 'incoming';
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.connections.requests(em, caller.accountId, direction, limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.id]);
    const members = await this.members.many(em, page.items.map((r) => r.other_id));
    return {
      items: page.items.map((r) => ({
        id: r.id, direction, member: memberCard(r.other_id, members.get(r.other_id)), note: r.note, status: 'pending' as const, createdAt: new Date(r.created_at).toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Her part of `GET /me/export`: the connections and requests she is part of. A request of hers that
   * was declined reads as she sees it (pending, or withdrawn once she took it back): the other's answer is not hers.
   */
  async export(caller: Principal): Promise<Record<string, unknown>> {
    const me = caller.accountId;
    const rows = await this.connections.involving(this.em.fork(), me);
    return {
      connections: rows.map((c) => {
        const sent = c.requesterId === me;
        const status = sent && c.status === 'declined' ? 'pending' : c.status;
        return {
          id: c.id, direction: sent ? 'sent' : 'received', memberId: sent ? c.recipientId : c.requesterId, note: c.note, status,
          createdAt: c.createdAt.toISOString(), answeredAt: sent && c.status === 'declined' ? null : c.answeredAt?.toISOString() ?? null, endedAt: c.endedAt?.toISOString() ?? null,
        };
      }),
    };
  }

  /** A request only the one asked may answer; anyone else learns nothing of it. */
  private async answerable(em: EntityManager, caller: Principal, id: string): Promise<Connection> {
    const connection = await this.connections.find(em, id, true);
    if (!connection || !['pending', 'declined', 'accepted'].includes(connection.status)) throw notFound('The connection request');
    if (connection.requesterId === caller.accountId) {
      if (connection.status === 'accepted') return connection;
      throw forbidden('Only the member you asked can answer this request.');
    }
    if (connection.recipientId !== caller.accountId) throw notFound('The connection request');
    return connection;
  }
}
