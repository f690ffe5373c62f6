/**
 * Muting (issue 10): she hides a member from her feed and her notifications without blocking her.
 * The muted member can still write to her, connect and join the same groups, and is never told:
 * nothing she can call reads another member's mutes.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type { MutePage, MuteView, PageQuery, Principal } from '@weop/contracts';
import { memberCard } from '../connections/member-card';
import { MembersRepository } from '../members/members.repository';
import { MutesRepository } from './mutes.repository';

@Injectable()
export class MutesService {
  constructor(
    private readonly em: EntityManager,
    private readonly mutes: MutesRepository,
    private readonly members: MembersRepository,
  ) {}

  /** Muting again answers the same mute, from when she first muted. */
  async mute(caller: Principal, memberId: string): Promise<MuteView> {
    if (memberId === caller.accountId) throw new DomainError('CANNOT_MUTE_SELF', 'You cannot mute yourself.');
    return this.em.fork().transactional(async (em) => {
      const member = await this.members.find(em, memberId);
      if (!member) throw notFound('The member');
      const mutedAt = await this.mutes.add(em, caller.accountId, memberId, new Date());
      return { member: memberCard(memberId, member), mutedAt: mutedAt.toISOString() };
    });
  }

  async unmute(caller: Principal, memberId: string): Promise<void> {
    if (!(await this.mutes.remove(this.em.fork(), caller.accountId, memberId))) throw notFound('The mute');
  }

  async mine(caller: Principal, query: PageQuery): Promise<MutePage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.mutes.page(em, caller.accountId, limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.muted_id]);
    const members = await this.members.many(em, page.items.map((r) => r.muted_id));
    return {
      items: page.items.map((r) => ({ member: memberCard(r.muted_id, members.get(r.muted_id)), mutedAt: new Date(r.created_at).toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  /** Her part of her export: whom she muted, and since when. */
  async export(caller: Principal): Promise<{ mutes: { memberId: string; mutedAt: string }[] }> {
    const rows = await this.mutes.page(this.em.fork(), caller.accountId, 100_000);
    return { mutes: rows.map((r) => ({ memberId: r.muted_id, mutedAt: new Date(r.created_at).toISOString() })) };
  }
}
