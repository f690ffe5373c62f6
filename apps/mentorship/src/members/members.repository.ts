/** The members mentorship knows of, from identity's and trust-safety's events. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SanctionImposedV1 } from '@weop/contracts';
import { SanctionRecords } from '@weop/messaging';
import { Member } from './member.entity';

/** Mentorship's record of every sanction announced (libs/messaging); `member.sanctions` keeps those in force. */
const SANCTIONS = new SanctionRecords('member_sanction');

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

  /** Her row, created empty when no event about her arrived yet. */
  async ensure(em: EntityManager, accountId: string): Promise<Member> {
    await em.getConnection().execute('insert into member (account_id) values (?) on conflict do nothing', [accountId], 'run', em.getTransactionContext());
    return em.findOneOrFail(Member, { accountId }, { refresh: true });
  }

  /** Her country (and public name, when the event carries it), unless what is stored is newer (events of one member can arrive out of order). */
  async saveCountry(em: EntityManager, accountId: string, country: string, at: Date, displayName: string | null = null): Promise<void> {
    await em.getConnection().execute(
      `insert into member (account_id, country, display_name, updated_at) values (?, ?, ?, ?)
       on conflict (account_id) do update set country = excluded.country, display_name = coalesce(excluded.display_name, member.display_name), updated_at = excluded.updated_at
       where member.updated_at is null or member.updated_at <= excluded.updated_at`,
      [accountId, country, displayName, at], 'run', em.getTransactionContext(),
    );
  }

  async setVerified(em: EntityManager, accountId: string, verified: boolean): Promise<void> {
    await em.getConnection().execute(
      'insert into member (account_id, verified) values (?, ?) on conflict (account_id) do update set verified = excluded.verified',
      [accountId, verified], 'run', em.getTransactionContext(),
    );
  }

  /** Records an imposed sanction; answers whether it was lifted already (its "lifted" event came first). */
  recordImposed(em: EntityManager, sanctionId: string, accountId: string, kind: SanctionImposedV1['kind'], endsAt: Date | null): Promise<{ liftedAlready: boolean }> {
    return SANCTIONS.imposed(em, { sanctionId, accountId, kind, endsAt: endsAt?.toISOString() ?? null });
  }

  /** Recorded even when the imposed event has not arrived yet, so that it finds the sanction lifted. */
  recordLifted(em: EntityManager, sanctionId: string, accountId: string, liftedAt: Date): Promise<void> {
    return SANCTIONS.lifted(em, { sanctionId, accountId, liftedAt: liftedAt.toISOString() });
  }

  /** The sanctions on her as trust-safety announced them (her export). */
  async sanctionsOf(em: EntityManager, accountId: string): Promise<{ sanctionId: string; kind: string; endsAt: string | null; liftedAt: string | null }[]> {
    return (await SANCTIONS.of(em, accountId)).map((r) => ({ sanctionId: r.sanctionId, kind: r.kind, endsAt: r.endsAt?.toISOString() ?? null, liftedAt: r.liftedAt?.toISOString() ?? null }));
  }

  /** Adds a sanction in force; answers the sanctions in force after. */
  async addSanction(em: EntityManager, accountId: string, sanctionId: string): Promise<string[]> {
    const [row] = await em.getConnection().execute<{ sanctions: string[] }[]>(
      `insert into member (account_id, sanctions) values (?, array[?]::text[])
       on conflict (account_id) do update set sanctions = case when ? = any(member.sanctions) then member.sanctions else array_append(member.sanctions, ?) end
       returning sanctions`,
      [accountId, sanctionId, sanctionId, sanctionId], 'all', em.getTransactionContext(),
    );
    return row.sanctions;
  }

  /** Removes a sanction; answers the sanctions still in force. */
  async removeSanction(em: EntityManager, accountId: string, sanctionId: string): Promise<string[]> {
    const rows = await em.getConnection().execute<{ sanctions: string[] }[]>(
      'update member set sanctions = array_remove(sanctions, ?) where account_id = ? returning sanctions',
      [sanctionId, accountId], 'all', em.getTransactionContext(),
    );
    return rows[0]?.sanctions ?? [];
  }

  async restricted(em: EntityManager, accountId: string): Promise<boolean> {
    const member = await em.findOne(Member, { accountId });
    return (member?.sanctions.length ?? 0) > 0;
  }

  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('delete from member_sanction where account_id = ?', [accountId], 'run', em.getTransactionContext());
    await em.nativeDelete(Member, { accountId });
  }

  async acceptConduct(em: EntityManager, accountId: string, version: string, at: Date): Promise<void> {
    await em.getConnection().execute(
      `insert into member (account_id, conduct_version, conduct_accepted_at) values (?, ?, ?)
       on conflict (account_id) do update set conduct_version = excluded.conduct_version, conduct_accepted_at = excluded.conduct_accepted_at`,
      [accountId, version, at], 'run', em.getTransactionContext(),
    );
  }

  /** Records identity's roles counter; answers whether this event is the newest seen (older ones change nothing). */
  async newerRoles(em: EntityManager, accountId: string, version: number): Promise<boolean> {
    const rows = await em.getConnection().execute<{ account_id: string }[]>(
      `insert into member (account_id, roles_version) values (?, ?)
       on conflict (account_id) do update set roles_version = excluded.roles_version where member.roles_version < excluded.roles_version
       returning account_id`,
      [accountId, version], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }
}
