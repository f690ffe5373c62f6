/**
 * Every service's copy of who blocked whom, fed by identity's `identity.block.created.v1` and
 * `identity.block.removed.v1`. Identity owns blocks; each service keeps this projection so that it
 * can refuse a blocked member locally, without asking identity on every request.
 *
 * A service opts in with two lines: `BlocksProjectionMigration` in its migration list and
 * `BlocksProjection` among its providers (its `@OnEvent` handlers then become durable consumers).
 * One row per ordered pair, with the pair's version: a late, older event never undoes a newer one.
 */
import { Injectable } from '@nestjs/common';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BlockCreatedV1, BlockRemovedV1, DomainError } from '@weop/contracts';
import { OnEvent } from './on-event.decorator';

export class BlocksProjectionMigration extends Migration {
  override up(): void {
    this.addSql(`create table "block_projection" (
      "blocker_id" uuid not null,
      "blocked_id" uuid not null,
      "active" boolean not null,
      "version" integer not null,
      "changed_at" timestamptz not null,
      primary key ("blocker_id", "blocked_id")
    );`);
    this.addSql('create index "block_projection_blocked_idx" on "block_projection" ("blocked_id") where "active";');
  }
}

/** The migration entry a service adds to its list (one name everywhere, so operators recognise it). */
export const BLOCKS_PROJECTION_MIGRATION = { name: 'Migration20261128080000_blocks_projection', class: BlocksProjectionMigration };

/** The message a blocked member sees: it never says who blocked whom. */
export const BLOCKED_MESSAGE = 'You cannot interact with this member.';

@Injectable()
export class BlocksProjection {
  @OnEvent(BlockCreatedV1.subject)
  async created(event: BlockCreatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.apply(em, event, true);
  }

  @OnEvent(BlockRemovedV1.subject)
  async removed(event: BlockRemovedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.apply(em, event, false);
  }

  /**
   * A deleted account's blocks go with it (those she made and those against her). Called by the
   * service's own account-deleted consumer: one durable consumer per subject and service, so the
   * projection does not subscribe to `identity.account.deleted.v1` itself.
   */
  async forgetMember(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute(
      'delete from block_projection where blocker_id = ? or blocked_id = ?',
      [accountId, accountId], 'run', em.getTransactionContext(),
    );
  }

  /** True when either of the two blocked the other: no interaction between them in either direction. */
  async between(em: EntityManager, a: string, b: string): Promise<boolean> {
    if (a === b) return false;
    const rows = await em.getConnection().execute<{ one: number }[]>(
      `select 1 as one from block_projection
       where active and ((blocker_id = ? and blocked_id = ?) or (blocker_id = ? and blocked_id = ?)) limit 1`,
      [a, b, b, a], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  /** Refuses with 403 `BLOCKED` when either blocked the other. */
  async assertNotBlocked(em: EntityManager, actorId: string, otherId: string): Promise<void> {
    if (await this.between(em, actorId, otherId)) throw new DomainError('BLOCKED', BLOCKED_MESSAGE);
  }

  /** Everyone the member must not meet: those she blocked and those who blocked her. */
  async related(em: EntityManager, memberId: string): Promise<Set<string>> {
    const rows = await em.getConnection().execute<{ other: string }[]>(
      `select blocked_id as other from block_projection where active and blocker_id = ?
       union select blocker_id as other from block_projection where active and blocked_id = ?`,
      [memberId, memberId], 'all', em.getTransactionContext(),
    );
    return new Set(rows.map((r) => r.other));
  }

  private async apply(em: EntityManager, event: BlockCreatedV1 | BlockRemovedV1, active: boolean): Promise<void> {
    if (event.blockerId === event.blockedId) return;
    await em.getConnection().execute(
      `insert into block_projection (blocker_id, blocked_id, active, version, changed_at) values (?, ?, ?, ?, ?)
       on conflict (blocker_id, blocked_id) do update
         set active = excluded.active, version = excluded.version, changed_at = excluded.changed_at
         where block_projection.version < excluded.version`,
      [event.blockerId, event.blockedId, active, event.version, new Date(event.at)], 'run', em.getTransactionContext(),
    );
  }
}
