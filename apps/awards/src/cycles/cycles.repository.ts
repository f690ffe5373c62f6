/** Award cycles as awards stores them. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/core';
import { AwardCycle } from './award-cycle.entity';

@Injectable()
export class CyclesRepository {
  byId(em: EntityManager, id: string, lock = false): Promise<AwardCycle | null> {
    return em.findOne(AwardCycle, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  byYear(em: EntityManager, year: number): Promise<AwardCycle | null> {
    return em.findOne(AwardCycle, { year });
  }

  /** Newest year first, after a year cursor. */
  page(em: EntityManager, limit: number, beforeYear?: number): Promise<AwardCycle[]> {
    const where: FilterQuery<AwardCycle> = beforeYear === undefined ? {} : { year: { $lt: beforeYear } };
    return em.find(AwardCycle, where, { orderBy: { year: 'desc' }, limit });
  }
}
