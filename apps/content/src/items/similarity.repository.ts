/** MinHash signatures and LSH bands of blogs and publications, for the near-duplicate detector. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface SimilarText {
  id: string;
  title: string;
  authorId: string;
  /** Unsigned 32-bit values, as MinHasher makes them. */
  signature: number[];
}

// Arrays travel as one JSON parameter: knex would expand an array binding into a list.
@Injectable()
export class SimilarityRepository {
  /** Items sharing at least one band with `bands`, oldest first (any author, not removed or deleted). */
  async candidates(em: EntityManager, itemId: string, bands: string[]): Promise<SimilarText[]> {
    const rows = await em.getConnection().execute<{ id: string; title: string; author_id: string; signature: number[] }[]>(
      `select i.id, i.title, i.author_id, s.signature
         from content_item i join similarity_signature s on s.item_id = i.id
        where i.id in (select item_id from similarity_band where band in (select jsonb_array_elements_text(?::jsonb)))
          and i.id <> ? and i.deleted_at is null and i.visibility <> 'removed'
        order by i.created_at asc
        limit 50`,
      [JSON.stringify(bands), itemId], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ id: r.id, title: r.title, authorId: r.author_id, signature: r.signature.map((n) => n >>> 0) }));
  }

  /** Replaces the item's signature and bands (none when the text is too short to judge). */
  async save(em: EntityManager, itemId: string, signature: number[], bands: string[]): Promise<void> {
    const conn = em.getConnection();
    await conn.execute('delete from similarity_band where item_id = ?', [itemId], 'run', em.getTransactionContext());
    await conn.execute('delete from similarity_signature where item_id = ?', [itemId], 'run', em.getTransactionContext());
    if (signature.length === 0) return;
    // Stored as PostgreSQL integers (signed), read back unsigned.
    await conn.execute('insert into similarity_signature (item_id, signature) values (?, array(select jsonb_array_elements_text(?::jsonb)::integer))', [itemId, JSON.stringify(signature.map((n) => n | 0))], 'run', em.getTransactionContext());
    await conn.execute('insert into similarity_band (band, item_id) select jsonb_array_elements_text(?::jsonb), ? on conflict do nothing', [JSON.stringify(bands), itemId], 'run', em.getTransactionContext());
  }
}
