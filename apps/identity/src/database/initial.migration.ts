import { Migration } from '@mikro-orm/migrations';

export class InitialIdentityMigration extends Migration {
  override up(): void {
    this.addSql(`create table "account" (
      "id" uuid primary key,
      "email" text not null,
      "email_normalized" text not null unique,
      "password_hash" text not null,
      "status" text not null default 'active' check ("status" in ('active','suspended','expelled')),
      "status_until" timestamptz null,
      "status_reason" jsonb null,
      "version" integer not null default 1,
      "roles" text[] not null default '{member}',
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "deleted_at" timestamptz null
    );`);
    this.addSql(`create index "account_suspension_ends_idx" on "account" ("status_until") where "status" = 'suspended';`);
    this.addSql(`create index "account_restricted_idx" on "account" ("id") where "status" <> 'active' or "roles" <> '{member}';`);
    this.addSql(`create table "account_status_change" (
      "id" uuid primary key,
      "account_id" uuid not null references "account" ("id") deferrable initially deferred,
      "status" text not null,
      "until" timestamptz null,
      "reason" jsonb null,
      "changed_by" uuid null,
      "changed_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "account_status_change_account_idx" on "account_status_change" ("account_id", "changed_at");`);
    this.addSql(`create table "profile" (
      "account_id" uuid primary key references "account" ("id") on delete cascade deferrable initially deferred,
      "full_name" text not null,
      "display_name" text not null,
      "show_legal_name" boolean not null default false,
      "listed_in_directory" boolean not null default false,
      "country" text not null,
      "city" text null,
      "organization" text null,
      "bio" text not null default '',
      "languages" text[] not null default '{}',
      "expertise" text[] not null default '{}',
      "photo_key" text null,
      "photo_content_type" text null,
      "updated_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "session" (
      "id" uuid primary key,
      "account_id" uuid not null references "account" ("id") on delete cascade deferrable initially deferred,
      "created_at" timestamptz not null,
      "last_used_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "revoked_reason" text null,
      "user_agent" text null,
      "address" text null
    );`);
    this.addSql(`create index "session_account_id_index" on "session" ("account_id");`);
    this.addSql(`create table "refresh_token" (
      "token_hash" text primary key,
      "session_id" uuid not null references "session" ("id") on delete cascade deferrable initially deferred,
      "created_at" timestamptz not null,
      "spent_at" timestamptz null
    );`);
    this.addSql(`create index "refresh_token_session_id_index" on "refresh_token" ("session_id");`);
    this.addSql(`create table "signing_key" (
      "kid" text primary key,
      "private_key_pem" text not null,
      "public_key_pem" text not null,
      "created_at" timestamptz not null,
      "retired_at" timestamptz null
    );`);
    this.addSql(`create table "login_throttle" (
      "key" text primary key,
      "failures" integer not null,
      "window_started_at" timestamptz not null,
      "blocked_until" timestamptz null
    );`);
  }
}
