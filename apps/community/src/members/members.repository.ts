/** The members community knows of, from identity's and trust-safety's events. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SanctionInForce } from './member.entity';
import { Member } from './member.entity';

@Injectable()
export class MembersRepository {
  async find(em: EntityManager, accountId: string): Promise<Member | null> {
    return em.findOne(Member, { accountId });
  }

  async many(em: EntityManager, accountIds: readonly string[]): Promise<Map<string, Member>> {
    if (accountIds.length === 0) return new Map();
    const rows = await em.find(Member, { accountId: { $in: [...accountIds] } });
    return new Map(rows.map((m) => [m.accountId, m]));
  }

  /** Her name and country, unless what is stored is newer (events of one member can arrive out of order). */
  async saveProfile(em: EntityManager, accountId: string, profile: { displayName?: string; country: string }, at: Date): Promise<void> {
    await em.getConnection().execute(
      `insert into member (account_id, display_name, country, updated_at) values (?, ?, ?, ?)
       on conflict (account_id) do update set display_name = coalesce(excluded.display_name, member.display_name), country = excluded.country, updated_at = excluded.updated_at
       where member.updated_at is null or member.updated_at <= excluded.updated_at`,
      [accountId, profile.displayName ?? null, profile.country, at], 'run', em.getTransactionContext(),
    );
  }

  async setVerified(em: EntityManager, accountId: string, verified: boolean): Promise<void> {
    await em.getConnection().execute(
      'insert into member (account_id, verified) values (?, ?) on conflict (account_id) do update set verified = excluded.verified',
      [accountId, verified], 'run', em.getTransactionContext(),
    );
  }

  /** Adds a sanction in force; answers the sanctions in force after. */
  async addSanction(em: EntityManager, accountId: string, sanction: SanctionInForce): Promise<SanctionInForce[]> {
    const [row] = await em.getConnection().execute<{ sanctions: SanctionInForce[] }[]>(
      `insert into member (account_id, sanctions) values (?, ?::jsonb)
       on conflict (account_id) do update set sanctions = case
         when exists (select 1 from jsonb_array_elements(member.sanctions) s where s->>'id' = ?) then member.sanctions
         else member.sanctions || excluded.sanctions end
       returning sanctions`,
      [accountId, JSON.stringify([sanction]), sanction.id], 'all', em.getTransactionContext(),
    );
    return row.sanctions;
  }

  /** Removes a sanction; answers the sanctions in force after. */
  async removeSanction(em: EntityManager, accountId: string, sanctionId: string): Promise<SanctionInForce[]> {
    const rows = await em.getConnection().execute<{ sanctions: SanctionInForce[] }[]>(
      `update member set sanctions = coalesce((select jsonb_agg(s) from jsonb_array_elements(sanctions) s where s->>'id' <> ?), '[]'::jsonb)
       where account_id = ? returning sanctions`,
      [sanctionId, accountId], 'all', em.getTransactionContext(),
    );
    return rows[0]?.sanctions ?? [];
  }

  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('delete from member where account_id = ?', [accountId], 'run', em.getTransactionContext());
  }
}

/** The gravest restriction in force: an expulsion outweighs a suspension. */
export function restriction(member: Member | null): 'expelled' | 'suspended' | null {
  const kinds = member?.sanctions.map((s) => s.kind) ?? [];
  if (kinds.includes('expulsion')) return 'expelled';
  return kinds.length > 0 ? 'suspended' : null;
}
