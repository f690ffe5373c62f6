import { Migration } from '@mikro-orm/migrations';

/**
 * Identity verification: requests, the files of each (until it is decided), every view of a file,
 * uploads not yet tied to a request (purged when abandoned), the documents' encryption key, and the
 * verification an account holds.
 */
export class VerificationMigration extends Migration {
  override up(): void {
    this.addSql(`create table "verification_request" (
      "id" uuid primary key,
      "account_id" uuid not null,
      "kind" text not null default 'identity' check ("kind" in ('identity')),
      "status" text not null check ("status" in ('submitted','in-review','approved','rejected','resubmission-requested','expired')),
      "document_type" text not null,
      "legal_name" text null,
      "document_number_last4" text not null,
      "files" jsonb null,
      "resubmissions" integer not null default 0,
      "reason" text null,
      "assignee" uuid null,
      "claimed_at" timestamptz null,
      "decided_by" uuid null,
      "decided_at" timestamptz null,
      "submitted_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "expires_at" timestamptz not null
    );`);
    // One open request per member.
    this.addSql(`create unique index "verification_request_open_idx" on "verification_request" ("account_id") where "status" in ('submitted','in-review','resubmission-requested');`);
    this.addSql(`create index "verification_request_queue_idx" on "verification_request" ("status", "submitted_at", "id");`);
    this.addSql(`create index "verification_request_account_idx" on "verification_request" ("account_id", "submitted_at" desc);`);
    this.addSql(`create index "verification_request_expiry_idx" on "verification_request" ("expires_at") where "status" in ('submitted','in-review','resubmission-requested');`);
    this.addSql(`create table "verification_access" (
      "id" uuid primary key,
      "request_id" uuid not null references "verification_request" ("id"),
      "verifier_id" uuid not null,
      "slot" text not null,
      "at" timestamptz not null
    );`);
    this.addSql(`create index "verification_access_request_idx" on "verification_access" ("request_id", "at");`);
    this.addSql(`create table "pending_upload" (
      "storage_key" text primary key,
      "created_at" timestamptz not null
    );`);
    this.addSql(`create table "document_key" ("id" integer primary key check ("id" = 1), "key" bytea not null);`);
    // Set while her identity is verified; cleared when she changes her legal name.
    this.addSql(`alter table "account" add column "identity_verified_at" timestamptz null;`);
  }
}
