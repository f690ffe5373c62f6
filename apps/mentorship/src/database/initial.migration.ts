import { Migration } from '@mikro-orm/migrations';

export class InitialMentorshipMigration extends Migration {
  override up(): void {
    this.addSql(`create table "mentor_profile" (
      "account_id" uuid primary key,
      "expertise" text[] not null,
      "languages" text[] not null,
      "countries" text[] not null,
      "time_zone" text not null,
      "capacity" integer not null check ("capacity" between 1 and 20),
      "available" boolean not null,
      "industries" text[] not null default '{}',
      "gender" text not null default 'undisclosed',
      "bio" text not null default '',
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create table "mentee_profile" (
      "account_id" uuid primary key,
      "goals" text[] not null,
      "expertise" text[] not null,
      "languages" text[] not null,
      "time_zone" text not null,
      "preferences" jsonb not null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create table "member" (
      "account_id" uuid primary key,
      "country" text null,
      "verified" boolean not null default false,
      "sanctions" text[] not null default '{}',
      "updated_at" timestamptz null
    );`);
    this.addSql(`create table "mentorship_request" (
      "id" uuid primary key,
      "mentee_id" uuid not null,
      "mentor_id" uuid not null,
      "message" text not null,
      "goals" text[] not null default '{}',
      "status" text not null check ("status" in ('pending','accepted','declined','withdrawn','expired','paused')),
      "decline_reason" text null,
      "decline_note" text null,
      "mentorship_id" uuid null,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "answered_at" timestamptz null,
      "paused_at" timestamptz null
    );`);
    // No second open request to the same mentor, even when two arrive at once.
    this.addSql(`create unique index "mentorship_request_open_idx" on "mentorship_request" ("mentee_id", "mentor_id") where "status" in ('pending','paused');`);
    this.addSql(`create index "mentorship_request_mentor_idx" on "mentorship_request" ("mentor_id", "status", "created_at" desc);`);
    this.addSql(`create index "mentorship_request_mentee_idx" on "mentorship_request" ("mentee_id", "created_at" desc);`);
    this.addSql(`create index "mentorship_request_expiry_idx" on "mentorship_request" ("expires_at") where "status" = 'pending';`);
    this.addSql(`create table "mentorship" (
      "id" uuid primary key,
      "mentor_id" uuid not null,
      "mentee_id" uuid not null,
      "status" text not null check ("status" in ('active','paused','completed','ended')),
      "request_id" uuid null,
      "programme_id" uuid null,
      "started_at" timestamptz not null,
      "ended_at" timestamptz null,
      "end_reason" text null,
      "end_note" text null,
      "ended_by" uuid null,
      "mentor_note" text null,
      "mentee_note" text null,
      "last_session_at" timestamptz null,
      "reminded_at" timestamptz null
    );`);
    // One live mentorship per pair.
    this.addSql(`create unique index "mentorship_live_pair_idx" on "mentorship" ("mentor_id", "mentee_id") where "status" in ('active','paused');`);
    this.addSql(`create index "mentorship_mentee_idx" on "mentorship" ("mentee_id", "started_at" desc);`);
    this.addSql(`create index "mentorship_mentor_idx" on "mentorship" ("mentor_id", "status");`);
    this.addSql(`create table "notification" (
      "id" uuid primary key,
      "account_id" uuid not null,
      "kind" text not null,
      "text" text not null,
      "link" text not null,
      "created_at" timestamptz not null,
      "read_at" timestamptz null
    );`);
    this.addSql(`create index "notification_account_idx" on "notification" ("account_id", "created_at" desc, "id" desc);`);
  }
}
