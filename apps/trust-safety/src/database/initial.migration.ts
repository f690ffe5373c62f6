import { Migration } from '@mikro-orm/migrations';

export class InitialTrustSafetyMigration extends Migration {
  override up(): void {
    this.addSql(`create table "moderation_case" (
      "id" uuid primary key,
      "subject_type" text not null,
      "subject_id" uuid not null,
      "author_id" uuid null,
      "snapshot" jsonb not null,
      "guidelines" text[] not null default '{}',
      "report_count" integer not null default 0,
      "reporter_count" integer not null default 0,
      "priority" integer not null default 0,
      "safety_lane" boolean not null default false,
      "status" text not null default 'open' check ("status" in ('open','decided','dismissed')),
      "assignee" uuid null,
      "claimed_at" timestamptz null,
      "opened_at" timestamptz not null,
      "updated_at" timestamptz not null
    );`);
    // One open case per subject: further reports join it.
    this.addSql(`create unique index "moderation_case_open_subject_idx" on "moderation_case" ("subject_type", "subject_id") where "status" = 'open';`);
    this.addSql(`create index "moderation_case_queue_idx" on "moderation_case" ("status", "priority" desc, "opened_at", "id");`);
    this.addSql(`create table "case_report" (
      "id" uuid primary key,
      "case_id" uuid not null references "moderation_case" ("id") deferrable initially deferred,
      "producer" text not null,
      "reporter_id" uuid null,
      "guideline" text not null,
      "details" text null,
      "signals" jsonb not null default '[]',
      "filed_at" timestamptz not null
    );`);
    this.addSql(`create index "case_report_case_idx" on "case_report" ("case_id", "filed_at");`);
    this.addSql(`create index "case_report_reporter_idx" on "case_report" ("reporter_id");`);
    // Append-only: every event of a case, with who and when. Nothing here is updated in place.
    this.addSql(`create table "case_event" (
      "id" uuid primary key,
      "case_id" uuid not null references "moderation_case" ("id") deferrable initially deferred,
      "kind" text not null,
      "actor" text null,
      "data" jsonb not null default '{}',
      "at" timestamptz not null,
      "seq" bigserial not null
    );`);
    this.addSql(`create index "case_event_case_idx" on "case_event" ("case_id", "seq");`);
    this.addSql(`create rule "case_event_no_update" as on update to "case_event" do instead nothing;`);
    this.addSql(`create rule "case_event_no_delete" as on delete to "case_event" do instead nothing;`);
    // The key reporters' pseudonyms are made with: generated once, never leaves the database.
    this.addSql(`create table "pseudonym_key" ("id" integer primary key check ("id" = 1), "key" bytea not null);`);
  }
}
