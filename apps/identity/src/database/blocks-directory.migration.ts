import { Migration } from '@mikro-orm/migrations';

/**
 * Blocks and the member directory (issue 10).
 *
 * `member_block` keeps one row per ordered pair for as long as both accounts exist: unblocking sets
 * `active = false` instead of deleting, so that the pair's `version` (carried by every block event)
 * only ever grows and other services' projections can drop a late, older event. While a block stands
 * the row also keeps both members' public names as they were when the two stopped seeing each other
 * (cleared on unblocking): her list of blocks shows those, never the live name, so a block cannot be
 * used to follow a member who renamed herself to hide.
 *
 * The directory searches public names and organisations without regard to case or accents
 * (`weop_fold`: `unaccent` then `lower`), through a trigram index over exactly the text a member
 * shows (her legal name only when she shows it), limited to listed members.
 */
export class BlocksDirectoryMigration extends Migration {
  override up(): void {
    this.addSql(`create table "member_block" (
      "blocker_id" uuid not null references "account" ("id") on delete cascade,
      "blocked_id" uuid not null references "account" ("id") on delete cascade,
      "active" boolean not null,
      "version" integer not null,
      "blocked_at" timestamptz null,
      "changed_at" timestamptz not null,
      "blocked_display_name" text null,
      "blocked_full_name" text null,
      "blocker_display_name" text null,
      "blocker_full_name" text null,
      primary key ("blocker_id", "blocked_id"),
      check ("blocker_id" <> "blocked_id")
    );`);
    this.addSql(`create index "member_block_blocker_idx" on "member_block" ("blocker_id", "blocked_at" desc, "blocked_id" desc) where "active";`);
    this.addSql(`create index "member_block_blocked_idx" on "member_block" ("blocked_id") where "active";`);

    this.addSql(`alter table "profile" add column "show_city" boolean not null default false, add column "show_email" boolean not null default false;`);

    // Both are trusted extensions (PostgreSQL 13+): the owner of the database may create them.
    this.addSql('create extension if not exists "unaccent";');
    this.addSql('create extension if not exists "pg_trgm";');
    // unaccent() is only stable (its dictionary could change); this wrapper pins the dictionary so it can be indexed.
    this.addSql(`create or replace function weop_fold(value text) returns text
      language sql immutable parallel safe strict
      as $fn$ select lower(public.unaccent('public.unaccent'::regdictionary, value)) $fn$;`);
    // What the directory's free-text search looks in: the public name(s) and the organisation.
    this.addSql(`create or replace function weop_directory_text(display_name text, full_name text, show_legal_name boolean, organization text) returns text
      language sql immutable parallel safe
      as $fn$ select public.weop_fold(display_name || ' ' || case when show_legal_name then full_name else '' end || ' ' || coalesce(organization, '')) $fn$;`);
    this.addSql(`create index "profile_directory_search_idx" on "profile"
      using gin (weop_directory_text("display_name", "full_name", "show_legal_name", "organization") gin_trgm_ops) where "listed_in_directory";`);
    this.addSql(`create index "profile_directory_name_idx" on "profile" (weop_fold("display_name"), "account_id") where "listed_in_directory";`);
  }
}
