/**
 * Sessions and refresh-token rotation. A refresh token is 32 random bytes shown once; only its
 * SHA-256 is stored. Each use spends it and issues the next; presenting a spent token means it was
 * copied, so the whole session is revoked and every token of it stops working.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { DomainError, ErrorCode, SessionsEndedV1, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type { Page, Principal, SessionView, TokenPairResponse } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
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
    private readonly outbox: Outbox,
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
      const tokenHash = hashToken(refreshToken);
      const claimed = await this.sessions.spendToken(tokenHash, em);
      const sessionId = claimed ?? (await this.sessions.tokenByHash(tokenHash, em))?.sessionId;
      if (!sessionId) throw invalidRefresh();
      const session = await em.findOne(Session, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session || session.revokedAt || session.expiresAt <= new Date()) throw invalidRefresh();
      if (!claimed) {
        // Spent already: the token was copied (or raced). The whole session ends.
        session.revokedAt = new Date();
        session.revokedReason = 'refresh-token-reuse';
        await this.announceEnded(em, session.accountId, [session.id], 'refresh-token-reuse');
        // Commit the revocation, then refuse.
        return null;
      }
      const account = await em.findOne(Account, { id: session.accountId, deletedAt: null });
      if (!account) throw invalidRefresh();
      session.lastUsedAt = new Date();
      if (origin.address) session.address = origin.address;
      return this.issuePair(account, session, em);
    }).then((pair) => {
      if (!pair) throw invalidRefresh();
      return pair;
    });
  }

  async logout(principal: Principal): Promise<void> {
    await this.endSessions(principal.accountId, 'logout', [principal.sessionId]);
  }

  /**
   * Ends sessions of one account (all when none are named) and announces it, in one transaction, so
   * the gateway refuses their access tokens at once. Returns the ids that were still open.
   */
  async endSessions(accountId: string, reason: string, sessionIds?: string[]): Promise<string[]> {
    return this.em.fork().transactional(async (em) => {
      const ended = await this.sessions.revoke(accountId, reason, em, sessionIds);
      await this.announceEnded(em, accountId, ended, reason);
      return ended;
    });
  }

  private async announceEnded(em: EntityManager, accountId: string, sessionIds: string[], reason: string): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.outbox.add(em, SessionsEndedV1.subject, { accountId, sessionIds, reason, endedAt: new Date().toISOString() });
  }

  /** Her open sessions, most recently used first, a page at a time (API.md "Lists"). */
  async list(principal: Principal, limit = 20, cursor?: string): Promise<Page<SessionView>> {
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await this.sessions.activeFor(principal.accountId, this.em.fork(), limit + 1, key ? { lastUsedAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (s) => [s.lastUsedAt.toISOString(), s.id]);
    return {
      items: page.items.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        userAgent: s.userAgent,
        address: s.address,
        current: s.id === principal.sessionId,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Ends one of her own sessions; someone else's id is answered as not found. */
  async end(principal: Principal, sessionId: string): Promise<void> {
    // Scoped to her account: another member's session id is simply not found.
    const ended = await this.endSessions(principal.accountId, 'ended-by-member', [sessionId]);
    if (ended.length === 0) throw notFound('The session');
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
