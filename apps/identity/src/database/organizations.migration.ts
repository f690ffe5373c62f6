import { Migration } from '@mikro-orm/migrations';

/** Organisations asking to be verified, the members allowed to post for them, and one access log for every document view. */
export class OrganizationsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "organization" (
      "id" uuid primary key,
      "name" text not null,
      "country" text not null,
      "registration_number" text not null,
      "website" text not null,
      "email_domain" text not null,
      "contact_email" text null,
      "status" text not null check ("status" in ('awaiting-email','submitted','in-review','approved','rejected')),
      "requested_by" uuid not null,
      "code_hash" text null,
      "code_expires_at" timestamptz null,
      "code_attempts" integer not null default 0,
      "code_sent_at" timestamptz null,
      "email_confirmed_at" timestamptz null,
      "files" jsonb null,
      "reason" text null,
      "assignee" uuid null,
      "claimed_at" timestamptz null,
      "decided_by" uuid null,
      "decided_at" timestamptz null,
      "submitted_at" timestamptz not null,
      "updated_at" timestamptz not null
    );`);
    // One verified organisation per registration number and country; one open request per member for it.
    this.addSql(`create unique index "organization_verified_idx" on "organization" ("country", lower("registration_number")) where "status" = 'approved';`);
    this.addSql(`create index "organization_queue_idx" on "organization" ("status", "submitted_at", "id");`);
    this.addSql(`create table "organization_member" (
      "organization_id" uuid not null references "organization" ("id"),
      "account_id" uuid not null,
      "added_by" uuid not null,
      "added_at" timestamptz not null,
      primary key ("organization_id", "account_id")
    );`);
    this.addSql(`create index "organization_member_account_idx" on "organization_member" ("account_id");`);
    // Views of organisation documents go to the same log as identity documents.
    this.addSql(`alter table "verification_access" drop constraint if exists "verification_access_request_id_fkey";`);
    this.addSql(`alter table "verification_access" add column "kind" text not null default 'identity' check ("kind" in ('identity','organization'));`);
  }
}
