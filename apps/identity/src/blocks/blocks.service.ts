/**
 * Blocks: identity keeps the truth (`member_block`) and announces every change on the outbox, in the
 * same transaction, with the pair's version, so other services' projections converge whatever order
 * the events arrive in. Blocking withdraws nothing else in identity; other services react to the event.
 * The blocked member is never told: no call she can make lists or names who blocked her.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { BlockCreatedV1, BlockErrors, BlockRemovedV1, DomainError, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type { BlockOutcome, BlockPage, BlockView } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { AccountsRepository } from '../accounts/accounts.repository';
import { IdentityConfig } from '../identity.config';
import { BlocksRepository } from './blocks.repository';
import type { BlockRow } from './blocks.repository';

@Injectable()
export class BlocksService {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountsRepository,
    private readonly blocks: BlocksRepository,
    private readonly outbox: Outbox,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /** Blocks `blockedId`; blocking again changes nothing and answers the standing block. */
  async block(blockerId: string, blockedId: string): Promise<BlockOutcome> {
    if (blockerId === blockedId) throw new DomainError(BlockErrors.SELF, 'You cannot block yourself.', [{ field: 'memberId', problem: 'is you' }]);
    return this.em.fork().transactional(async (em) => {
      // Any account not deleted can be blocked, whatever its status: the answer never depends on whether she blocked you.
      if (!(await this.accounts.byId(blockedId, em))) throw notFound('The member');
      const standing = await this.blocks.one(em, blockerId, blockedId);
      if (standing) return { block: view(standing), created: false };
      if ((await this.blocks.countActive(em, blockerId)) >= this.config.BLOCKS_PER_MEMBER_MAX) {
        throw new DomainError(BlockErrors.LIMIT, `You can block at most ${this.config.BLOCKS_PER_MEMBER_MAX} members. Unblock someone first.`);
      }
      const change = await this.blocks.activate(em, blockerId, blockedId, new Date());
      if (change) {
        await this.outbox.add(em, BlockCreatedV1.subject, { blockerId, blockedId, version: change.version, at: change.at.toISOString() });
      }
      // A block made at the same moment by another request of hers is the same block.
      const row = await this.blocks.one(em, blockerId, blockedId);
      if (!row) throw notFound('The member');
      return { block: view(row), created: change !== null };
    });
  }

  /** Lifts her block; 404 when she has none on that member. */
  async unblock(blockerId: string, blockedId: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const change = await this.blocks.deactivate(em, blockerId, blockedId, new Date());
      if (!change) throw notFound('The block');
      await this.outbox.add(em, BlockRemovedV1.subject, { blockerId, blockedId, version: change.version, at: change.at.toISOString() });
    });
  }

  async mine(blockerId: string, limit = 20, cursor?: string): Promise<BlockPage> {
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await this.blocks.page(this.em.fork(), blockerId, limit + 1, key ? { blockedAt: new Date(String(key[0])), blockedId: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [new Date(r.blocked_at).toISOString(), r.blocked_id]);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  /** True when either member blocked the other: they do not see each other's profile or directory entry. */
  between(a: string, b: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    return this.blocks.between(em, a, b);
  }
}

/**
 * Her block as she sees it: the member's public name as her profile showed it when the two stopped
 * seeing each other, never the live one (a block must not let anyone follow a member's new name).
 */
function view(row: BlockRow): BlockView {
  return {
    memberId: row.blocked_id,
    displayName: row.display_name,
    ...(row.full_name !== null ? { fullName: row.full_name } : {}),
    blockedAt: new Date(row.blocked_at).toISOString(),
  };
}
