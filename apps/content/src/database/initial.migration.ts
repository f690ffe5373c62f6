import { Migration } from '@mikro-orm/migrations';

export class InitialContentMigration extends Migration {
  override up(): void {
    this.addSql(`create table "member" (
      "account_id" uuid primary key,
      "display_name" text not null,
      "country" text null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create table "content_item" (
      "id" uuid primary key,
      "type" text not null check ("type" in ('blog','publication','job','resource','event','discussion')),
      "author_id" uuid not null,
      "title" text not null,
      "body" text not null,
      "body_html" text not null,
      "plain" text not null,
      "tags" text[] not null default '{}',
      "language" text not null,
      "country" text null,
      "status" text not null check ("status" in ('draft','pending-review','published','unpublished','rejected','expired','closed','cancelled')),
      "visibility" text not null default 'visible' check ("visibility" in ('visible','hidden','removed')),
      "visibility_version" integer not null default 0,
      "frozen" boolean not null default false,
      "details" jsonb not null default '{}',
      "published_at" timestamptz null,
      "expires_at" timestamptz null,
      "starts_at" timestamptz null,
      "originality_attested_at" timestamptz null,
      "rights_attested_at" timestamptz null,
      "review_reason" text null,
      "comment_count" integer not null default 0,
      "download_count" integer not null default 0,
      "like_count" integer not null default 0,
      "insightful_count" integer not null default 0,
      "support_count" integer not null default 0,
      "registered_count" integer not null default 0,
      "waitlist_count" integer not null default 0,
      "search" tsvector null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "deleted_at" timestamptz null
    );`);
    // What members browse: published, visible, not frozen, newest first per type.
    this.addSql(`create index "content_item_feed_idx" on "content_item" ("type", "published_at" desc, "id" desc)
      where "status" = 'published' and "visibility" = 'visible' and not "frozen" and "deleted_at" is null;`);
    this.addSql(`create index "content_item_author_idx" on "content_item" ("author_id", "created_at" desc, "id" desc) where "deleted_at" is null;`);
    this.addSql(`create index "content_item_tags_idx" on "content_item" using gin ("tags");`);
    this.addSql(`create index "content_item_search_idx" on "content_item" using gin ("search");`);
    this.addSql(`create index "content_item_job_expiry_idx" on "content_item" ("expires_at") where "type" = 'job' and "status" = 'published';`);
    this.addSql(`create index "content_item_review_idx" on "content_item" ("created_at", "id") where "status" = 'pending-review' and "deleted_at" is null;`);
    this.addSql(`create table "comment" (
      "id" uuid primary key,
      "item_id" uuid not null references "content_item" ("id") on delete cascade deferrable initially deferred,
      "author_id" uuid not null,
      "body" text not null,
      "body_html" text not null,
      "visibility" text not null default 'visible',
      "visibility_version" integer not null default 0,
      "created_at" timestamptz not null,
      "deleted_at" timestamptz null
    );`);
    this.addSql(`create index "comment_item_idx" on "comment" ("item_id", "created_at", "id");`);
    this.addSql(`create index "comment_author_idx" on "comment" ("author_id");`);
    this.addSql(`create table "reaction" (
      "item_id" uuid not null references "content_item" ("id") on delete cascade deferrable initially deferred,
      "account_id" uuid not null,
      "kind" text not null check ("kind" in ('like','insightful','support')),
      "created_at" timestamptz not null default now(),
      primary key ("item_id", "account_id", "kind")
    );`);
    this.addSql(`create index "reaction_account_idx" on "reaction" ("account_id");`);
    this.addSql(`create table "event_registration" (
      "event_id" uuid not null references "content_item" ("id") on delete cascade deferrable initially deferred,
      "account_id" uuid not null,
      "status" text not null check ("status" in ('registered','waitlisted')),
      "created_at" timestamptz not null,
      primary key ("event_id", "account_id")
    );`);
    this.addSql(`create index "event_registration_queue_idx" on "event_registration" ("event_id", "status", "created_at");`);
    this.addSql(`create index "event_registration_account_idx" on "event_registration" ("account_id");`);
    this.addSql(`create table "stored_file" (
      "item_id" uuid primary key references "content_item" ("id") on delete cascade deferrable initially deferred,
      "storage_key" text not null,
      "filename" text not null,
      "content_type" text not null,
      "size" integer not null,
      "sha256" text not null,
      "created_at" timestamptz not null
    );`);
    // MinHash LSH bands of blogs and publications, to find near-duplicates by someone else.
    this.addSql(`create table "similarity_band" (
      "band" text not null,
      "item_id" uuid not null references "content_item" ("id") on delete cascade deferrable initially deferred,
      primary key ("band", "item_id")
    );`);
    this.addSql(`create index "similarity_band_item_idx" on "similarity_band" ("item_id");`);
    this.addSql(`create table "similarity_signature" (
      "item_id" uuid primary key references "content_item" ("id") on delete cascade deferrable initially deferred,
      "signature" integer[] not null
    );`);
    // Sanctions on authors as trust-safety announced them: her open jobs and events stay frozen while a
    // suspension or expulsion of hers is in force. A lifted sanction keeps its row (lifted_at), so an
    // "imposed" event that arrives after its "lifted" (they travel on different consumers) changes nothing.
    this.addSql(`create table "sanction" (
      "sanction_id" uuid primary key,
      "account_id" uuid not null,
      "kind" text not null,
      "ends_at" timestamptz null,
      "lifted_at" timestamptz null
    );`);
    this.addSql(`create index "sanction_in_force_idx" on "sanction" ("account_id") where "lifted_at" is null;`);
    this.addSql(`create index "content_item_frozen_idx" on "content_item" ("author_id") where "frozen";`);
    // Authors whose organisation is verified post jobs without review (filled by the verification issue's events).
    this.addSql(`create table "verified_poster" (
      "account_id" uuid not null,
      "organization_key" text not null,
      primary key ("account_id", "organization_key")
    );`);
    this.addSql(`create table "report" (
      "id" uuid primary key,
      "reporter_id" uuid null,
      "subject_type" text not null,
      "subject_id" uuid not null,
      "subject_author_id" uuid null,
      "guideline" text not null,
      "details" text null,
      "snapshot" jsonb not null,
      "signals" jsonb not null default '[]',
      "status" text not null default 'received' check ("status" in ('received','in-review','actioned','no-violation')),
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create unique index "report_once_per_member_idx" on "report" ("reporter_id", "subject_type", "subject_id") where "reporter_id" is not null;`);
    this.addSql(`create unique index "report_once_per_detector_idx" on "report" ("subject_type", "subject_id", ("signals"->0->>'detector')) where "reporter_id" is null;`);
    this.addSql(`create index "report_reporter_idx" on "report" ("reporter_id", "created_at" desc, "id" desc);`);
    this.addSql(`create index "report_subject_idx" on "report" ("subject_type", "subject_id");`);
  }
}
