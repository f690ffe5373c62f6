/** The queries on `member_block`: one row per ordered pair, `active` while the block stands. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '@weop/persistence';

/** A standing block with the blocked member's public name as the blocker last could see it. */
export interface BlockRow {
  blocked_id: string;
  blocked_at: string | Date;
  display_name: string;
  /** Her legal name, only if she showed it then. */
  full_name: string | null;
}

export interface BlockChange {
  version: number;
  at: Date;
}

@Injectable()
export class BlocksRepository {
  /**
   * Makes the block stand, in the caller's transaction. Answers the pair's new version, or null when
   * the block already stood (nothing changed: no event). The row lock taken by `on conflict do update`
   * serialises two blocks of the same pair, so the version never repeats.
   *
   * The names kept are those of the moment the two stopped seeing each other: now, or, when the other
   * already blocked her, the moment of that block (copied from its row, where they are kept the same way).
   */
  async activate(em: EntityManager, blockerId: string, blockedId: string, at: Date): Promise<BlockChange | null> {
    // Positional bindings, in the order they appear in the statement.
    const params: unknown[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return '?';
    };
    const kept = (reverseColumn: string, now: string): string => `case when exists (select 1 from reverse) then (select ${reverseColumn} from reverse) else ${now} end`;
    const displayName = (id: string): string => `(select display_name from profile where account_id = ${bind(id)})`;
    const shownLegalName = (id: string): string => `(select case when show_legal_name then full_name end from profile where account_id = ${bind(id)})`;
    const reverse = `select blocker_display_name, blocker_full_name, blocked_display_name, blocked_full_name
           from member_block where blocker_id = ${bind(blockedId)} and blocked_id = ${bind(blockerId)} and active`;
    const values = `${bind(blockerId)}, ${bind(blockedId)}, true, 1, ${bind(at)}, ${bind(at)},
              ${kept('blocker_display_name', displayName(blockedId))},
              ${kept('blocker_full_name', shownLegalName(blockedId))},
              ${kept('blocked_display_name', displayName(blockerId))},
              ${kept('blocked_full_name', shownLegalName(blockerId))}`;
    const rows = await em.getConnection().execute<{ version: number; blocked_at: string | Date }[]>(
      `with reverse as (${reverse})
       insert into member_block (blocker_id, blocked_id, active, version, blocked_at, changed_at,
                                 blocked_display_name, blocked_full_name, blocker_display_name, blocker_full_name)
       select ${values}
       on conflict (blocker_id, blocked_id) do update
         set active = true, version = member_block.version + 1, blocked_at = excluded.blocked_at, changed_at = excluded.changed_at,
             blocked_display_name = excluded.blocked_display_name, blocked_full_name = excluded.blocked_full_name,
             blocker_display_name = excluded.blocker_display_name, blocker_full_name = excluded.blocker_full_name
         where not member_block.active
       returning version, blocked_at`,
      params, 'all', em.getTransactionContext(),
    );
    const [row] = rows;
    return row ? { version: row.version, at: new Date(row.blocked_at) } : null;
  }

  /** Lifts the block; null when there was none standing. */
  async deactivate(em: EntityManager, blockerId: string, blockedId: string, at: Date): Promise<BlockChange | null> {
    const rows = await em.getConnection().execute<{ version: number }[]>(
      `update member_block set active = false, version = version + 1, blocked_at = null, changed_at = ?,
              blocked_display_name = null, blocked_full_name = null, blocker_display_name = null, blocker_full_name = null
        where blocker_id = ? and blocked_id = ? and active
       returning version`,
      [at, blockerId, blockedId], 'all', em.getTransactionContext(),
    );
    const [row] = rows;
    return row ? { version: row.version, at } : null;
  }

  async countActive(em: EntityManager, blockerId: string): Promise<number> {
    const [row] = await em.getConnection().execute<{ n: number }[]>(
      'select count(*)::int as n from member_block where blocker_id = ? and active',
      [blockerId], 'all', em.getTransactionContext(),
    );
    return row?.n ?? 0;
  }

  /** True when either of the two blocked the other. */
  async between(em: EntityManager, a: string, b: string): Promise<boolean> {
    if (a === b) return false;
    const [row] = await sql<{ blocked: boolean }>(em, `select ${eitherBlockedSql('$1::uuid', '$2::uuid')} as blocked`, [a, b]);
    return row.blocked;
  }

  /** One standing block of hers, with the name kept for it. */
  async one(em: EntityManager, blockerId: string, blockedId: string): Promise<BlockRow | undefined> {
    const [row] = await em.getConnection().execute<BlockRow[]>(
      `select b.blocked_id, b.blocked_at, b.blocked_display_name as display_name, b.blocked_full_name as full_name
         from member_block b
        where b.blocker_id = ? and b.blocked_id = ? and b.active`,
      [blockerId, blockedId], 'all', em.getTransactionContext(),
    );
    return row;
  }

  /** Her standing blocks, newest first, keyset-paged on (blocked_at, blocked_id). */
  page(em: EntityManager, blockerId: string, limit: number, after?: { blockedAt: Date; blockedId: string }): Promise<BlockRow[]> {
    return em.getConnection().execute<BlockRow[]>(
      `select b.blocked_id, b.blocked_at, b.blocked_display_name as display_name, b.blocked_full_name as full_name
         from member_block b
        where b.blocker_id = ? and b.active
          and (?::timestamptz is null or (b.blocked_at, b.blocked_id) < (?::timestamptz, ?::uuid))
        order by b.blocked_at desc, b.blocked_id desc
        limit ?`,
      [blockerId, after?.blockedAt ?? null, after?.blockedAt ?? null, after?.blockedId ?? null, limit], 'all', em.getTransactionContext(),
    );
  }

  /** Every row in which she is the blocker (for her export): never the rows in which she was blocked. */
  madeBy(em: EntityManager, blockerId: string): Promise<{ blocked_id: string; active: boolean; blocked_at: string | Date | null; changed_at: string | Date }[]> {
    return em.getConnection().execute(
      'select blocked_id, active, blocked_at, changed_at from member_block where blocker_id = ? order by changed_at desc',
      [blockerId], 'all', em.getTransactionContext(),
    );
  }

  /** A deleted account's blocks, both ways. */
  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('delete from member_block where blocker_id = ? or blocked_id = ?', [accountId, accountId], 'run', em.getTransactionContext());
  }
}

/**
 * The SQL condition "either of the two blocked the other" (a standing block), for statements that check it
 * among other things (the public profile read); `a` and `b` are SQL expressions (parameters, columns).
 */
export function eitherBlockedSql(a: string, b: string): string {
  return `exists (select 1 from member_block k where k.active and ((k.blocker_id = ${a} and k.blocked_id = ${b}) or (k.blocker_id = ${b} and k.blocked_id = ${a})))`;
}

