/** The block rules over an in-memory stand-in for `member_block` (the SQL and its locking are covered end to end). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@weop/contracts';
import type { Outbox } from '@weop/messaging';
import type { AccountsRepository } from '../accounts/accounts.repository';
import type { IdentityConfig } from '../identity.config';
import type { BlockChange, BlockRow, BlocksRepository } from './blocks.repository';
import { BlocksService } from './blocks.service';

const AIDA = '0a6c2f4e-5b1d-4e8a-9c3f-7d2b1a0e9f01';
const BAHOR = '1b7d3a5f-6c2e-4f9b-8d4a-8e3c2b1f0a12';
const CHOLPON = '2c8e4b6a-7d3f-4a0c-9e5b-9f4d3c2a1b23';
const GONE = '3d9f5c7b-8e4a-4b1d-8f6c-0a5e4d3b2c34';

class BlocksInMemory implements Pick<BlocksRepository, 'activate' | 'deactivate' | 'countActive' | 'one'> {
  readonly rows = new Map<string, { active: boolean; version: number; blockedAt: Date | null }>();
  async activate(_em: EntityManager, blocker: string, blocked: string, at: Date): Promise<BlockChange | null> {
    const row = this.rows.get(`${blocker}>${blocked}`);
    if (row?.active) return null;
    const version = (row?.version ?? 0) + 1;
    this.rows.set(`${blocker}>${blocked}`, { active: true, version, blockedAt: at });
    return { version, at };
  }
  async deactivate(_em: EntityManager, blocker: string, blocked: string, at: Date): Promise<BlockChange | null> {
    const row = this.rows.get(`${blocker}>${blocked}`);
    if (!row?.active) return null;
    row.active = false;
    row.version++;
    row.blockedAt = null;
    return { version: row.version, at };
  }
  async countActive(_em: EntityManager, blocker: string): Promise<number> {
    return [...this.rows].filter(([k, r]) => k.startsWith(`${blocker}>`) && r.active).length;
  }
  async one(_em: EntityManager, blocker: string, blocked: string): Promise<BlockRow | undefined> {
    const row = this.rows.get(`${blocker}>${blocked}`);
    return row?.active && row.blockedAt ? { blocked_id: blocked, blocked_at: row.blockedAt, display_name: `name of ${blocked}`, full_name: null } : undefined;
  }
}

function setUp(max = 10) {
  const blocks = new BlocksInMemory();
  const events: { subject: string; payload: Record<string, unknown> }[] = [];
  const em = { fork: () => ({ transactional: <T>(work: (em: EntityManager) => Promise<T>) => work({} as EntityManager) }) } as unknown as EntityManager;
  const accounts = { byId: async (id: string) => (id === GONE ? null : { id }) } as unknown as AccountsRepository;
  const outbox = { add: async (_em: EntityManager, subject: string, payload: Record<string, unknown>) => void events.push({ subject, payload }) } as unknown as Outbox;
  const service = new BlocksService(em, accounts, blocks as unknown as BlocksRepository, outbox, { BLOCKS_PER_MEMBER_MAX: max } as IdentityConfig);
  return { service, blocks, events };
}

const codeOf = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('BlocksService', () => {
  it('announces a block once, with the pair version growing on every change', async () => {
    const { service, events } = setUp();
    const first = await service.block(AIDA, BAHOR);
    expect(first).toEqual({ created: true, block: { memberId: BAHOR, displayName: `name of ${BAHOR}`, blockedAt: expect.any(String) } });
    expect(first.block.fullName).toBeUndefined();
    expect(await service.block(AIDA, BAHOR)).toEqual({ created: false, block: first.block });
    await service.unblock(AIDA, BAHOR);
    await service.block(AIDA, BAHOR);
    expect(events.map((e) => [e.subject, e.payload.version])).toEqual([
      ['identity.block.created.v1', 1],
      ['identity.block.removed.v1', 2],
      ['identity.block.created.v1', 3],
    ]);
    expect(events[0].payload).toEqual({ blockerId: AIDA, blockedId: BAHOR, version: 1, at: first.block.blockedAt });
  });

  it('refuses blocking herself and an account that does not exist, and writes nothing', async () => {
    const { service, events, blocks } = setUp();
    expect(await codeOf(service.block(AIDA, AIDA))).toBe('CANNOT_BLOCK_SELF');
    expect(await codeOf(service.block(AIDA, GONE))).toBe('NOT_FOUND');
    expect(events).toEqual([]);
    expect(blocks.rows.size).toBe(0);
  });

  it('answers 404 for lifting a block that does not stand', async () => {
    const { service, events } = setUp();
    expect(await codeOf(service.unblock(AIDA, BAHOR))).toBe('NOT_FOUND');
    // A block the other way is not hers to lift.
    await service.block(BAHOR, AIDA);
    expect(await codeOf(service.unblock(AIDA, BAHOR))).toBe('NOT_FOUND');
    expect(events).toHaveLength(1);
  });

  it('caps standing blocks, but a standing one can still be asked for again', async () => {
    const { service } = setUp(1);
    await service.block(AIDA, BAHOR);
    expect(await codeOf(service.block(AIDA, CHOLPON))).toBe('BLOCK_LIMIT_REACHED');
    expect((await service.block(AIDA, BAHOR)).created).toBe(false);
    await service.unblock(AIDA, BAHOR);
    expect((await service.block(AIDA, CHOLPON)).created).toBe(true);
  });
});
