/**
 * `GET /search`: PostgreSQL full-text search over every published item. Items whose title holds the
 * words come first, by how well it matches; the rest (the words are in the text) newest first. The `russian`
 * configuration stems Russian (and, for ASCII words, English); Chinese has no spaces, so CJK runs are
 * indexed and queried as overlapping character bigrams (see text/search-text.ts).
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal, SearchHit, SearchPage, SearchQuery } from '@weop/contracts';
import { decodeCursor, encodeCursor, validationFailed } from '@weop/contracts';
import { searchQuery, snippet } from '../text/search-text';

interface HitRow {
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

@Injectable()
export class SearchService {
  constructor(private readonly em: EntityManager) {}

  async search(viewer: Principal | null, query: SearchQuery): Promise<SearchPage> {
    const limit = query.limit ?? 20;
    const terms = searchQuery(query.q);
    if (!terms) return { items: [], nextCursor: null };
    const key = decodeCursor(query.cursor, ['number', 'date', 'uuid']);
    // ts_rank_cd with normalisation 32 is rank/(rank+1): a cursor outside [0, 1) was not given out here.
    if (key && !(Number(key[0]) >= 0 && Number(key[0]) < 1)) throw validationFailed('cursor', 'is not a cursor this list gave out');
    // Matches come from the narrow search_entry table (kept by a trigger): only rows the public may
    // find, ranked by the small in-row title vector; the wide content rows are read for the page only.
    const where: string[] = ['search @@ q', '(expires_at is null or expires_at > now())'];
    const params: unknown[] = [terms];
    if (query.type) {
      where.push('type = ?');
      params.push(query.type);
    }
    if (!viewer) where.push('not members_only');
    if (query.tag) {
      where.push('tags @> array[?]::text[]');
      params.push(query.tag.toLowerCase());
    }
    if (query.country) {
      where.push('country = ?');
      params.push(query.country);
    }
    if (query.language) {
      where.push('language = ?');
      params.push(query.language);
    }
    let keyset = '';
    if (key) {
      // Ranks are compared as the same real the query computes, so a page boundary is exact.
      keyset = 'where rank < ?::real or (rank = ?::real and (published_at < ?::timestamptz or (published_at = ?::timestamptz and id > ?::uuid)))';
      params.push(key[0], key[0], key[1], key[1], key[2]);
    }
    params.push(limit + 1);
    const rows = await this.em.getConnection().execute<HitRow[]>(
      `select c.id, c.type, c.title, left(c.plain, 1200) as plain, c.language, c.tags, c.country, c.published_at, hits.rank
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
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({
        type: r.type,
        id: r.id,
        title: r.title,
        snippet: snippet(r.plain, query.q),
        language: r.language,
        tags: r.tags,
        country: r.country,
        publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([Number(last.rank), new Date(last.published_at!).toISOString(), last.id]) : null,
    };
  }
}
