import { Migration } from '@mikro-orm/migrations';

export class ProgrammesMigration extends Migration {
  override up(): void {
    this.addSql(`create table "programme" (
      "id" uuid primary key, "name" text not null, "description" text not null,
      "applications_open_at" timestamptz not null, "applications_close_at" timestamptz not null,
      "created_by" uuid not null, "created_at" timestamptz not null,
      check ("applications_close_at" > "applications_open_at"));`);
    this.addSql(`create table "programme_application" (
      "programme_id" uuid not null references "programme" ("id"), "account_id" uuid not null,
      "role" text not null check ("role" in ('mentor','mentee')), "applied_at" timestamptz not null,
      primary key ("programme_id", "account_id", "role"));`);
    this.addSql(`create table "matching_run" (
      "id" uuid primary key, "programme_id" uuid not null references "programme" ("id"),
      "status" text not null check ("status" in ('proposed','published')), "method" text not null,
      "total_score" double precision not null, "greedy_score" double precision not null,
      "proposals" jsonb not null, "unmatched" jsonb not null,
      "created_by" uuid not null, "created_at" timestamptz not null, "published_at" timestamptz null);`);
    this.addSql(`create index "matching_run_programme_idx" on "matching_run" ("programme_id", "created_at" desc);`);
  }
}
