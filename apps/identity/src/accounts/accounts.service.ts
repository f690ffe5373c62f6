/** Registering and signing in. */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AccountRegisteredV1, DomainError, ProfileChangedV1, ErrorCode, conflict, forbidden, notFound, validationFailed } from '@weop/contracts';
import type { AccountEmails, IdResponse, LoginRequest, Principal, RegisterRequest, TokenPairResponse } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import type { CallOrigin } from '@weop/messaging';
import { IdentityConfig } from '../identity.config';
import { Profile } from '../profiles/profile.entity';
import { SessionsRepository } from '../sessions/sessions.repository';
import { SessionsService } from '../sessions/sessions.service';
import { Account } from './account.entity';
import { AccountsRepository } from './accounts.repository';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy/password-policy';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class AccountsService {
  readonly hasher: PasswordHasher;
  private readonly policy = new PasswordPolicy();

  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsService,
    private readonly sessionRecords: SessionsRepository,
    private readonly throttle: LoginThrottleService,
    private readonly outbox: Outbox,
    @Inject(IdentityConfig) config: IdentityConfig,
  ) {
    this.hasher = new PasswordHasher({ memoryKib: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST });
  }

  /**
   * For another service's mail (community's digest), asked at send time so that no other service keeps
   * members' addresses. Only service-to-service: a call that names a member (every call the gateway
   * forwards does) is refused, and the gateway routes none here.
   */
  async emailsOf(caller: Principal | null, accountIds: readonly string[]): Promise<AccountEmails> {
    if (caller) throw forbidden();
    return { items: await this.accounts.emailsOf(accountIds) };
  }

  async register(input: RegisterRequest, roles: Account['roles'] = ['member']): Promise<IdResponse> {
    const problem = this.policy.problemWith(input.password, { email: input.email, fullName: input.fullName, displayName: input.displayName });
    if (problem) throw validationFailed('password', problem);
    const emailNormalized = normalizeEmail(input.email);
    const passwordHash = await this.hasher.hash(input.password);
    const id = randomUUID();
    const now = new Date();
    try {
      await this.em.fork().transactional(async (em) => {
        if (await this.accounts.emailTaken(emailNormalized, em)) throw conflict('An account with this email already exists.');
        em.persist(em.create(Account, { id, email: input.email.trim(), emailNormalized, passwordHash, roles, createdAt: now }));
        const displayName = (input.displayName ?? input.fullName.trim().split(/\s+/)[0]).trim();
        em.persist(em.create(Profile, { accountId: id, fullName: input.fullName.trim(), displayName, country: input.country }));
        await this.outbox.add(em, AccountRegisteredV1.subject, { accountId: id, country: input.country, registeredAt: now.toISOString() });
        await this.outbox.add(em, ProfileChangedV1.subject, { accountId: id, displayName, country: input.country, changedAt: now.toISOString() });
      });
    } catch (error) {
      // Two registrations racing for one email: the unique index decides.
      if ((error as { code?: string }).code === '23505') throw conflict('An account with this email already exists.');
      throw error;
    }
    return { id };
  }

  async login(input: LoginRequest, origin: CallOrigin): Promise<TokenPairResponse> {
    const email = normalizeEmail(input.email);
    const account = await this.accounts.byEmail(email, this.em.fork());
    if (!(await this.passwordMatches(email, account, input.password, origin)) || !account) {
      throw new DomainError(ErrorCode.AUTH_INVALID_CREDENTIALS, 'The email or password is not right.');
    }
    // A suspended or expelled member can still sign in: the gateway limits what the token may do.
    return this.em.fork().transactional((em) => this.sessions.open(account, origin, em));
  }

  /**
   * Her password again, for what a token alone must not do (deleting the account). Counted by the same
   * throttling as signing in, so a taken token cannot be used to guess it faster.
   */
  async confirmPassword(accountId: string, password: string, origin: CallOrigin): Promise<void> {
    const account = await this.accounts.byId(accountId, this.em.fork());
    if (!account) throw notFound('The account');
    if (!(await this.passwordMatches(account.emailNormalized, account, password, origin))) {
      throw new DomainError('PASSWORD_INCORRECT', 'The password is not right.', [{ field: 'password', problem: 'is not your current password' }]);
    }
  }

  /**
   * Checks a password under the sign-in throttle (refused with RATE_LIMITED while a pause lasts) and counts
   * the outcome. With no account the hash is still verified against a dummy, so an unknown email takes as long.
   */
  private async passwordMatches(email: string, account: Account | null, password: string, origin: CallOrigin): Promise<boolean> {
    const knownAddress = Boolean(account && origin.address && (await this.sessionRecords.hasUsedAddress(account.id, origin.address)));
    await this.throttle.begin(email, origin.address, knownAddress);
    const ok = (await this.hasher.verify(account?.passwordHash, password)) && account !== null;
    if (ok) await this.throttle.succeeded(email, origin.address, knownAddress);
    else await this.throttle.failed(email, origin.address, knownAddress);
    return ok;
  }
}
