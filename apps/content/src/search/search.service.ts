/**
 * `GET /search`: PostgreSQL full-text search over every published item. Items whose title holds the
 * words come first, by how well it matches; the rest (the words are in the text) newest first. The `russian`
 * configuration stems Russian (and, for ASCII words, English); Chinese has no spaces, so CJK runs are
 * indexed and queried as overlapping character bigrams (see text/search-text.ts).
 */
import { Injectable } from '@nestjs/common';
import type { Principal, SearchPage, SearchQuery } from '@weop/contracts';
import { decodeCursor, encodeCursor, validationFailed } from '@weop/contracts';
import { blocksApplyTo } from '../items/item-access.service';
import { searchQuery, snippet } from '../text/search-text';
import { SearchRepository } from './search.repository';

@Injectable()
export class SearchService {
  constructor(private readonly entries: SearchRepository) {}

  async search(viewer: Principal | null, query: SearchQuery): Promise<SearchPage> {
    const limit = query.limit ?? 20;
    const terms = searchQuery(query.q);
    if (!terms) return { items: [], nextCursor: null };
    const key = decodeCursor(query.cursor, ['number', 'date', 'uuid']);
    // ts_rank_cd with normalisation 32 is rank/(rank+1): a cursor outside [0, 1) was not given out here.
    if (key && !(Number(key[0]) >= 0 && Number(key[0]) < 1)) throw validationFailed('cursor', 'is not a cursor this list gave out');
    const after = key ? { rank: Number(key[0]), publishedAt: String(key[1]), id: String(key[2]) } : undefined;
    const rows = await this.entries.find(terms, { type: query.type, membersOnly: !viewer, tag: query.tag, country: query.country, language: query.language, blocksOf: blocksApplyTo(viewer) }, after, limit);
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
