/** CAREC Gender Champions as awards stores them. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import type { AwardCategory } from '@weop/contracts';
import { Champion } from './champion.entity';

@Injectable()
export class ChampionsRepository {
  /** Newest year first; within a year, member countries in CAREC order, then the regional category. */
  page(em: EntityManager, filter: { year?: number; country?: string; category?: AwardCategory }, limit: number, after?: { year: number; position: number; id: string }): Promise<Champion[]> {
    const where: FilterQuery<Champion> = {};
    if (filter.year !== undefined) where.year = filter.year;
    if (filter.country) where.country = filter.country;
    if (filter.category) where.category = filter.category;
    if (after) {
      where.$or = [
        { year: { $lt: after.year } },
        { year: after.year, position: { $gt: after.position } },
        { year: after.year, position: after.position, id: { $gt: after.id } },
      ];
    }
    return em.find(Champion, where, { orderBy: [{ year: 'desc' }, { position: 'asc' }, { id: 'asc' }], limit });
  }

  /** The champion entries naming her as the member, oldest year first. */
  ofMember(em: EntityManager, accountId: string): Promise<Champion[]> {
    return em.find(Champion, { memberId: accountId }, { orderBy: [{ year: 'asc' }, { position: 'asc' }, { id: 'asc' }] });
  }

  countOfCycle(em: EntityManager, cycleId: string): Promise<number> {
    return em.count(Champion, { cycleId });
  }
}
