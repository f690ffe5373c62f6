/**
 * A service's record of trust-safety's sanctions on members, one row per sanction, fed by
 * `trust-safety.sanction.imposed.v1` and `trust-safety.sanction.lifted.v1`. The two subjects have durable
 * consumers of their own, so a lift can arrive before its sanction (or an "imposed" be redelivered after its
 * lift). The lift is therefore recorded even for a sanction not seen yet, and a late "imposed" finds it lifted
 * (and fills in the kind and end the lift could not know). Content, mentorship and awards keep one each (the
 * table is the service's own: `sanction` in content, `member_sanction` in the others), with the columns
 * `sanction_id uuid primary key, account_id uuid, kind text, ends_at timestamptz, lifted_at timestamptz`.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SanctionImposedV1, SanctionLiftedV1 } from '@weop/contracts';

export interface SanctionRecord {
  sanctionId: string;
  kind: string;
  endsAt: Date | null;
  liftedAt: Date | null;
}

type Row = { sanction_id: string; kind: string; ends_at: Date | string | null; lifted_at: Date | string | null };
const at = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

export class SanctionRecords {
  constructor(private readonly table: string) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  }

  /** Records an imposed sanction; answers whether it was lifted already (its "lifted" event came first). */
  async imposed(em: EntityManager, sanction: Pick<SanctionImposedV1, 'sanctionId' | 'accountId' | 'kind' | 'endsAt'>): Promise<{ liftedAlready: boolean }> {
    const [row] = await em.getConnection().execute<{ lifted_at: Date | string | null }[]>(
      `insert into ${this.table} (sanction_id, account_id, kind, ends_at) values (?, ?, ?, ?)
       on conflict (sanction_id) do update set kind = excluded.kind, ends_at = excluded.ends_at
       returning lifted_at`,
      [sanction.sanctionId, sanction.accountId, sanction.kind, sanction.endsAt], 'all', em.getTransactionContext(),
    );
    return { liftedAlready: Boolean(row?.lifted_at) };
  }

  /** Records a lift, also for a sanction whose "imposed" has not arrived yet; the first lift's time is kept. */
  async lifted(em: EntityManager, lift: Pick<SanctionLiftedV1, 'sanctionId' | 'accountId' | 'liftedAt'>): Promise<void> {
    await em.getConnection().execute(
      `insert into ${this.table} (sanction_id, account_id, kind, lifted_at) values (?, ?, 'unknown', ?)
       on conflict (sanction_id) do update set lifted_at = coalesce(${this.table}.lifted_at, excluded.lifted_at)`,
      [lift.sanctionId, lift.accountId, lift.liftedAt], 'run', em.getTransactionContext(),
    );
  }

  /** The sanctions on her as trust-safety announced them, lifted ones too (her export). */
  async of(em: EntityManager, accountId: string): Promise<SanctionRecord[]> {
    const rows = await em.getConnection().execute<Row[]>(
      `select sanction_id, kind, ends_at, lifted_at from ${this.table} where account_id = ? order by sanction_id`,
      [accountId], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ sanctionId: r.sanction_id, kind: r.kind, endsAt: at(r.ends_at), liftedAt: at(r.lifted_at) }));
  }
}
