import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken, Session } from './session.entity';

@Injectable()
export class SessionsRepository {
  constructor(private readonly em: EntityManager) {}

  tokenByHash(tokenHash: string, em: EntityManager): Promise<RefreshToken | null> {
    return em.findOne(RefreshToken, { tokenHash });
  }

  byId(id: string, em: EntityManager = this.em.fork()): Promise<Session | null> {
    return em.findOne(Session, { id });
  }

  activeFor(accountId: string, em: EntityManager = this.em.fork()): Promise<Session[]> {
    return em.find(Session, { accountId, revokedAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { lastUsedAt: 'desc' } });
  }

  allFor(accountId: string, em: EntityManager = this.em.fork()): Promise<Session[]> {
    return em.find(Session, { accountId }, { orderBy: { createdAt: 'asc' } });
  }

  async revokeAll(accountId: string, reason: string, em: EntityManager): Promise<number> {
    return em.nativeUpdate(Session, { accountId, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason });
  }

  async deleteAll(accountId: string, em: EntityManager): Promise<void> {
    await em.nativeDelete(Session, { accountId });
  }
}
