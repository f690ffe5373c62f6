/** Authors' public names, and erasing what a member who deleted her account wrote. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Comment, ContentItem, EventRegistration, Member } from '../items/content-item.entity';

@Injectable()
export class MembersRepository {
  /** Events of one member can arrive out of order; the newest change wins. */
  async saveNewest(em: EntityManager, accountId: string, displayName: string, country: string, at: Date): Promise<void> {
    await em.getConnection().execute(
      `insert into member (account_id, display_name, country, updated_at) values (?, ?, ?, ?)
       on conflict (account_id) do update set display_name = excluded.display_name, country = excluded.country, updated_at = excluded.updated_at
       where member.updated_at <= excluded.updated_at`,
      [accountId, displayName, country, at], 'run', em.getTransactionContext(),
    );
  }

  /**
   * Deletes her items, comments and reactions, keeping every count equal to what members can see. Answers
   * the storage keys of her documents (deleted after the rows, by the caller) and the items that had been
   * published, which the caller announces as withdrawn; each is stamped after its last change, as `touch` does.
   */
  async eraseAuthored(em: EntityManager, accountId: string, at: Date): Promise<{ documents: string[]; announced: Pick<ContentItem, 'id' | 'type' | 'authorId' | 'updatedAt'>[] }> {
    const conn = em.getConnection();
    const run = (sql: string, params: unknown[]) => conn.execute(sql, params, 'run', em.getTransactionContext());
    const files = await conn.execute<{ storage_key: string }[]>(
      'select f.storage_key from stored_file f join content_item i on i.id = f.item_id where i.author_id = ?', [accountId], 'all', em.getTransactionContext(),
    );
    await run('delete from stored_file f using content_item i where i.id = f.item_id and i.author_id = ?', [accountId]);
    const erased = await conn.execute<{ id: string; type: ContentItem['type']; published_at: string | null; updated_at: string }[]>(
      `update content_item set deleted_at = ?, updated_at = greatest(?::timestamptz, updated_at + interval '1 millisecond')
        where author_id = ? and deleted_at is null
        returning id, type, published_at, updated_at`,
      [at, at, accountId], 'all', em.getTransactionContext(),
    );
    await run(
      `update content_item i set comment_count = greatest(0, i.comment_count - c.n)
         from (select item_id, count(*)::int as n from comment where author_id = ? and deleted_at is null and visibility = 'visible' group by item_id) c
        where i.id = c.item_id`,
      [accountId],
    );
    await em.nativeUpdate(Comment, { authorId: accountId, deletedAt: null }, { deletedAt: at });
    // Her words go, not only out of sight: every item and comment she wrote (those she deleted herself
    // before, too) keeps its row, so that threads, counters and reports still point somewhere, but none
    // of its text, fields, tags, search vectors or near-duplicate fingerprints. What she wrote survives
    // only as a reported item's snapshot, kept as evidence (docs/privacy.md).
    await run(
      `update content_item set title = '', body = '', body_html = '', plain = '', tags = '{}', details = '{}'::jsonb,
              search = null, rank_vector = null, review_reason = null
        where author_id = ?`,
      [accountId],
    );
    await run('delete from similarity_band b using content_item i where i.id = b.item_id and i.author_id = ?', [accountId]);
    await run('delete from similarity_signature s using content_item i where i.id = s.item_id and i.author_id = ?', [accountId]);
    await run(`update comment set body = '', body_html = '' where author_id = ?`, [accountId]);
    await run('delete from verified_poster where account_id = ?', [accountId]);
    for (const kind of ['like', 'insightful', 'support'] as const) {
      await run(`update content_item i set ${kind}_count = ${kind}_count - 1 from reaction r where r.item_id = i.id and r.account_id = ? and r.kind = ?`, [accountId, kind]);
    }
    await run('delete from reaction where account_id = ?', [accountId]);
    return {
      documents: files.map((f) => f.storage_key),
      announced: erased.filter((i) => i.published_at !== null).map((i) => ({ id: i.id, type: i.type, authorId: accountId, updatedAt: new Date(i.updated_at) })),
    };
  }

  /** Removes her registrations and answers them (the caller frees the seats). */
  async takeSeats(em: EntityManager, accountId: string): Promise<EventRegistration[]> {
    const seats = await em.find(EventRegistration, { accountId });
    for (const seat of seats) em.remove(seat);
    return seats;
  }

  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.nativeDelete(Member, { accountId });
  }

  /** The organisations identity announced her as a poster for (their job posts skip review). */
  async organizationsPostingFor(em: EntityManager, accountId: string): Promise<{ organizationId: string | null; organizationKey: string }[]> {
    const rows = await em.getConnection().execute<{ organization_id: string | null; organization_key: string }[]>(
      'select organization_id, organization_key from verified_poster where account_id = ? order by organization_key', [accountId], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ organizationId: r.organization_id, organizationKey: r.organization_key }));
  }

  async replaceOrganizationPosters(em: EntityManager, organizationId: string, organizationKey: string, memberIds: string[]): Promise<void> {
    const run = (sql: string, params: unknown[]) => em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
    await run('delete from verified_poster where organization_id = ?', [organizationId]);
    await run(
      `insert into verified_poster (account_id, organization_key, organization_id)
       select m::uuid, ?, ? from jsonb_array_elements_text(?::jsonb) as m
       on conflict (account_id, organization_key) do update set organization_id = excluded.organization_id`,
      [organizationKey, organizationId, JSON.stringify(memberIds)],
    );
  }
}
