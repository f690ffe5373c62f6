import { Migration } from '@mikro-orm/migrations';

/**
 * The awards schema: cycles, nominations with their endorsements and evidence, jury seats, conflict
 * declarations, score sheets, the ranking a closed jury produced, champions, what awards keeps of
 * members from identity's and trust-safety's events, and the append-only audit trail.
 */
export class InitialAwardsMigration extends Migration {
  override up(): void {
    // Foreign keys are checked at commit: one flush writes a nomination with its endorsements, a cycle with its champions.
    this.addSql(`create table "award_cycle" (
      "id" uuid primary key,
      "year" integer not null unique,
      "stage" text not null default 'nominations' check ("stage" in ('nominations','jury','closed','published')),
      "nominations_open_at" timestamptz not null,
      "nominations_close_at" timestamptz not null,
      "judging_starts_at" timestamptz null,
      "judging_ends_at" timestamptz null,
      "ceremony_at" timestamptz null,
      "ceremony_place" text null,
      "rubric" jsonb not null,
      "finalists_per_country" integer not null default 3,
      "regional_finalists" integer not null default 3,
      "champions_per_country" integer not null default 1,
      "regional_champions" integer not null default 1,
      "min_scores_per_finalist" integer not null default 1,
      "regional_same_country_conflict" boolean not null default true,
      "template_cycle_id" uuid null,
      "closed_at" timestamptz null,
      "published_at" timestamptz null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      check ("nominations_open_at" < "nominations_close_at")
    );`);

    this.addSql(`create table "nomination" (
      "id" uuid primary key,
      "cycle_id" uuid not null references "award_cycle" ("id") deferrable initially deferred,
      "nominator_id" uuid null,
      "category" text not null check ("category" in ('national','regional')),
      "nominee_kind" text not null check ("nominee_kind" in ('individual','organization')),
      "nominee_name" text not null,
      "nominee_country" text not null,
      "nominee_countries" text[] not null default '{}',
      "nominee_member_id" uuid null,
      "nominee_organization" text null,
      "achievements" text not null,
      "areas" text[] not null default '{}',
      "evidence_links" text[] not null default '{}',
      "status" text not null check ("status" in ('awaiting-consent','submitted','declined','withdrawn','eligible','ineligible','finalist','not-selected','winner')),
      "consented_at" timestamptz null,
      "screening_eligible" boolean null,
      "screening_finalist" boolean not null default false,
      "screening_note" text null,
      "screened_by" uuid null,
      "screened_at" timestamptz null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create index "nomination_cycle_idx" on "nomination" ("cycle_id", "created_at" desc, "id" desc);`);
    this.addSql(`create index "nomination_screening_idx" on "nomination" ("cycle_id", "category", "nominee_country", "status");`);
    this.addSql(`create index "nomination_nominator_idx" on "nomination" ("nominator_id", "created_at" desc, "id" desc);`);
    this.addSql(`create index "nomination_nominee_idx" on "nomination" ("nominee_member_id", "created_at" desc, "id" desc);`);
    // One nomination of a nominee per nominator and cycle.
    this.addSql(`create unique index "nomination_once_idx" on "nomination" ("cycle_id", "nominator_id", "nominee_country", lower("nominee_name")) where "status" <> 'withdrawn';`);

    // An endorser confirms through a link; only the hash of its secret is kept.
    this.addSql(`create table "endorsement" (
      "id" uuid primary key,
      "nomination_id" uuid not null references "nomination" ("id") on delete cascade deferrable initially deferred,
      "name" text not null,
      "email" text not null,
      "organization" text null,
      "token_hash" bytea not null unique,
      "status" text not null default 'requested' check ("status" in ('requested','confirmed','declined')),
      "statement" text null,
      "responded_at" timestamptz null,
      "position" integer not null
    );`);
    this.addSql(`create index "endorsement_nomination_idx" on "endorsement" ("nomination_id", "position");`);

    this.addSql(`create table "evidence_file" (
      "id" uuid primary key,
      "nomination_id" uuid not null references "nomination" ("id") on delete cascade deferrable initially deferred,
      "storage_key" text not null,
      "filename" text not null,
      "content_type" text not null,
      "size" integer not null,
      "sha256" text not null,
      "uploaded_at" timestamptz not null
    );`);
    this.addSql(`create index "evidence_file_nomination_idx" on "evidence_file" ("nomination_id", "uploaded_at");`);

    this.addSql(`create table "jury_seat" (
      "id" uuid primary key,
      "cycle_id" uuid not null references "award_cycle" ("id") deferrable initially deferred,
      "account_id" uuid null,
      "tier" text not null check ("tier" in ('national','regional')),
      "country" text not null,
      "organization" text null,
      "email" text null,
      "seated_at" timestamptz not null,
      "removed_at" timestamptz null
    );`);
    this.addSql(`create unique index "jury_seat_once_idx" on "jury_seat" ("cycle_id", "account_id", "tier") where "removed_at" is null;`);
    this.addSql(`create index "jury_seat_account_idx" on "jury_seat" ("account_id");`);

    this.addSql(`create table "conflict_declaration" (
      "id" uuid primary key,
      "seat_id" uuid not null references "jury_seat" ("id") deferrable initially deferred,
      "nomination_id" uuid not null references "nomination" ("id") on delete cascade deferrable initially deferred,
      "reason" text not null,
      "declared_at" timestamptz not null,
      unique ("seat_id", "nomination_id")
    );`);

    // One sheet per judge and finalist; "total" is the weighted mean of the criteria, "lead" the score on the heaviest one.
    this.addSql(`create table "score_sheet" (
      "id" uuid primary key,
      "seat_id" uuid not null references "jury_seat" ("id") deferrable initially deferred,
      "nomination_id" uuid not null references "nomination" ("id") on delete cascade deferrable initially deferred,
      "criteria" jsonb not null,
      "total" double precision not null,
      "lead" double precision not null,
      "comment" text null,
      "scored_at" timestamptz not null,
      "updated_at" timestamptz not null,
      unique ("seat_id", "nomination_id")
    );`);
    this.addSql(`create index "score_sheet_nomination_idx" on "score_sheet" ("nomination_id");`);

    // The ranking written when judging closes (rewritten if it closes again before publication).
    this.addSql(`create table "ranking_entry" (
      "nomination_id" uuid primary key references "nomination" ("id") on delete cascade deferrable initially deferred,
      "cycle_id" uuid not null references "award_cycle" ("id") deferrable initially deferred,
      "group_key" text not null,
      "group_order" integer not null,
      "rank" integer not null,
      "score" double precision not null,
      "raw_mean" double precision not null,
      "judges" integer not null,
      "tie_broken_by" text null,
      "champion" boolean not null default false
    );`);
    this.addSql(`create index "ranking_entry_cycle_idx" on "ranking_entry" ("cycle_id", "group_order", "rank");`);

    this.addSql(`create table "champion" (
      "id" uuid primary key,
      "cycle_id" uuid not null references "award_cycle" ("id") deferrable initially deferred,
      "nomination_id" uuid null unique,
      "year" integer not null,
      "category" text not null check ("category" in ('national','regional')),
      "country" text null,
      "kind" text not null check ("kind" in ('individual','organization')),
      "name" text not null,
      "member_id" uuid null,
      "citation" text not null,
      "position" integer not null,
      "announced_at" timestamptz not null,
      check (("category" = 'regional') = ("country" is null))
    );`);
    this.addSql(`create index "champion_list_idx" on "champion" ("year" desc, "position", "id");`);

    // From identity: public names and countries (nominees who are members), who is verified.
    this.addSql(`create table "member" (
      "account_id" uuid primary key,
      "display_name" text not null,
      "country" text not null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create table "verified_member" (
      "account_id" uuid primary key,
      "verified" boolean not null,
      "changed_at" timestamptz not null
    );`);
    // From trust-safety: suspensions and expulsions, kept (lifted_at set) when lifted so a late "imposed" changes nothing.
    this.addSql(`create table "member_sanction" (
      "sanction_id" uuid primary key,
      "account_id" uuid not null,
      "kind" text not null,
      "ends_at" timestamptz null,
      "lifted_at" timestamptz null
    );`);
    this.addSql(`create index "member_sanction_account_idx" on "member_sanction" ("account_id") where "lifted_at" is null;`);

    // Every score, declaration and decision. Append-only: rows are never deleted, and the only change
    // allowed is erasing the actor of a deleted account.
    this.addSql(`create table "audit_entry" (
      "id" uuid primary key,
      "cycle_id" uuid not null,
      "nomination_id" uuid null,
      "actor" text null,
      "action" text not null,
      "data" jsonb not null default '{}',
      "at" timestamptz not null,
      "seq" bigserial not null
    );`);
    this.addSql(`create index "audit_entry_cycle_idx" on "audit_entry" ("cycle_id", "seq" desc);`);
    this.addSql(`create index "audit_entry_actor_idx" on "audit_entry" ("actor");`);
    this.addSql(`create function "audit_entry_guard"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          raise exception 'the awards audit trail is append-only';
        end if;
        if new.actor is null and old.actor is not null
           and (new.id, new.cycle_id, new.nomination_id, new.action, new.data, new.at, new.seq)
               is not distinct from (old.id, old.cycle_id, old.nomination_id, old.action, old.data, old.at, old.seq) then
          return new;
        end if;
        raise exception 'the awards audit trail is append-only';
      end $$;`);
    this.addSql(`create trigger "audit_entry_append_only" before update or delete on "audit_entry" for each row execute function "audit_entry_guard"();`);

    // The key evidence files are sealed with when no key is configured: generated once, never leaves the database.
    this.addSql(`create table "evidence_key" ("id" integer primary key check ("id" = 1), "key" bytea not null);`);
  }
}
