/**
 * The transparency figures, computed in PostgreSQL over a span of UTC days (`from` and `to` as
 * YYYY-MM-DD, `to` included). Read in one read-only, repeatable-read transaction so that every figure
 * describes the same moment. Reporters appear in none of these queries.
 */
import { Injectable } from '@nestjs/common';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AppealFigures, DecisionAction, Guideline } from '@weop/contracts';

export interface StatsFigures {
  reportsReceived: number;
  reportsPerDay: { day: string; guideline: Guideline; count: number }[];
  casesByGuideline: { guideline: Guideline; count: number }[];
  casesByCountry: { country: string | null; count: number }[];
  actionsByKind: { action: DecisionAction; count: number }[];
  removals: number;
  medianHoursToFirstAction: number | null;
  medianHoursToDecision: number | null;
  appeals: AppealFigures;
}

/** `start` and `stop` (exclusive) of the span as instants: midnight UTC of `from` and of the day after `to`. */
const SPAN = `with span as (select (?::date)::timestamp at time zone 'UTC' as start, (?::date + 1)::timestamp at time zone 'UTC' as stop)`;

@Injectable()
export class StatsRepository {
  constructor(private readonly em: EntityManager) {}

  figures(from: string, to: string): Promise<StatsFigures> {
    return this.em.fork().transactional(
      async (em) => {
        const query = <T extends object>(sql: string): Promise<T[]> => em.getConnection().execute<T[]>(`${SPAN} ${sql}`, [from, to], 'all', em.getTransactionContext());

        const [received] = await query<{ count: number }>(
          `select count(*)::int as count from case_report r, span where r.filed_at >= span.start and r.filed_at < span.stop`,
        );
        const reportsPerDay = await query<{ day: string; guideline: Guideline; count: number }>(
          `select to_char(r.filed_at at time zone 'UTC', 'YYYY-MM-DD') as day, r.guideline, count(*)::int as count
             from case_report r, span
            where r.filed_at >= span.start and r.filed_at < span.stop
            group by 1, 2
            order by 1, 2`,
        );
        // A case counts under every guideline its reports cite.
        const casesByGuideline = await query<{ guideline: Guideline; count: number }>(
          `select g.guideline, count(*)::int as count
             from moderation_case c cross join lateral unnest(c.guidelines) as g(guideline), span
            where c.opened_at >= span.start and c.opened_at < span.stop
            group by 1
            order by 2 desc, 1`,
        );
        // The case keeps the country once identity announced it; a case opened since is read through the member.
        const casesByCountry = await query<{ country: string | null; count: number }>(
          `select coalesce(c.author_country, m.country) as country, count(*)::int as count
             from moderation_case c left join member m on m.account_id = c.author_id, span
            where c.opened_at >= span.start and c.opened_at < span.stop
            group by 1
            order by 2 desc, 1 nulls last`,
        );
        const actionsByKind = await query<{ action: DecisionAction; count: number }>(
          `select d.action, count(*)::int as count
             from decision d, span
            where d.decided_at >= span.start and d.decided_at < span.stop
            group by 1
            order by 2 desc, 1`,
        );
        // Every decision that removed the content: remove-content, and warn/suspend/expel with removeContent (counted above under its sanction).
        const [removals] = await query<{ count: number }>(
          `select count(*)::int as count from decision d, span where d.remove_content and d.decided_at >= span.start and d.decided_at < span.stop`,
        );
        // Of the cases opened in the span; the first action is the first hide (auto-hide included) or decision, not a claim (a claim acts on nothing).
        // percentile_cont skips the ones without that step yet (null when none has it).
        const [timings] = await query<{ first_action: number | null; decision: number | null }>(
          `select round((percentile_cont(0.5) within group (order by extract(epoch from f.first_at - c.opened_at)::float8 / 3600))::numeric, 2)::float8 as first_action,
                  round((percentile_cont(0.5) within group (order by extract(epoch from d.decided_at - c.opened_at)::float8 / 3600))::numeric, 2)::float8 as decision
             from moderation_case c
             cross join span
             left join lateral (
               select min(e.at) as first_at from case_event e
                where e.case_id = c.id and e.kind in ('hidden', 'decided') and e.at >= c.opened_at
             ) f on true
             left join lateral (select min(x.decided_at) as decided_at from decision x where x.case_id = c.id) d on true
            where c.opened_at >= span.start and c.opened_at < span.stop`,
        );
        const [appeals] = await query<AppealFigures>(
          `select filed, decided, overturned, round(overturned::numeric / nullif(decided, 0), 4)::float8 as "overturnRate"
             from (
               select count(*) filter (where a.filed_at >= span.start and a.filed_at < span.stop)::int as filed,
                      count(*) filter (where a.status <> 'open' and a.decided_at >= span.start and a.decided_at < span.stop)::int as decided,
                      count(*) filter (where a.status = 'overturned' and a.decided_at >= span.start and a.decided_at < span.stop)::int as overturned
                 from appeal a, span
                where (a.filed_at >= span.start and a.filed_at < span.stop) or (a.decided_at >= span.start and a.decided_at < span.stop)
             ) counted`,
        );
        return {
          reportsReceived: received.count,
          reportsPerDay,
          casesByGuideline,
          casesByCountry,
          actionsByKind,
          removals: removals.count,
          medianHoursToFirstAction: timings.first_action,
          medianHoursToDecision: timings.decision,
          appeals,
        };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }
}
