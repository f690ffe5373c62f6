import { Migration } from '@mikro-orm/migrations';

/**
 * Search reads a narrow table of its own instead of the wide content_item rows: one row per item that
 * the public may find, with what search filters on, a small `rank_vector` (the title) that ranks inside
 * the row, and the full `search` vector the GIN index matches on, kept out of the row (TOAST) so that
 * ranking thousands of matches reads few pages. A trigger keeps it in step with content_item, so no
 * write path can forget it (a hidden, frozen or unpublished item leaves it in the same transaction).
 * Measured in docs/performance.md.
 */
export class SearchEntriesMigration extends Migration {
  override up(): void {
    this.addSql(`alter table "content_item" add column "rank_vector" tsvector null;`);
    this.addSql(`drop index if exists "content_item_search_idx";`);
    this.addSql(`create table "search_entry" (
      "item_id" uuid primary key references "content_item" ("id") on delete cascade deferrable initially deferred,
      "type" text not null,
      "members_only" boolean not null,
      "tags" text[] not null,
      "country" text null,
      "language" text not null,
      "published_at" timestamptz null,
      "expires_at" timestamptz null,
      "rank_vector" tsvector not null,
      "search" tsvector not null
    );`);
    // Ranking reads rank_vector for every match: kept in the row. The full vector is read only by the
    // GIN index (and a phrase's recheck), so it goes out of the row, compressed, whatever its size.
    this.addSql(`alter table "search_entry" set (toast_tuple_target = 128);`);
    this.addSql(`alter table "search_entry" alter column "rank_vector" set storage main;`);
    this.addSql(`create index "search_entry_search_idx" on "search_entry" using gin ("search");`);
    // A tag filter joins the word match in the bitmap instead of filtering every match afterwards.
    this.addSql(`create index "search_entry_tags_idx" on "search_entry" using gin ("tags");`);
    this.addSql(`create function "content_search_sync"() returns trigger language plpgsql as $$
      begin
        if new.status = 'published' and new.visibility = 'visible' and not new.frozen and new.deleted_at is null
           and new.search is not null and new.rank_vector is not null then
          insert into search_entry (item_id, type, members_only, tags, country, language, published_at, expires_at, rank_vector, search)
          values (new.id, new.type, new.type = 'discussion', new.tags, new.country, new.language, new.published_at, new.expires_at, new.rank_vector, new.search)
          on conflict (item_id) do update set type = excluded.type, members_only = excluded.members_only, tags = excluded.tags,
            country = excluded.country, language = excluded.language, published_at = excluded.published_at,
            expires_at = excluded.expires_at, rank_vector = excluded.rank_vector, search = excluded.search;
        else
          delete from search_entry where item_id = new.id;
        end if;
        return null;
      end $$;`);
    // Counters (reactions, comments, downloads) change often and concern search not at all.
    this.addSql(`create trigger "content_search_sync" after insert or update of
      "type", "status", "visibility", "frozen", "deleted_at", "search", "rank_vector", "tags", "country", "language", "published_at", "expires_at"
      on "content_item" for each row execute function "content_search_sync"();`);
  }
}
