/**
 * On first start, the 2023 cycle and its champions are written (issue 6, "Seed"), so the public list
 * has them from the beginning. Replicas starting together take turns on an advisory lock; a cycle for
 * 2023 that already exists (seeded, or created by an admin) is left alone.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ResultGroup } from '@weop/contracts';
import { lockUntilCommit } from '@weop/persistence';
import { AwardCycle } from '../cycles/award-cycle.entity';
import { CyclesRepository } from '../cycles/cycles.repository';
import { DEFAULT_RUBRIC, groupOrderOf } from '../cycles/cycle-rules';
import { Champion } from './champion.entity';
import { CHAMPIONS_2023, CYCLE_2023 } from './seed-2023';

@Injectable()
export class ChampionsSeedService {
  constructor(
    private readonly em: EntityManager,
    private readonly cycles: CyclesRepository,
  ) {}

  /** Answers whether it wrote the seed. */
  async ensure2023(): Promise<boolean> {
    return this.em.fork().transactional(async (em) => {
      await lockUntilCommit(em, 'awards.seed');
      if (await this.cycles.byYear(em, CYCLE_2023.year)) return false;
      const cycleId = randomUUID();
      em.persist(
        em.create(AwardCycle, {
          id: cycleId,
          ...CYCLE_2023,
          stage: 'published',
          rubric: [...DEFAULT_RUBRIC],
          finalistsPerCountry: 3,
          regionalFinalists: 3,
          championsPerCountry: 1,
          regionalChampions: 1,
          minScoresPerFinalist: 1,
          regionalSameCountryConflict: true,
          closedAt: CYCLE_2023.judgingEndsAt,
          publishedAt: CYCLE_2023.ceremonyAt,
          createdAt: CYCLE_2023.ceremonyAt,
          updatedAt: CYCLE_2023.ceremonyAt,
        }),
      );
      for (const champion of CHAMPIONS_2023) {
        em.persist(
          em.create(Champion, {
            id: randomUUID(),
            cycleId,
            nominationId: null,
            year: CYCLE_2023.year,
            ...champion,
            memberId: null,
            position: groupOrderOf((champion.country ?? 'regional') as ResultGroup) * 100 + 1,
            announcedAt: CYCLE_2023.ceremonyAt,
          }),
        );
      }
      await em.flush();
      return true;
    });
  }
}
