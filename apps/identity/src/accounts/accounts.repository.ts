import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { AccountStatus, Role } from '@weop/contracts';
import type { StoredStatusReason } from './account.entity';
import { Account, AccountStatusChange } from './account.entity';
import { Profile } from '../profiles/profile.entity';
import { sql, write } from '@weop/persistence';
import { eitherBlockedSql } from '../blocks/blocks.repository';
import type { Db, Statement } from '@weop/persistence';

/** One look at a public profile: whose, and by whom (null: nobody signed in, so no block applies). */
export interface ProfileView {
  accountId: string;
  viewerId: string | null;
}

/**
 * What a public profile shows, read with one prepared statement (docs/performance.md, issue 2); the
 * statements below add the block check, for one view or for many.
 */
const PUBLIC_PROFILE_COLUMNS = `select a.id, a.status, a.roles, p.display_name, p.full_name, p.show_legal_name, p.country, p.city, p.show_city, p.bio,
              p.organization, p.languages, p.expertise, p.photo_key, a.identity_verified_at,
              exists (select 1 from organization_member m join organization o on o.id = m.organization_id
                       where m.account_id = a.id and o.status = 'approved') as organization_verified,
              exists (select 1 from champion_badge b where b.account_id = a.id) as champion`;

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
  /** Either of her and the viewer blocked the other (as `BlocksRepository.between`); false without a viewer. */
  blocked: boolean;
}

/** What a status change reads and writes of an account, without loading the entity. */
export interface AccountStatusRow {
  id: string;
  status: AccountStatus;
  statusUntil: Date | null;
  statusReason: StoredStatusReason | null;
  version: number;
}

export interface SanctionInForce {
  sanctionId: string;
  kind: 'suspension' | 'expulsion';
  endsAt: Date | null;
  reason: StoredStatusReason;
}

interface StatusColumns {
  id: string;
  status: AccountStatus;
  status_until: string | Date | null;
  status_reason: StoredStatusReason | null;
  version: number;
}

