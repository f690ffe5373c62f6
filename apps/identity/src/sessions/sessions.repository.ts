import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken, Session } from './session.entity';

@Injectable()
export class SessionsRepository {
  constructor(private readonly em: EntityManager) {}

  tokenByHash(tokenHash: string, em: EntityManager): Promise<RefreshToken | null> {
    return em.findOne(RefreshToken, { tokenHash });
  }

  /**
   * Spends a refresh token if it is unspent, atomically: of two requests racing with one token,
   * exactly one gets its session id back (the other waits on the row lock, then finds it spent).
   */
  async spendToken(tokenHash: string, em: EntityManager): Promise<string | undefined> {
    const rows = await em.getConnection().execute<{ session_id: string }[]>(
      'update refresh_token set spent_at = now() where token_hash = ? and spent_at is null returning session_id',
      [tokenHash],
      'all',
      em.getTransactionContext(),
    );
    return rows[0]?.session_id;
  }

  /** Has she signed in from this address in the last 90 days? */
  async hasUsedAddress(accountId: string, address: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    return (await em.count(Session, { accountId, address, lastUsedAt: { $gte: new Date(Date.now() - 90 * 86_400_000) } })) > 0;
  }

  byId(id: string, em: EntityManager = this.em.fork()): Promise<Session | null> {
    return em.findOne(Session, { id });
  }

  /** Her open sessions, most recently used first; `after` continues a page (keyset on last use, then id). */
  activeFor(accountId: string, em: EntityManager = this.em.fork(), limit?: number, after?: { lastUsedAt: Date; id: string }): Promise<Session[]> {
    const open = { accountId, revokedAt: null, expiresAt: { $gt: new Date() } };
    const where = after
      ? { ...open, $or: [{ lastUsedAt: { $lt: after.lastUsedAt } }, { lastUsedAt: after.lastUsedAt, id: { $lt: after.id } }] }
      : open;
    return em.find(Session, where, { orderBy: { lastUsedAt: 'desc', id: 'desc' }, ...(limit ? { limit } : {}) });
  }

  allFor(accountId: string, em: EntityManager = this.em.fork()): Promise<Session[]> {
    return em.find(Session, { accountId }, { orderBy: { createdAt: 'asc' } });
  }

  /** Ends the sessions named (or all of hers when none are named) that are still open; returns their ids. */
  async revoke(accountId: string, reason: string, em: EntityManager, sessionIds?: string[]): Promise<string[]> {
    if (sessionIds && sessionIds.length === 0) return [];
    const rows = await em.getConnection().execute<{ id: string }[]>(
      `update session set revoked_at = now(), revoked_reason = ?
        where account_id = ? and revoked_at is null ${sessionIds ? 'and id in (?)' : ''} returning id`,
      sessionIds ? [reason, accountId, sessionIds] : [reason, accountId],
      'all',
      em.getTransactionContext(),
    );
    return rows.map((r) => r.id);
  }

  /**
   * Sessions ended since `since` whose access tokens the gateway must refuse. Sessions ended by a
   * suspension or expulsion are left out: their tokens must still reach the calls she needs to
   * contest the decision, and the status itself restricts everything else.
   */
  async endedSince(since: Date, em: EntityManager = this.em.fork()): Promise<Session[]> {
    return em.find(Session, { revokedAt: { $gte: since }, revokedReason: { $nin: ['account-suspended', 'account-expelled'] } }, { limit: 10_000 });
  }

  async deleteAll(accountId: string, em: EntityManager): Promise<void> {
    await em.nativeDelete(Session, { accountId });
  }
}
