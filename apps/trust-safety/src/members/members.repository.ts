/** Authors' countries from identity's events, and what trust-safety holds of a member who deleted her account. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Member, ReporterStanding } from '../cases/moderation-case.entity';

export interface FiledReport {
  id: string;
  caseId: string;
  reporterPseudonym: string | null;
}

@Injectable()
export class MembersRepository {
  /**
   * Keeps her country unless what is stored is newer (events of one member can arrive out of order);
   * answers whether it was kept.
   */
  async saveNewest(em: EntityManager, accountId: string, country: string, at: Date): Promise<boolean> {
    const rows = await em.getConnection().execute<{ account_id: string }[]>(
      `insert into member (account_id, country, updated_at) values (?, ?, ?)
       on conflict (account_id) do update set country = excluded.country, updated_at = excluded.updated_at
       where member.updated_at <= excluded.updated_at
       returning account_id`,
      [accountId, country, at], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  /** Every case about what she wrote takes her country. */
  async setAuthorCountry(em: EntityManager, authorId: string, country: string): Promise<void> {
    await em.getConnection().execute(
      'update moderation_case set author_country = ? where author_id = ? and author_country is distinct from ?',
      [country, authorId, country], 'run', em.getTransactionContext(),
    );
  }

  /** Cases about her that have no country yet take the last one identity announced, before her member row goes. */
  async keepAuthorCountry(em: EntityManager, authorId: string): Promise<void> {
    await em.getConnection().execute(
      `update moderation_case c set author_country = m.country
         from member m
        where m.account_id = c.author_id and c.author_id = ? and c.author_country is null`,
      [authorId], 'run', em.getTransactionContext(),
    );
  }

  /** The reports she filed. */
  async reportsFiledBy(em: EntityManager, reporterId: string): Promise<FiledReport[]> {
    return em.getConnection().execute<FiledReport[]>(
      'select id, case_id as "caseId", reporter_pseudonym as "reporterPseudonym" from case_report where reporter_id = ?',
      [reporterId], 'all', em.getTransactionContext(),
    );
  }

  /**
   * Her id leaves these reports of hers; each keeps the pseudonym it already has, or takes the one
   * given. Only the reports listed change: one arriving meanwhile is not left without a pseudonym.
   */
  async anonymiseReports(em: EntityManager, reporterId: string, reports: readonly { id: string; pseudonym: string }[]): Promise<void> {
    if (reports.length === 0) return;
    // One JSON parameter: the query builder would spread an array parameter into a list.
    await em.getConnection().execute(
      `update case_report r set reporter_pseudonym = coalesce(r.reporter_pseudonym, p.pseudonym), reporter_id = null
         from json_to_recordset(?::json) as p(id uuid, pseudonym text)
        where r.id = p.id and r.reporter_id = ?`,
      [JSON.stringify(reports), reporterId], 'run', em.getTransactionContext(),
    );
  }

  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.nativeDelete(ReporterStanding, { reporterId: accountId });
    await em.nativeDelete(Member, { accountId });
  }
}