const asDate = (value: string | Date | null): Date | null => (value === null ? null : new Date(value));
const statusRow = (r: StatusColumns): AccountStatusRow => ({ id: r.id, status: r.status, statusUntil: asDate(r.status_until), statusReason: r.status_reason, version: r.version });
const inForceRow = (r: { sanction_id: string; kind: 'suspension' | 'expulsion'; ends_at: string | Date | null; reason: StoredStatusReason }): SanctionInForce => ({
  sanctionId: r.sanction_id,
  kind: r.kind,
  endsAt: asDate(r.ends_at),
  reason: r.reason,
});

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
  async publicProfileRow(id: string, em: EntityManager = this.em.fork(), viewerId: string | null = null): Promise<PublicProfileRow | undefined> {
    const [row] = await sql<PublicProfileRow>(em, `${PUBLIC_PROFILE_COLUMNS}, ${eitherBlockedSql('$2::uuid', 'a.id')} as blocked
         from account a join profile p on p.account_id = a.id
        where a.id = $1 and a.deleted_at is null`, [id, viewerId]);
    return row;
  }

  /**
   * Many views at once, each a profile and who looks at it, in one statement (the same prepared one whatever
   * their number): the row of each, in the order asked, `undefined` where there is no such account. What
   * `publicProfileRow` reads, for the views that arrive together (ProfilesService batches them).
   */
  async publicProfileRows(views: readonly ProfileView[]): Promise<(PublicProfileRow | undefined)[]> {
    const rows = await sql<PublicProfileRow & { n: string }>(
      this.em,
      `${PUBLIC_PROFILE_COLUMNS}, ${eitherBlockedSql('q.viewer_id', 'a.id')} as blocked, q.n
         from unnest($1::uuid[], $2::uuid[]) with ordinality as q(account_id, viewer_id, n)
         join account a on a.id = q.account_id join profile p on p.account_id = a.id
        where a.deleted_at is null`,
      [views.map((v) => v.accountId), views.map((v) => v.viewerId)],
    );
    // Filled, not holes: DataLoader refuses a sparse array.
    const found = new Array<PublicProfileRow | undefined>(views.length).fill(undefined);
    for (const { n, ...row } of rows) found[Number(n) - 1] = row;
    return found;
  }

  /** The account's status, locked for the rest of the transaction; null when there is no such account. */
  async lockStatus(accountId: string, db: Db): Promise<AccountStatusRow | null> {
    const { text, values } = SanctionStatements.lockStatus(accountId);
    return lockedStatusOf(await sql(db, text, values));
  }

  /**
   * A sanction's arrival (`SanctionStatements.arrival`): the account locked, then the sanction recorded and
   * what is in force read back. `first` holds their rows when the consumer sent them with its transaction's
   * first round trip; without it they run here, one after the other.
   */
  async sanctionArrival(db: Db, sanction: ImposedSanction, now: Date, first?: unknown[][]): Promise<{ account: AccountStatusRow | null; imposed: { lifted: boolean; inForce: SanctionInForce[] } }> {
    const rows = first ?? (await inOrder(db, SanctionStatements.arrival(sanction, now)));
    const account = lockedStatusOf(rows[0]);
    return { account, imposed: account ? imposedOf(rows[1]) : { lifted: false, inForce: [] } };
  }

  /** A sanction's lift (`SanctionStatements.lift`), as `sanctionArrival`: the account, and what remains in force. */
  async sanctionLift(db: Db, lifted: { sanctionId: string; accountId: string; liftedAt: Date }, now: Date, first?: unknown[][]): Promise<{ account: AccountStatusRow | null; inForce: SanctionInForce[] }> {
    const rows = first ?? (await inOrder(db, SanctionStatements.lift(lifted, now)));
    return { account: lockedStatusOf(rows[0]), inForce: inForceOf(rows[3]) };
  }

  /** The sanctions still in force on an account: expulsions, and suspensions that have not ended. */
  async sanctionsInForce(accountId: string, now: Date, db: Db): Promise<SanctionInForce[]> {
    const { text, values } = SanctionStatements.inForce(accountId, now);
    return inForceOf(await sql(db, text, values));
  }

  /**
   * Writes a status change in one statement: the account (at `version`, the locked row's next), its history
   * line and, when it restricts her, the end of her open sessions (as `SessionsRepository.revoke` does, with
   * the reason `account-<status>`). The account must be locked, which makes `version` exact; in a
   * `SqlTransaction` the statement goes with the COMMIT. Ending them for a restriction is not announced
   * (no `identity.sessions.ended.v1`): her access tokens must still reach the calls she needs to read and
   * contest the decision (API.md "Enforcement"), and the status restricts the rest.
   */
  async writeStatus(
    db: Db,
    accountId: string,
    version: number,
    change: { status: AccountStatus; until: Date | null; reason: StoredStatusReason | null; changedBy: string | null; at: Date },
  ): Promise<void> {
    const reason = change.reason === null ? null : JSON.stringify(change.reason);
    const endSessions = change.status === 'active' ? null : `account-${change.status}`;
    await write(
      db,
      `with changed as (
         update account set status = $1, status_until = $2::timestamptz, status_reason = $3::jsonb, version = $9::int, updated_at = $4::timestamptz
          where id = $5
       ), history as (
         insert into account_status_change (id, account_id, status, until, reason, changed_by, changed_at)
         values ($6, $5, $1, $2::timestamptz, $3::jsonb, $7, $4::timestamptz)
       )
       update session set revoked_at = now(), revoked_reason = $8::text
        where $8::text is not null and account_id = $5 and revoked_at is null`,
      [change.status, change.until, reason, change.at, accountId, randomUUID(), change.changedBy, endSessions, version],
    );
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

type InForceColumns = Parameters<typeof inForceRow>[0];

/** A suspension or expulsion as identity records it in force. */
export interface ImposedSanction {
  sanctionId: string;
  accountId: string;
  kind: 'suspension' | 'expulsion';
  endsAt: Date | null;
  reason: StoredStatusReason;
}

/** Runs statements one after the other in `db`; their rows, one array each. */
async function inOrder(db: Db, statements: readonly Statement[]): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for (const { text, values } of statements) rows.push(await sql(db, text, values));
  return rows;
}

/**
 * The statements of a sanction's arrival and lift, shared by the repository's methods and by the sanction
 * consumers, which send the first ones with their transaction's first round trip (`@OnEvent` `first`).
 * Each is harmless to repeat, as that requires: a lock, a read, and inserts that skip what exists.
 */
