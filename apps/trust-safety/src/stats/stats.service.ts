/** Transparency statistics for staff: what was reported, decided and appealed over a span of days. */
import { Injectable } from '@nestjs/common';
import { forbidden, isStaff } from '@weop/contracts';
import type { ModerationStats, ModerationStatsQuery, Principal } from '@weop/contracts';
import { statsRange } from './stats-range';
import { StatsRepository } from './stats.repository';

@Injectable()
export class StatsService {
  constructor(private readonly stats: StatsRepository) {}

  async figures(caller: Principal, query: ModerationStatsQuery, now = new Date()): Promise<ModerationStats> {
    // The gateway lets only staff through; checked again here, as every trust-safety request is.
    if (!isStaff(caller)) throw forbidden('Only moderators and admins see moderation statistics.');
    const range = statsRange(query, now);
    const figures = await this.stats.figures(range.from, range.to);
    return { from: range.from, to: range.to, ...figures };
  }
}
