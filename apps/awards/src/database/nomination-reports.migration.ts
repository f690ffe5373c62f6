import { Migration } from '@mikro-orm/migrations';

/**
 * Reports on nominations (`POST /reports`, subject type `nomination`): one per member per nomination,
 * with the status trust-safety moves on, so that her `GET /me/reports` reads it. The reporter's id goes
 * (null) when she deletes her account; the report stays with its case. A nomination trust-safety hid
 * (pending review) or removed is paused, like one whose nominator or nominee is suspended, until it is
 * made visible again; `visibility_version` keeps a late, older decision from undoing a newer one.
 */
export class NominationReportsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "nomination_report" (
      "id" uuid primary key,
      "nomination_id" uuid not null references "nomination" ("id"),
      "reporter_id" uuid null,
      "guideline" text not null,
      "details" text null,
      "status" text not null default 'received' check ("status" in ('received','in-review','actioned','no-violation')),
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create unique index "nomination_report_once_idx" on "nomination_report" ("nomination_id", "reporter_id");`);
    this.addSql(`create index "nomination_report_reporter_idx" on "nomination_report" ("reporter_id", "created_at" desc, "id" desc);`);
    this.addSql(`alter table "nomination"
      add column "moderation_visibility" text not null default 'visible' check ("moderation_visibility" in ('visible','hidden','removed')),
      add column "visibility_version" integer not null default 0;`);
  }
}
