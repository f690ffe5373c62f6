import { Migration } from '@mikro-orm/migrations';

export class DecisionsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "decision" (
      "id" uuid primary key,
      "case_id" uuid not null references "moderation_case" ("id") deferrable initially deferred,
      "moderator_id" uuid not null,
      "action" text not null,
      "guideline" text not null,
      "statement" text not null,
      "duration_days" integer null,
      "remove_content" boolean not null,
      "sanction_id" uuid null,
      "decided_at" timestamptz not null
    );`);
    this.addSql(`create index "decision_case_idx" on "decision" ("case_id");`);
    this.addSql(`create table "sanction" (
      "id" uuid primary key,
      "account_id" uuid not null,
      "case_id" uuid not null,
      "decision_id" uuid not null,
      "kind" text not null check ("kind" in ('warning','suspension','expulsion')),
      "guideline" text not null,
      "statement" text not null,
      "starts_at" timestamptz not null,
      "ends_at" timestamptz null,
      "appealable_until" timestamptz not null,
      "decided_by" uuid not null,
      "lifted_at" timestamptz null,
      "lift_reason" text null
    );`);
    this.addSql(`create index "sanction_account_idx" on "sanction" ("account_id", "starts_at" desc);`);
    // Each subject's visibility changes carry a growing version, so a late, older one changes nothing downstream.
    this.addSql(`create table "subject_visibility" (
      "subject_type" text not null,
      "subject_id" uuid not null,
      "version" integer not null,
      primary key ("subject_type", "subject_id")
    );`);
  }
}