export const SanctionStatements = {
  lockStatus: (accountId: string): Statement => ({
    text: 'select id, status, status_until, status_reason, version from account where id = $1 and deleted_at is null for update',
    values: [accountId],
  }),
  /**
   * Records the sanction as in force unless its lift came first or there is no such account, and reads every
   * sanction in force on the account, this one included. Run after `lockStatus`, as a statement of its own,
   * so it reads what committed while the lock waited.
   */
  impose: (s: ImposedSanction, now: Date): Statement => ({
    text: `with lifted as (
         select 1 from lifted_sanction where sanction_id = $1
       ), added as (
         insert into sanction_in_force (sanction_id, account_id, kind, ends_at, reason, imposed_at)
         select $1::uuid, $2::uuid, $3::text, $4::timestamptz, $5::jsonb, now()
          where not exists (select 1 from lifted) and exists (select 1 from account where id = $2 and deleted_at is null)
         on conflict do nothing
         returning sanction_id, kind, ends_at, reason, imposed_at
       )
       select exists (select 1 from lifted) as lifted,
              coalesce((select json_agg(json_build_object('sanction_id', f.sanction_id, 'kind', f.kind, 'ends_at', f.ends_at, 'reason', f.reason) order by f.imposed_at)
                          from (select sanction_id, kind, ends_at, reason, imposed_at from sanction_in_force where account_id = $2
                                union all
                                select sanction_id, kind, ends_at, reason, imposed_at from added) f
                         where f.kind = 'expulsion' or f.ends_at > $6), '[]'::json) as in_force`,
    values: [s.sanctionId, s.accountId, s.kind, s.endsAt, JSON.stringify(s.reason), now],
  }),
  recordLifted: (sanctionId: string, accountId: string, at: Date): Statement => ({
    text: 'insert into lifted_sanction (sanction_id, account_id, lifted_at) values ($1, $2, $3) on conflict do nothing',
    values: [sanctionId, accountId, at],
  }),
  removeInForce: (sanctionId: string): Statement => ({ text: 'delete from sanction_in_force where sanction_id = $1', values: [sanctionId] }),
  inForce: (accountId: string, now: Date): Statement => ({
    text: `select sanction_id, kind, ends_at, reason from sanction_in_force where account_id = $1 and (kind = 'expulsion' or ends_at > $2) order by imposed_at`,
    values: [accountId, now],
  }),
  /**
   * What a sanction's arrival runs before anything is decided, in this order: the account locked, then the
   * sanction recorded as in force (unless its lift came first, or there is no account) with every sanction in
   * force read back. Harmless to repeat (a duplicate event): a lock, and an insert that skips what exists.
   */
  arrival: (s: ImposedSanction, now: Date): Statement[] => [SanctionStatements.lockStatus(s.accountId), SanctionStatements.impose(s, now)],
  /**
   * What a sanction's lift runs before anything is decided: the account locked, the lift recorded (so a late
   * "imposed" changes nothing), the sanction no longer in force, and what remains in force read back.
   * Harmless to repeat.
   */
  lift: (l: { sanctionId: string; accountId: string; liftedAt: Date }, now: Date): Statement[] => [
    SanctionStatements.lockStatus(l.accountId),
    SanctionStatements.recordLifted(l.sanctionId, l.accountId, l.liftedAt),
    SanctionStatements.removeInForce(l.sanctionId),
    SanctionStatements.inForce(l.accountId, now),
  ],
};

/** What `SanctionStatements.lockStatus` returned: the locked account, or null when there is none. */
function lockedStatusOf(rows: unknown[]): AccountStatusRow | null {
  const [row] = rows as StatusColumns[];
  return row ? statusRow(row) : null;
}

/** What `SanctionStatements.impose` returned. */
function imposedOf(rows: unknown[]): { lifted: boolean; inForce: SanctionInForce[] } {
  const [row] = rows as { lifted: boolean; in_force: InForceColumns[] }[];
  return { lifted: row.lifted, inForce: row.in_force.map(inForceRow) };
}

/** What `SanctionStatements.inForce` returned. */
function inForceOf(rows: unknown[]): SanctionInForce[] {
  return (rows as InForceColumns[]).map(inForceRow);
}

