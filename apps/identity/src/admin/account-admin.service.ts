/**
 * Roles and account status. Status is identity's to own: every change is recorded in the account's
 * history, ends her sessions when it restricts her, and is published (through the outbox) so the
 * gateway's replica refuses her next request. Trust-safety's sanctions arrive as events and go through
 * the same path (`applySanction`, `liftSanction`) inside the event's transaction.
 */
import { Inject, Injectable } from '@nestjs/common';
import { IdentityConfig } from '../identity.config';
import { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { AccountRolesChangedV1, AccountStatusChangedV1, DomainError, ErrorCode, forbidden, notFound, validationFailed } from '@weop/contracts';
import type { AccountStatus, Role, SanctionImposedV1, SanctionLiftedV1, StatusSnapshot } from '@weop/contracts';
import type { Db, Statement } from '@weop/persistence';
import { Outbox } from '@weop/messaging';
import { Account } from '../accounts/account.entity';
import type { StoredStatusReason } from '../accounts/account.entity';
import { AccountsRepository, SanctionStatements } from '../accounts/accounts.repository';
import type { AccountStatusRow, SanctionInForce, ImposedSanction } from '../accounts/accounts.repository';
import { AccountsService, normalizeEmail } from '../accounts/accounts.service';
import { SessionsRepository } from '../sessions/sessions.repository';

export interface StatusChange {
  status: AccountStatus;
  until?: string | Date | null;
  reason?: StoredStatusReason | null;
  changedBy: string | null;
}

@Injectable()
export class AccountAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountsRepository,
    private readonly sessionRecords: SessionsRepository,
    private readonly outbox: Outbox,
    private readonly registration: AccountsService,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /**
   * The caller's roles as identity knows them now: the roles a gateway forwards come from a token or
   * a replica that can lag, so admin operations are checked against the database.
   */
  async requireAdmin(callerId: string): Promise<void> {
    const caller = await this.accounts.byId(callerId);
    if (!caller || caller.status !== 'active' || !caller.roles.includes('admin')) throw forbidden('Only an admin can do this.');
  }

  /**
   * First start: when no admin exists, the account named by WEOP_ADMIN_EMAIL becomes one — created
   * with WEOP_ADMIN_PASSWORD, or, when a member already has that email, given the admin role.
   */
  async ensureFirstAdmin(email: string, password: string): Promise<{ kind: 'admin-exists' | 'created' | 'promoted'; accountId?: string }> {
    if ((await this.accounts.hasAdmin()) > 0) return { kind: 'admin-exists' };
    try {
      const { outcome, accountId } = await this.createAdmin(email, password);
      return outcome === 'already-admin' ? { kind: 'admin-exists' } : { kind: outcome, accountId };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.CONFLICT) return { kind: 'admin-exists' };
      if (error instanceof DomainError && error.code === ErrorCode.VALIDATION_FAILED) {
        const problems = error.details.map((d) => { const p = d as { field: string; problem: string }; return `${p.field} ${p.problem}`; }).join('; ');
        throw new Error(`WEOP_ADMIN_EMAIL / WEOP_ADMIN_PASSWORD are refused: ${problems}`);
      }
      throw error;
    }
  }

  /**
   * An admin by the operators' hand (`npm run weop -- admin create`): a new account through the
   * registration rules (password policy, argon2id), or the admin role for the account that has the
   * email already (its password is left alone). Running it again changes nothing.
   */
  async createAdmin(email: string, password: string): Promise<{ outcome: 'created' | 'promoted' | 'already-admin'; accountId: string }> {
    const promote = async (): Promise<{ outcome: 'promoted' | 'already-admin'; accountId: string } | undefined> => {
      const existing = await this.accounts.byEmail(normalizeEmail(email));
      if (!existing) return undefined;
      if (existing.roles.includes('admin')) return { outcome: 'already-admin', accountId: existing.id };
      await this.grantRole(existing.id, 'admin');
      return { outcome: 'promoted', accountId: existing.id };
    };
    const promoted = await promote();
    if (promoted) return promoted;
    try {
      const { id } = await this.registration.register({ email, password, fullName: 'Platform Admin', country: 'GE', displayName: 'Admin' }, ['member', 'admin']);
      return { outcome: 'created', accountId: id };
    } catch (error) {
      // Created by someone else at the same moment (a replica starting, another operator): promote her instead.
      if (error instanceof DomainError && error.code === ErrorCode.CONFLICT) {
        const now = await promote();
        if (now) return now;
      }
      throw error;
    }
  }

  async grantRole(accountId: string, role: Role): Promise<void> {
    await this.changeRoles(accountId, (roles) => (roles.includes(role) ? roles : [...roles, role]));
  }

  async revokeRole(accountId: string, role: Role, by: string): Promise<void> {
    if (role === 'member') throw new DomainError(ErrorCode.CONFLICT, 'Every account keeps the member role.');
    if (role === 'admin' && accountId === by) {
      throw new DomainError(ErrorCode.CONFLICT, 'An admin cannot remove her own admin role; ask another admin.');
    }
    await this.changeRoles(accountId, (roles) => roles.filter((r) => r !== role));
  }

  private async changeRoles(accountId: string, change: (roles: Role[]) => Role[]): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const account = await em.findOne(Account, { id: accountId, deletedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!account) throw notFound('The account');
      const roles = change(account.roles);
      if (roles.length === account.roles.length && roles.every((r) => account.roles.includes(r))) return;
      account.roles = roles;
      account.version += 1;
      account.updatedAt = new Date();
      await this.outbox.add(em, AccountRolesChangedV1.subject, {
        accountId,
        roles,
        version: account.version,
        changedAt: account.updatedAt.toISOString(),
      });
    });
  }

  async setStatus(accountId: string, change: StatusChange): Promise<void> {
    const until = change.until ? new Date(change.until) : null;
    if (change.status === 'suspended' && (!until || until <= new Date())) {
      throw validationFailed('until', 'a suspension needs an end in the future');
    }
    await this.em.fork().transactional(async (em) => {
      const account = await this.accounts.lockStatus(accountId, em);
      if (!account) throw notFound('The account');
      await this.apply(em, account, { ...change, until: change.status === 'suspended' ? until : null });
    });
  }

  /**
   * Lifts suspensions whose end has passed; safe with several replicas (rows are locked, skip locked).
   * An account under another sanction still in force moves to that one instead.
   */
  async liftEndedSuspensions(): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const ended = await this.accounts.endedSuspensions(new Date(), em);
      for (const account of ended) {
        if (account.statusReason?.sanctionId) await this.enforceSanctions(em, account);
        else await this.apply(em, account, { status: 'active', until: null, reason: null, changedBy: null });
      }
      return ended.length;
    });
  }

  /**
   * A suspension or expulsion decided in trust-safety, applied inside the event's own transaction (the
   * inbox makes it once). Every sanction in force is remembered, and the account is under the gravest
   * of them: an expulsion, else the suspension that ends last. A warning restricts nothing.
   * The hot path of enforcement (docs/performance.md, issue 4): the account is locked and the sanction
   * recorded by `sanctionArrivalStatements`, which its consumer sends with the transaction's first round
   * trip (`first`, their rows); without them they run here, one after the other.
   */
  async applySanction(db: Db, sanction: SanctionImposedV1, first?: unknown[][]): Promise<void> {
    if (sanction.kind === 'warning') return;
    // Locked first, in a statement of its own: a "lifted" event for this sanction, applied by the other
    // consumer at the same moment, then either committed before (and is seen by the record) or waits for this one.
    const { account, imposed } = await this.accounts.sanctionArrival(db, imposedSanction(sanction, sanction.kind), new Date(), first);
    if (!account) return;
    // Its "lifted" event can come first (an appeal overturned it quickly, or the events crossed).
    if (imposed.lifted) return;
    await this.enforceSanctions(db, account, imposed.inForce);
  }

  /**
   * A sanction lifted (appeal overturned, expired, revoked): the account falls back to what else is in force,
   * or to active. `first`: the rows of `sanctionLiftStatements`, as for `applySanction`.
   */
  async liftSanction(db: Db, lifted: SanctionLiftedV1, first?: unknown[][]): Promise<void> {
    // The account is locked before anything else, as `applySanction` does: the two events of one sanction
    // come through different consumers and can be applied at the same moment.
    const { account, inForce } = await this.accounts.sanctionLift(db, liftRecord(lifted), new Date(), first);
    if (account) await this.enforceSanctions(db, account, inForce);
  }

  /**
   * Puts the account under the gravest sanction in force. A restriction an admin set by hand is left
   * alone unless a sanction is graver; nothing changes (no event) when the account is already right.
   */
  private async enforceSanctions(db: Db, account: AccountStatusRow, known?: SanctionInForce[]): Promise<void> {
    const inForce = known ?? (await this.accounts.sanctionsInForce(account.id, new Date(), db));
    const gravest =
      inForce.find((s) => s.kind === 'expulsion') ??
      inForce.reduce<SanctionInForce | undefined>((best, s) => (!best || (s.endsAt && best.endsAt && s.endsAt > best.endsAt) ? s : best), undefined);
    const bySanction = Boolean(account.statusReason?.sanctionId);
    const byHand = account.status !== 'active' && !bySanction;
    if (!gravest) {
      if (account.status !== 'active' && bySanction) await this.apply(db, account, { status: 'active', until: null, reason: null, changedBy: null });
      return;
    }
    const status = gravest.kind === 'expulsion' ? 'expelled' : 'suspended';
    const until = gravest.kind === 'suspension' ? gravest.endsAt : null;
    if (byHand && (account.status === 'expelled' || (status === 'suspended' && account.statusUntil && until && account.statusUntil >= until))) return;
    if (account.status === status && account.statusReason?.sanctionId === gravest.sanctionId && (account.statusUntil?.getTime() ?? null) === (until?.getTime() ?? null)) return;
    await this.apply(db, account, { status, until, reason: gravest.reason, changedBy: null });
  }

  async statusSnapshot(after: string | undefined): Promise<StatusSnapshot> {
    const limit = 500;
    // Twice the token lifetime: a change older than that can no longer be contradicted by a live token.
    const changedSince = new Date(Date.now() - 2 * this.config.ACCESS_TOKEN_TTL_SECONDS * 1000);
    const page = await this.accounts.restrictedPage(after, limit, changedSince, this.em.fork());
    return {
      items: page.map((a) => ({
        ...(a.deletedAt ? { deleted: true } : {}),
        accountId: a.id,
        status: a.status,
        until: a.statusUntil?.toISOString() ?? null,
        version: a.version,
        roles: a.roles,
        reason: a.statusReason,
      })),
      next: page.length === limit ? page[page.length - 1].id : null,
      ...(after
        ? {}
        : {
            endedSessions: (await this.sessionRecords.endedSince(new Date(Date.now() - this.config.ACCESS_TOKEN_TTL_SECONDS * 1000))).map((s) => ({
              sessionId: s.id,
              endedAt: s.revokedAt!.toISOString(),
            })),
          }),
    };
  }

  /**
   * Records a status change on a locked account: the account, its history, her sessions ended when it
   * restricts her (written together, `AccountsRepository.writeStatus`), and the event the gateway's
   * replica follows, in the caller's transaction.
   */
  private async apply(db: Db, account: AccountStatusRow, change: StatusChange & { until: Date | null }): Promise<void> {
    const now = new Date();
    const reason = change.status === 'active' ? null : (change.reason ?? null);
    // The account is locked: its next version is known before the write, which can then go with the
    // COMMIT together with the event (SqlTransaction), one round trip for both.
    const version = account.version + 1;
    await this.accounts.writeStatus(db, account.id, version, { status: change.status, until: change.until, reason, changedBy: change.changedBy, at: now });
    await this.outbox.add(db, AccountStatusChangedV1.subject, {
      accountId: account.id,
      status: change.status,
      until: change.until?.toISOString() ?? null,
      version,
      reason,
      changedAt: now.toISOString(),
    });
  }
}

/** The sanction as identity records it in force. */
function imposedSanction(sanction: SanctionImposedV1, kind: ImposedSanction['kind']): ImposedSanction {
  return {
    sanctionId: sanction.sanctionId,
    accountId: sanction.accountId,
    kind,
    endsAt: sanction.endsAt ? new Date(sanction.endsAt) : null,
    reason: { sanctionId: sanction.sanctionId, kind, guideline: sanction.guideline, statement: sanction.statement },
  };
}

const liftRecord = (lifted: SanctionLiftedV1) => ({ sanctionId: lifted.sanctionId, accountId: lifted.accountId, liftedAt: new Date(lifted.liftedAt) });

/** The statements `applySanction` starts with, for its consumer's first round trip (none for a warning). */
export function sanctionArrivalStatements(sanction: SanctionImposedV1, now = new Date()): Statement[] {
  return sanction.kind === 'warning' ? [] : SanctionStatements.arrival(imposedSanction(sanction, sanction.kind), now);
}

/** The statements `liftSanction` starts with, for its consumer's first round trip. */
export function sanctionLiftStatements(lifted: SanctionLiftedV1, now = new Date()): Statement[] {
  return SanctionStatements.lift(liftRecord(lifted), now);
}
