/**
 * Sessions and refresh-token rotation. A refresh token is 32 random bytes shown once; only its
 * SHA-256 is stored. Each use spends it and issues the next; presenting a spent token means it was
 * copied, so the whole session is revoked and every token of it stops working.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { DomainError, ErrorCode, notFound } from '@weop/contracts';
import type { Page, Principal, SessionView, TokenPairResponse } from '@weop/contracts';
import type { CallOrigin } from '@weop/messaging';
import { Account } from '../accounts/account.entity';
import { IdentityConfig } from '../identity.config';
import { TokenService } from '../tokens/token.service';
import { RefreshToken, Session } from './session.entity';
import { SessionsRepository } from './sessions.repository';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const invalidRefresh = (): DomainError =>
  new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'This sign-in has ended. Please sign in again.');

@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /** Opens a session for a signed-in account and returns its first token pair. */
  async open(account: Account, origin: CallOrigin, em: EntityManager): Promise<TokenPairResponse> {
    const now = new Date();
    const session = em.create(Session, {
      id: randomUUID(),
      accountId: account.id,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.config.SESSION_TTL_DAYS * 86_400_000),
      userAgent: origin.userAgent,
      address: origin.address,
    });
    em.persist(session);
    return this.issuePair(account, session, em);
  }

  async refresh(refreshToken: string, origin: CallOrigin): Promise<TokenPairResponse> {
    return this.em.fork().transactional(async (em) => {
      const stored = await this.sessions.tokenByHash(hashToken(refreshToken), em);
      if (!stored) throw invalidRefresh();
      const session = await em.findOne(Session, { id: stored.sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session || session.revokedAt || session.expiresAt <= new Date()) throw invalidRefresh();
      if (stored.spentAt) {
        session.revokedAt = new Date();
        session.revokedReason = 'refresh-token-reuse';
        await em.flush();
        // Commit the revocation, then refuse.
        return null;
      }
      const account = await em.findOne(Account, { id: session.accountId, deletedAt: null });
      if (!account) throw invalidRefresh();
      stored.spentAt = new Date();
      session.lastUsedAt = new Date();
      if (origin.address) session.address = origin.address;
      return this.issuePair(account, session, em);
    }).then((pair) => {
      if (!pair) throw invalidRefresh();
      return pair;
    });
  }

  async logout(principal: Principal): Promise<void> {
    await this.em.fork().nativeUpdate(
      Session,
      { id: principal.sessionId, accountId: principal.accountId, revokedAt: null },
      { revokedAt: new Date(), revokedReason: 'logout' },
    );
  }

  async list(principal: Principal): Promise<Page<SessionView>> {
    const sessions = await this.sessions.activeFor(principal.accountId, this.em.fork());
    return {
      items: sessions.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        userAgent: s.userAgent,
        address: s.address,
        current: s.id === principal.sessionId,
      })),
      nextCursor: null,
    };
  }

  /** Ends one of her own sessions; someone else's id is answered as not found. */
  async end(principal: Principal, sessionId: string): Promise<void> {
    const ended = await this.em.fork().nativeUpdate(
      Session,
      { id: sessionId, accountId: principal.accountId, revokedAt: null },
      { revokedAt: new Date(), revokedReason: 'ended-by-member' },
    );
    if (ended === 0) throw notFound('The session');
  }

  private issuePair(account: Account, session: Session, em: EntityManager): TokenPairResponse {
    const refreshToken = randomBytes(32).toString('base64url');
    em.persist(em.create(RefreshToken, { tokenHash: hashToken(refreshToken), sessionId: session.id, createdAt: new Date() }));
    return {
      accessToken: this.tokens.issueAccessToken({ accountId: account.id, sessionId: session.id, roles: account.roles }),
      refreshToken,
      expiresIn: this.tokens.ttlSeconds,
      account: { id: account.id, status: account.status, roles: account.roles },
    };
  }
}
