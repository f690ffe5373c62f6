/** Queries on connections. A pair either of whom blocked the other reads as not connected. */
import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lockUntilCommit } from '@weop/persistence';
import { Connection } from './connection.entity';

/** SQL that is true when the two members of connection `c` are blocked either way. */
export const PAIR_BLOCKED_SQL = `exists (select 1 from block_projection b where b.active and (
  (b.blocker_id = c.requester_id and b.blocked_id = c.recipient_id) or (b.blocker_id = c.recipient_id and b.blocked_id = c.requester_id)))`;

export interface ConnectedRow {
  id: string;
  other_id: string;
  answered_at: Date;
}

export interface RequestRow {
  id: string;
  other_id: string;
  note: string | null;
  created_at: Date;
}

@Injectable()
export class ConnectionsRepository {
  find(em: EntityManager, id: string, lock = false): Promise<Connection | null> {
    return em.findOne(Connection, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** The pending request or the connection between the two, whichever asked. */
  livePair(em: EntityManager, a: string, b: string): Promise<Connection | null> {
    return em.findOne(Connection, {
      status: { $in: ['pending', 'accepted'] },
      $or: [{ requesterId: a, recipientId: b }, { requesterId: b, recipientId: a }],
    });
  }

  /** Her request to `recipientId` that was declined and that she has not withdrawn (to her it is still pending). */
  declinedFrom(em: EntityManager, requesterId: string, recipientId: string): Promise<Connection | null> {
    return em.findOne(Connection, { requesterId, recipientId, status: 'declined' });
  }

  /** Whether `recipientId` declined a request of hers since `since` (withdrawn or not). */
  async declinedSince(em: EntityManager, requesterId: string, recipientId: string, since: Date): Promise<boolean> {
    const count = await em.count(Connection, { requesterId, recipientId, status: { $in: ['declined', 'withdrawn'] }, answeredAt: { $ne: null, $gte: since } });
    return count > 0;
  }

  /** Serialises one member's new requests, so the daily cap holds under concurrent calls. */
  async lockRequester(em: EntityManager, requesterId: string): Promise<void> {
    await lockUntilCommit(em, `community.connection:${requesterId}`);
  }

  /** How many requests she sent since `since`, and when the oldest of them was sent. */
  async sentSince(em: EntityManager, requesterId: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await em.getConnection().execute<{ count: string; oldest: Date | null }[]>(
      'select count(*) as count, min(created_at) as oldest from connection where requester_id = ? and created_at >= ?',
      [requesterId, since], 'all', em.getTransactionContext(),
    );
    return { count: Number(row?.count ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  /** Her connections, newest first, after a (since, id) key; blocked pairs left out. */
  async connected(em: EntityManager, memberId: string, limit: number, after?: { at: Date; id: string }): Promise<ConnectedRow[]> {
    return em.getConnection().execute<ConnectedRow[]>(
      `select c.id, c.answered_at, case when c.requester_id = ? then c.recipient_id else c.requester_id end as other_id
       from connection c
       where c.status = 'accepted' and (c.requester_id = ? or c.recipient_id = ?) and not ${PAIR_BLOCKED_SQL}
         ${after ? 'and (c.answered_at, c.id) < (?, ?)' : ''}
       order by c.answered_at desc, c.id desc limit ?`,
      [memberId, memberId, memberId, ...(after ? [after.at, after.id] : []), limit], 'all', em.getTransactionContext(),
    );
  }

  /**
   * Requests waiting: to her (incoming: pending only) or from her (outgoing: pending, and those declined
   * that she has not withdrawn, which she is not told about). Blocked pairs left out.
   */
  async requests(em: EntityManager, memberId: string, direction: 'incoming' | 'outgoing', limit: number, after?: { at: Date; id: string }): Promise<RequestRow[]> {
    const incoming = direction === 'incoming';
    return em.getConnection().execute<RequestRow[]>(
      `select c.id, c.note, c.created_at, ${incoming ? 'c.requester_id' : 'c.recipient_id'} as other_id
       from connection c
       where ${incoming ? "c.recipient_id = ? and c.status = 'pending'" : "c.requester_id = ? and c.status in ('pending', 'declined')"}
         and not ${PAIR_BLOCKED_SQL}
         ${after ? 'and (c.created_at, c.id) < (?, ?)' : ''}
       order by c.created_at desc, c.id desc limit ?`,
      [memberId, ...(after ? [after.at, after.id] : []), limit], 'all', em.getTransactionContext(),
    );
  }

  /** The members she is connected with (blocked pairs left out), as SQL for other features' queries. */
  static connectedIdsSql(param = '?'): string {
    return `select case when c.requester_id = ${param} then c.recipient_id else c.requester_id end
            from connection c where c.status = 'accepted' and (c.requester_id = ${param} or c.recipient_id = ${param}) and not ${PAIR_BLOCKED_SQL}`;
  }

  /** Whether the two are connected (a blocked pair never is): messages ask this for a first contact. */
  async areConnected(em: EntityManager, a: string, b: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ one: number }[]>(
      `select 1 as one from (${ConnectionsRepository.connectedIdsSql('?')}) connected(id) where connected.id = ? limit 1`,
      [a, a, a, b], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  /** Every request and connection she is part of, oldest first (for her data export). */
  involving(em: EntityManager, memberId: string): Promise<Connection[]> {
    return em.find(Connection, { $or: [{ requesterId: memberId }, { recipientId: memberId }] }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** A deleted account's requests and connections go with it. */
  async forgetMember(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('delete from connection where requester_id = ? or recipient_id = ?', [accountId, accountId], 'run', em.getTransactionContext());
  }
}
