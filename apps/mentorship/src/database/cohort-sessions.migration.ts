import { Migration } from '@mikro-orm/migrations';

/**
 * Cohort sessions (issue 7): content's events a programme-admin attaches to a cohort, who attended,
 * the share of sessions a mentee must attend, the certificates issued, and the member's public name
 * (printed on her certificate).
 */
export class CohortSessionsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "content_event" (
      "item_id" uuid primary key,
      "title" text not null,
      "starts_at" timestamptz null,
      "published_at" timestamptz not null
    );`);
    this.addSql(`create table "cohort_session" (
      "programme_id" uuid not null references "programme" ("id"),
      "event_id" uuid not null references "content_event" ("item_id"),
      "kind" text not null check ("kind" in ('training','webinar','workshop')),
      "attached_by" uuid not null,
      "attached_at" timestamptz not null,
      primary key ("programme_id", "event_id")
    );`);
    this.addSql(`create table "session_attendance" (
      "programme_id" uuid not null,
      "event_id" uuid not null,
      "account_id" uuid not null,
      "recorded_by" uuid not null,
      "recorded_at" timestamptz not null,
      primary key ("programme_id", "event_id", "account_id"),
      foreign key ("programme_id", "event_id") references "cohort_session" ("programme_id", "event_id") on delete cascade
    );`);
    this.addSql(`create table "programme_certificate" (
      "id" uuid primary key,
      "programme_id" uuid not null references "programme" ("id"),
      "account_id" uuid not null,
      "issued_at" timestamptz not null,
      unique ("programme_id", "account_id")
    );`);
    this.addSql(`alter table "programme" add column "required_attendance_percent" integer not null default 75 check ("required_attendance_percent" between 0 and 100);`);
    this.addSql(`alter table "member" add column "display_name" text null;`);
  }
}
