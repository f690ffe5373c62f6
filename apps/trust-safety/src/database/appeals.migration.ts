import { Migration } from '@mikro-orm/migrations';

/**
 * Appeals, claims, auto-hide, reporters' track records, authors' countries and the sanction ladder's
 * inputs. Reporter pseudonyms are kept with each report, so a reporter who deletes her account stays
 * the same pseudonym in the case while her id is erased.
 */
export class AppealsMigration extends Migration {
  override up(): void {
    this.addSql(`alter table "moderation_case"
      add column "author_country" text null,
      add column "hidden" boolean not null default false,
      add column "weighted_reports" real not null default 0;`);
    this.addSql(`create index "moderation_case_author_idx" on "moderation_case" ("author_id");`);
    this.addSql(`create index "moderation_case_opened_idx" on "moderation_case" ("opened_at");`);
    this.addSql(`alter table "case_report"
      add column "reporter_pseudonym" text null,
      add column "weight" real not null default 1,
      add column "muted" boolean not null default false;`);
    this.addSql(`create index "case_report_filed_idx" on "case_report" ("filed_at");`);
    // Authors' countries, from identity's profile events: queues and statistics by member country.
    this.addSql(`create table "member" (
      "account_id" uuid primary key,
      "country" text not null,
      "updated_at" timestamptz not null
    );`);
    // How a reporter's earlier reports ended: weighs her next ones, and mutes her for a while when they keep being dismissed.
    this.addSql(`create table "reporter_standing" (
      "reporter_id" uuid primary key,
      "upheld" integer not null default 0,
      "dismissed" integer not null default 0,
      "muted_until" timestamptz null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`alter table "sanction" add column "automated" boolean not null default false;`);
    this.addSql(`create index "sanction_expiry_idx" on "sanction" ("ends_at") where "lifted_at" is null and "kind" = 'suspension';`);
    this.addSql(`create index "decision_decided_at_idx" on "decision" ("decided_at");`);
    this.addSql(`create table "appeal" (
      "id" uuid primary key,
      "sanction_id" uuid not null unique references "sanction" ("id"),
      "account_id" uuid not null,
      "case_id" uuid not null,
      "text" text not null,
      "status" text not null default 'open' check ("status" in ('open','upheld','overturned')),
      "filed_at" timestamptz not null,
      "decided_by" uuid null,
      "decided_at" timestamptz null,
      "statement" text null
    );`);
    this.addSql(`create index "appeal_queue_idx" on "appeal" ("status", "filed_at", "id");`);
    this.addSql(`create index "appeal_account_idx" on "appeal" ("account_id");`);
  }
}
