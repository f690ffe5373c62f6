import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { Role } from '@weop/contracts';
import type { StoredStatusReason } from './account.entity';
import { Account, AccountStatusChange } from './account.entity';
import { Profile } from '../profiles/profile.entity';

export interface PublicProfileRow {
  id: string;
  status: string;
  roles: Role[];
  display_name: string;
  full_name: string;
  show_legal_name: boolean;
  country: string;
  city: string | null;
  show_city: boolean;
  bio: string;
  organization: string | null;
  languages: string[];
  expertise: string[];
  photo_key: string | null;
  identity_verified_at: string | Date | null;
  organization_verified: boolean;
  /** A Gender Champion (awards.champion.announced.v1). */
  champion: boolean;
}

@Injectable()
export class AccountsRepository {
  constructor(private readonly em: EntityManager) {}

  byEmail(emailNormalized: string, em: EntityManager = this.em.fork()): Promise<Account | null> {
    return em.findOne(Account, { emailNormalized, deletedAt: null });
  }

  byId(id: string, em: EntityManager = this.em.fork()): Promise<Account | null> {
    return em.findOne(Account, { id, deletedAt: null });
  }

  /** The addresses of those accounts that exist and are not deleted. */
  async emailsOf(ids: readonly string[], em: EntityManager = this.em.fork()): Promise<{ accountId: string; email: string }[]> {
    const rows = await em.find(Account, { id: { $in: [...ids] }, deletedAt: null }, { fields: ['id', 'email'] });
    return rows.map((a) => ({ accountId: a.id, email: a.email }));
  }

  profile(accountId: string, em: EntityManager = this.em.fork(), lock = false): Promise<Profile | null> {
    return em.findOne(Profile, { accountId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** What another member may see of her, in one query (the hot read of the platform). */
  async publicProfileRow(id: string, em: EntityManager = this.em.fork()): Promise<PublicProfileRow | undefined> {
    const [row] = await em.getConnection().execute<PublicProfileRow[]>(
      `select a.id, a.status, a.roles, p.display_name, p.full_name, p.show_legal_name, p.country, p.city, p.show_city, p.bio,
              p.organization, p.languages, p.expertise, p.photo_key, a.identity_verified_at,
              exists (select 1 from organization_member m join organization o on o.id = m.organization_id
                       where m.account_id = a.id and o.status = 'approved') as organization_verified,
              exists (select 1 from champion_badge b where b.account_id = a.id) as champion
         from account a join profile p on p.account_id = a.id
        where a.id = ? and a.deleted_at is null`,
      [id],
      'all',
      em.getTransactionContext(),
    );
    return row;
  }

  /** Sanctions trust-safety lifted: their "imposed" event may still arrive late, and must then change nothing. */
  async sanctionLifted(sanctionId: string, em: EntityManager): Promise<boolean> {
    const rows = await em.getConnection().execute<{ n: number }[]>('select 1 as n from lifted_sanction where sanction_id = ?', [sanctionId], 'all', em.getTransactionContext());
    return rows.length > 0;
  }

  async recordLiftedSanction(sanctionId: string, accountId: string, at: Date, em: EntityManager): Promise<void> {
    await em.getConnection().execute(
      'insert into lifted_sanction (sanction_id, account_id, lifted_at) values (?, ?, ?) on conflict do nothing',
      [sanctionId, accountId, at], 'run', em.getTransactionContext(),
    );
  }

  async addSanctionInForce(s: { sanctionId: string; accountId: string; kind: 'suspension' | 'expulsion'; endsAt: Date | null; reason: StoredStatusReason }, em: EntityManager): Promise<void> {
    await em.getConnection().execute(
      `insert into sanction_in_force (sanction_id, account_id, kind, ends_at, reason, imposed_at) values (?, ?, ?, ?, ?::jsonb, now()) on conflict do nothing`,
      [s.sanctionId, s.accountId, s.kind, s.endsAt, JSON.stringify(s.reason)], 'run', em.getTransactionContext(),
    );
  }

  async removeSanctionInForce(sanctionId: string, em: EntityManager): Promise<void> {
    await em.getConnection().execute('delete from sanction_in_force where sanction_id = ?', [sanctionId], 'run', em.getTransactionContext());
  }

  /** The sanctions still in force on an account: expulsions, and suspensions that have not ended. */
  async sanctionsInForce(accountId: string, now: Date, em: EntityManager): Promise<{ sanctionId: string; kind: 'suspension' | 'expulsion'; endsAt: Date | null; reason: StoredStatusReason }[]> {
    const rows = await em.getConnection().execute<{ sanction_id: string; kind: 'suspension' | 'expulsion'; ends_at: string | Date | null; reason: StoredStatusReason }[]>(
      `select sanction_id, kind, ends_at, reason from sanction_in_force where account_id = ? and (kind = 'expulsion' or ends_at > ?) order by imposed_at`,
      [accountId, now], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ sanctionId: r.sanction_id, kind: r.kind, endsAt: r.ends_at === null ? null : new Date(r.ends_at), reason: r.reason }));
  }

  async emailTaken(emailNormalized: string, em: EntityManager): Promise<boolean> {
    return (await em.count(Account, { emailNormalized })) > 0;
  }

  hasAdmin(em: EntityManager = this.em.fork()): Promise<number> {
    return em.count(Account, { roles: { $contains: ['admin'] }, deletedAt: null });
  }

  statusHistory(accountId: string, em: EntityManager = this.em.fork()): Promise<AccountStatusChange[]> {
    return em.find(AccountStatusChange, { accountId }, { orderBy: { changedAt: 'asc' } });
  }

  /** Suspensions whose end has passed. */
  endedSuspensions(now: Date, em: EntityManager): Promise<Account[]> {
    return em.find(Account, { status: 'suspended', statusUntil: { $lte: now }, deletedAt: null }, { limit: 100, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
  }

  /** Accounts a gateway must know about: restricted, or holding more than the member role. */
  /**
   * Accounts a gateway must know about: restricted, holding more than the member role, or changed
   * (a role revoked, deleted) recently enough that an access token issued before may still be alive.
   */
  async restrictedPage(after: string | undefined, limit: number, changedSince: Date, em: EntityManager = this.em.fork()): Promise<Account[]> {
    const rows = await em.getConnection().execute<{ id: string }[]>(
      `select id from account
        where (?::uuid is null or id > ?::uuid)
          and (status <> 'active' or roles <> '{member}' or updated_at >= ?)
        order by id limit ?`,
      [after ?? null, after ?? null, changedSince, limit],
    );
    if (rows.length === 0) return [];
    return em.find(Account, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { id: 'asc' } });
  }
}
