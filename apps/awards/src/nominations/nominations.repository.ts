/** Nominations, their endorsements and evidence files as awards stores them. Services keep the rules. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { ObjectQuery } from '@mikro-orm/core';
import type { AwardCategory, CarecCountry, NominationStatus, SubjectVisibility } from '@weop/contracts';
import { sanctionedSql } from '../members/members.repository';
import { Endorsement, EvidenceFile, Nomination } from './nomination.entity';

export interface Keyset {
  createdAt: Date;
  id: string;
}

const newerThan = (after?: Keyset): ObjectQuery<Nomination> =>
  after ? { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] } : {};

@Injectable()
export class NominationsRepository {
  byId(em: EntityManager, id: string, lock = false): Promise<Nomination | null> {
    return em.findOne(Nomination, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  endorsementsOf(em: EntityManager, nominationIds: readonly string[]): Promise<Endorsement[]> {
    return nominationIds.length ? em.find(Endorsement, { nominationId: { $in: [...nominationIds] } }, { orderBy: { position: 'asc' } }) : Promise.resolve([]);
  }

  filesOf(em: EntityManager, nominationId: string): Promise<EvidenceFile[]> {
    return em.find(EvidenceFile, { nominationId }, { orderBy: { uploadedAt: 'asc', id: 'asc' } });
  }

  file(em: EntityManager, nominationId: string, fileId: string): Promise<EvidenceFile | null> {
    return em.findOne(EvidenceFile, { id: fileId, nominationId });
  }

  endorsementByTokenHash(em: EntityManager, tokenHash: Buffer, lock = false): Promise<Endorsement | null> {
    return em.findOne(Endorsement, { tokenHash }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** Her nominations in a cycle that still count against her limit. */
  countByNominator(em: EntityManager, cycleId: string, nominatorId: string): Promise<number> {
    return em.count(Nomination, { cycleId, nominatorId, status: { $ne: 'withdrawn' } });
  }

  /** The nominations she made and those about her, newest first (all of them without a limit: her export). */
  mine(em: EntityManager, accountId: string, limit?: number, after?: Keyset): Promise<Nomination[]> {
    return em.find(Nomination, { $and: [{ $or: [{ nominatorId: accountId }, { nomineeMemberId: accountId }] }, newerThan(after)] }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...(limit === undefined ? {} : { limit }) });
  }

  /** The nominations these jury seats screened, oldest first. */
  screenedBy(em: EntityManager, seatIds: readonly string[]): Promise<Nomination[]> {
    return seatIds.length ? em.find(Nomination, { screenedBy: { $in: [...seatIds] } }, { orderBy: [{ screenedAt: 'asc' }, { id: 'asc' }] }) : Promise.resolve([]);
  }

  ofCycle(em: EntityManager, cycleId: string, filter: { status?: NominationStatus; country?: CarecCountry; category?: AwardCategory }, limit: number, after?: Keyset): Promise<Nomination[]> {
    const where: ObjectQuery<Nomination> = { cycleId, ...newerThan(after) };
    if (filter.status) where.status = filter.status;
    if (filter.country) where.nomineeCountry = filter.country;
    if (filter.category) where.category = filter.category;
    return em.find(Nomination, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit });
  }

  /**
   * Which of these nominations are paused: their nominator or their nominee is under a suspension or
   * expulsion, or trust-safety hid it pending review or removed it.
   */
  async paused(em: EntityManager, nominationIds: readonly string[]): Promise<Set<string>> {
    if (nominationIds.length === 0) return new Set();
    const rows = await em.getConnection().execute<{ id: string }[]>(
      `select n.id from nomination n
        where n.id in (select value::uuid from json_array_elements_text(?::json))
          and (n.moderation_visibility <> 'visible' or ${sanctionedSql('n.nominator_id')} or ${sanctionedSql('n.nominee_member_id')})`,
      [JSON.stringify(nominationIds)], 'all', em.getTransactionContext(),
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * What a judge's seat covers, not paused: national seats one country's national nominations, regional
   * seats the regional category (screening) or every finalist (jury). Oldest first.
   */
  inScope(em: EntityManager, cycleId: string, scope: { category?: AwardCategory; country?: string; statuses: readonly NominationStatus[] }): Promise<Nomination[]> {
    const where: ObjectQuery<Nomination> = { cycleId, status: { $in: [...scope.statuses] } };
    if (scope.category) where.category = scope.category;
    if (scope.country) where.nomineeCountry = scope.country;
    return em.find(Nomination, where, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** Finalists of a ranking group so far (a member country's national nominations, or the regional category). */
  countFinalists(em: EntityManager, cycleId: string, group: { category: AwardCategory; country: string | null }): Promise<number> {
    return em.count(Nomination, { cycleId, status: 'finalist', category: group.category, ...(group.country ? { nomineeCountry: group.country } : {}) });
  }

  /**
   * The cycle's finalists, as read-only copies in the same transaction: thousands of them are read to
   * rank, and none is changed through them, so the unit of work need not track them at flush.
   */
  finalists(em: EntityManager, cycleId: string): Promise<Nomination[]> {
    return em.find(Nomination, { cycleId, status: 'finalist' }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], disableIdentityMap: true });
  }

  /** When the jury begins: whatever is still in the running but was not made a finalist is not selected. */
  async markNotSelected(em: EntityManager, cycleId: string, now: Date): Promise<number> {
    return em.getConnection().execute(
      `update nomination set status = 'not-selected', updated_at = ? where cycle_id = ? and status in ('awaiting-consent','submitted','eligible')`,
      [now, cycleId], 'run', em.getTransactionContext(),
    ).then((r: unknown) => (r as { affectedRows?: number }).affectedRows ?? 0);
  }

  async markWinners(em: EntityManager, nominationIds: readonly string[], now: Date): Promise<void> {
    if (nominationIds.length === 0) return;
    await em.nativeUpdate(Nomination, { id: { $in: [...nominationIds] } }, { status: 'winner', updatedAt: now });
  }

  /** When results are published: the nominations that went through judging, with the members to tell of their result. */
  async judged(em: EntityManager, cycleId: string): Promise<{ id: string; nominatorId: string | null; nomineeMemberId: string | null }[]> {
    const rows = await em.getConnection().execute<{ id: string; nominator_id: string | null; nominee_member_id: string | null }[]>(
      `select id, nominator_id, nominee_member_id from nomination
       where cycle_id = ? and status in ('winner', 'finalist', 'not-selected', 'ineligible') and (nominator_id is not null or nominee_member_id is not null)
       order by created_at, id`,
      [cycleId], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ id: r.id, nominatorId: r.nominator_id, nomineeMemberId: r.nominee_member_id }));
  }

  /** Lower-cased emails of everyone asked to endorse each nomination. */
  async endorserEmails(em: EntityManager, nominationIds: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (nominationIds.length === 0) return map;
    const rows = await em.getConnection().execute<{ nomination_id: string; email: string }[]>(
      'select nomination_id, lower(email) as email from endorsement where nomination_id in (select value::uuid from json_array_elements_text(?::json))',
      [JSON.stringify(nominationIds)], 'all', em.getTransactionContext(),
    );
    for (const r of rows) map.set(r.nomination_id, [...(map.get(r.nomination_id) ?? []), r.email]);
    return map;
  }

  /** Confirmed endorsements per nomination. */
  async confirmedEndorsements(em: EntityManager, nominationIds: readonly string[]): Promise<Map<string, number>> {
    const map = new Map<string, number>();
    if (nominationIds.length === 0) return map;
    const rows = await em.getConnection().execute<{ nomination_id: string; n: string }[]>(
      `select nomination_id, count(*) as n from endorsement where status = 'confirmed' and nomination_id in (select value::uuid from json_array_elements_text(?::json)) group by nomination_id`,
      [JSON.stringify(nominationIds)], 'all', em.getTransactionContext(),
    );
    for (const r of rows) map.set(r.nomination_id, Number(r.n));
    return map;
  }

  countFiles(em: EntityManager, nominationId: string): Promise<number> {
    return em.count(EvidenceFile, { nominationId });
  }

  // ---- a deleted account ----

  /**
   * Nominations she made stay in the running (they are about someone else, whose chance should not end
   * with the nominator's account); her id leaves them.
   */
  async releaseNominator(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('update nomination set nominator_id = null where nominator_id = ?', [accountId], 'run', em.getTransactionContext());
  }

  /** Nominations about her: withdrawn unless their cycle is published; her id leaves them and her champion entries. */
  async releaseNominee(em: EntityManager, accountId: string, now: Date): Promise<{ id: string; cycle_id: string }[]> {
    const withdrawn = await em.getConnection().execute<{ id: string; cycle_id: string }[]>(
      `update nomination n set status = 'withdrawn', updated_at = ?
         from award_cycle c
        where c.id = n.cycle_id and c.stage <> 'published' and n.nominee_member_id = ? and n.status <> 'withdrawn'
        returning n.id, n.cycle_id`,
      [now, accountId], 'all', em.getTransactionContext(),
    );
    await em.getConnection().execute('update nomination set nominee_member_id = null where nominee_member_id = ?', [accountId], 'run', em.getTransactionContext());
    await em.getConnection().execute('update champion set member_id = null where member_id = ?', [accountId], 'run', em.getTransactionContext());
    return withdrawn;
  }

  /** Trust-safety hid, removed or restored a nomination; a late, older decision changes nothing. */
  async setModerationVisibility(em: EntityManager, id: string, visibility: SubjectVisibility, version: number): Promise<void> {
    await em.getConnection().execute(
      'update nomination set moderation_visibility = ?, visibility_version = ? where id = ? and visibility_version < ?',
      [visibility, version, id, version], 'run', em.getTransactionContext(),
    );
  }
}
