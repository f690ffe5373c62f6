import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MatchingRun, Programme, ProgrammeApplication } from './programme.entity';

@Injectable()
export class ProgrammesRepository {
  /** `lock`: the cohort's row for update, which serialises two publications of its runs. */
  find(em: EntityManager, id: string, lock = false): Promise<Programme | null> {
    return em.findOne(Programme, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  page(em: EntityManager, limit: number, after?: { createdAt: Date; id: string }): Promise<Programme[]> {
    const where: FilterQuery<Programme> = {};
    if (after) where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
    return em.find(Programme, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit });
  }

  async applicantCounts(em: EntityManager, programmeIds: readonly string[]): Promise<Map<string, { mentor: number; mentee: number }>> {
    const counts = new Map<string, { mentor: number; mentee: number }>(programmeIds.map((id) => [id, { mentor: 0, mentee: 0 }]));
    if (programmeIds.length === 0) return counts;
    const rows = await em.getConnection().execute<{ programme_id: string; role: 'mentor' | 'mentee'; n: string }[]>(
      'select programme_id, role, count(*) as n from programme_application where programme_id = any(?::uuid[]) group by programme_id, role',
      [`{${programmeIds.join(',')}}`], 'all', em.getTransactionContext(),
    );
    for (const r of rows) counts.get(r.programme_id)![r.role] = Number(r.n);
    return counts;
  }

  applicants(em: EntityManager, programmeId: string, role: 'mentor' | 'mentee'): Promise<ProgrammeApplication[]> {
    return em.find(ProgrammeApplication, { programmeId, role }, { orderBy: { appliedAt: 'asc' } });
  }

  /** Her applications, as either role, oldest first (her export). */
  applicationsOf(em: EntityManager, accountId: string): Promise<ProgrammeApplication[]> {
    return em.find(ProgrammeApplication, { accountId }, { orderBy: [{ appliedAt: 'asc' }, { programmeId: 'asc' }, { role: 'asc' }] });
  }

  many(em: EntityManager, ids: readonly string[]): Promise<Programme[]> {
    return ids.length ? em.find(Programme, { id: { $in: [...ids] } }) : Promise.resolve([]);
  }

  run(em: EntityManager, programmeId: string, id: string, lock = false): Promise<MatchingRun | null> {
    return em.findOne(MatchingRun, { id, programmeId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }
}
