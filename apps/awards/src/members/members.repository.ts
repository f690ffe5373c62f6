/**
 * What awards keeps of members from other services' events: public names and countries (to know a
 * nominee member exists), who is verified (who may nominate), and the suspensions and expulsions in
 * force (which pause nominations and jury seats). Each event kind keeps the newest, so late ones change nothing.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SanctionImposedV1 } from '@weop/contracts';
import { SanctionRecords } from '@weop/messaging';
import { readTogether } from '@weop/persistence';

/** Awards' record of every sanction announced (libs/messaging); `sanctionedSql` reads those in force from it. */
const SANCTIONS = new SanctionRecords('member_sanction');

/**
 * SQL: whether the account in `column` is under a suspension or expulsion now. Used by every query
 * that must leave paused nominations and seats out; `now()` so it ends by itself when a suspension runs out.
 */
export const sanctionedSql = (column: string): string =>
  `exists (select 1 from member_sanction ms where ms.account_id = ${column} and ms.lifted_at is null and (ms.ends_at is null or ms.ends_at > now()))`;

@Injectable()
export class MembersRepository {
  async saveProfile(em: EntityManager, accountId: string, displayName: string, country: string, at: Date): Promise<void> {
    await em.getConnection().execute(
      `insert into member (account_id, display_name, country, updated_at) values (?, ?, ?, ?)
       on conflict (account_id) do update set display_name = excluded.display_name, country = excluded.country, updated_at = excluded.updated_at
       where member.updated_at <= excluded.updated_at`,
      [accountId, displayName, country, at], 'run', em.getTransactionContext(),
    );
  }

  async saveVerification(em: EntityManager, accountId: string, verified: boolean, at: Date): Promise<void> {
    await em.getConnection().execute(
      `insert into verified_member (account_id, verified, changed_at) values (?, ?, ?)
       on conflict (account_id) do update set verified = excluded.verified, changed_at = excluded.changed_at
       where verified_member.changed_at <= excluded.changed_at`,
      [accountId, verified, at], 'run', em.getTransactionContext(),
    );
  }

  async isVerified(em: EntityManager, accountId: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ verified: boolean }[]>('select verified from verified_member where account_id = ?', [accountId], 'all', em.getTransactionContext());
    return rows[0]?.verified === true;
  }

  async exists(em: EntityManager, accountId: string): Promise<boolean> {
    const rows = await em.getConnection().execute<unknown[]>('select 1 from member where account_id = ?', [accountId], 'all', em.getTransactionContext());
    return rows.length > 0;
  }

  /**
   * A suspension or expulsion begins. An "imposed" that arrives after its "lifted" finds the lifted row: it stays
   * lifted (nothing is paused) and takes the kind and end the lift could not know (her export names them).
   */
  async imposeSanction(em: EntityManager, sanctionId: string, accountId: string, kind: SanctionImposedV1['kind'], endsAt: Date | null): Promise<void> {
    await SANCTIONS.imposed(em, { sanctionId, accountId, kind, endsAt: endsAt?.toISOString() ?? null });
  }

  liftSanction(em: EntityManager, sanctionId: string, accountId: string, liftedAt: Date): Promise<void> {
    return SANCTIONS.lifted(em, { sanctionId, accountId, liftedAt: liftedAt.toISOString() });
  }

  /** Which of these accounts are under a suspension or expulsion now. */
  async sanctioned(em: EntityManager, accountIds: readonly (string | null)[]): Promise<Set<string>> {
    const ids = [...new Set(accountIds.filter((id): id is string => id !== null))];
    if (ids.length === 0) return new Set();
    const rows = await em.getConnection().execute<{ account_id: string }[]>(
      `select distinct account_id from member_sanction ms
        where account_id in (select value::uuid from json_array_elements_text(?::json))
          and ms.lifted_at is null and (ms.ends_at is null or ms.ends_at > now())`,
      [JSON.stringify(ids)], 'all', em.getTransactionContext(),
    );
    return new Set(rows.map((r) => r.account_id));
  }

  /** What awards copied of her from other services' events (her export). */
  async of(em: EntityManager, accountId: string): Promise<{
    profile: { displayName: string; country: string; updatedAt: Date } | null;
    verification: { verified: boolean; changedAt: Date } | null;
    sanctions: { sanctionId: string; kind: string; endsAt: Date | null; liftedAt: Date | null }[];
  }> {
    const all = <T>(sql: string): Promise<T[]> => em.getConnection().execute<T[]>(sql, [accountId], 'all', em.getTransactionContext());
    const [profile, verification, sanctions] = await readTogether(em, [
      () => all<{ display_name: string; country: string; updated_at: Date }>('select display_name, country, updated_at from member where account_id = ?'),
      () => all<{ verified: boolean; changed_at: Date }>('select verified, changed_at from verified_member where account_id = ?'),
      () => SANCTIONS.of(em, accountId),
    ]);
    const p = profile[0];
    const v = verification[0];
    return {
      profile: p ? { displayName: p.display_name, country: p.country, updatedAt: new Date(p.updated_at) } : null,
      verification: v ? { verified: v.verified, changedAt: new Date(v.changed_at) } : null,
      sanctions,
    };
  }

  async forget(em: EntityManager, accountId: string): Promise<void> {
    const run = (sql: string): Promise<unknown> => em.getConnection().execute(sql, [accountId], 'run', em.getTransactionContext());
    await run('delete from member where account_id = ?');
    await run('delete from verified_member where account_id = ?');
    await run('delete from member_sanction where account_id = ?');
  }
}
