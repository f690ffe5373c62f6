/**
 * The search query. Matches come from the narrow search_entry table (kept by a trigger): only rows the
 * public may find, ranked by the small in-row title vector; the wide content rows are read for the page only.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { SearchHit } from '@weop/contracts';

export interface HitRow {
  id: string;
  type: SearchHit['type'];
  title: string;
  plain: string;
  language: string;
  tags: string[];
  country: string | null;
  published_at: Date | null;
  rank: string;
}

export interface SearchFilter {
  type?: string;
  /** Leave discussions out (anonymous readers). */
  membersOnly: boolean;
  tag?: string;
  country?: string;
  language?: string;
  /** Leave out the items of everyone this member blocked or who blocked her. */
  blocksOf?: string;
}

/** Snippets are cut from this much of the text: enough to show where a match near the start is. */
const SNIPPET_SOURCE_CHARS = 1200;

@Injectable()
export class SearchRepository {
  constructor(private readonly em: EntityManager) {}

  /** One page (and one row more) after the cursor: title matches by rank, then newest first. */
  find(terms: string, filter: SearchFilter, after: { rank: number; publishedAt: string; id: string } | undefined, limit: number): Promise<HitRow[]> {
    const where: string[] = ['search @@ q', '(expires_at is null or expires_at > now())'];
    const params: unknown[] = [terms];
    if (filter.type) {
      where.push('type = ?');
      params.push(filter.type);
    }
    if (filter.membersOnly) where.push('not members_only');
    if (filter.tag) {
      where.push('tags @> array[?]::text[]');
      params.push(filter.tag.toLowerCase());
    }
    if (filter.country) {
      where.push('country = ?');
      params.push(filter.country);
    }
    if (filter.language) {
      where.push('language = ?');
      params.push(filter.language);
    }
    if (filter.blocksOf) {
      // search_entry has no author: the items of the (few) members on either side of her blocks are
      // found once, through the author index, and matches are anti-joined against that set.
      where.push(`item_id not in (select ci.id from content_item ci where ci.deleted_at is null and ci.author_id in (
        select blocked_id from block_projection where active and blocker_id = ?
        union all select blocker_id from block_projection where active and blocked_id = ?))`);
      params.push(filter.blocksOf, filter.blocksOf);
    }
    let keyset = '';
    if (after) {
      // Ranks are compared as the same real the query computes, so a page boundary is exact.
      keyset = 'where rank < ?::real or (rank = ?::real and (published_at < ?::timestamptz or (published_at = ?::timestamptz and id > ?::uuid)))';
      params.push(after.rank, after.rank, after.publishedAt, after.publishedAt, after.id);
    }
    params.push(limit + 1);
    return this.em.getConnection().execute<HitRow[]>(
      `select c.id, c.type, c.title, left(c.plain, ${SNIPPET_SOURCE_CHARS}) as plain, c.language, c.tags, c.country, c.published_at, hits.rank
         from (select * from (
                 select item_id as id, published_at, ts_rank_cd(rank_vector, q, 32)::real as rank
                   from search_entry, websearch_to_tsquery('russian', ?) q
                  where ${where.join(' and ')}
               ) ranked ${keyset}
               order by rank desc, published_at desc, id asc
               limit ?) hits
         join content_item c on c.id = hits.id
        order by hits.rank desc, hits.published_at desc, hits.id asc`,
      params,
    );
  }
}
