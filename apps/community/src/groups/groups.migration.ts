import { Migration } from '@mikro-orm/migrations';

export class GroupsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "community_group" (
      "id" uuid primary key,
      "name" text not null,
      "description" text not null,
      "visibility" text not null check ("visibility" in ('public', 'invite-only')),
      "owner_id" uuid not null,
      "created_at" timestamptz not null,
      "moderation" text not null default 'visible' check ("moderation" in ('visible', 'hidden', 'removed'))
    );`);
    this.addSql('create index "community_group_listing_idx" on "community_group" ("created_at" desc, "id" desc) where "moderation" = \'visible\';');
    this.addSql(`create table "group_member" (
      "group_id" uuid not null references "community_group" ("id") on delete cascade,
      "member_id" uuid not null,
      "role" text not null check ("role" in ('owner', 'moderator', 'member')),
      "joined_at" timestamptz not null,
      primary key ("group_id", "member_id")
    );`);
    this.addSql('create index "group_member_member_idx" on "group_member" ("member_id");');
    this.addSql(`create table "group_ban" (
      "group_id" uuid not null references "community_group" ("id") on delete cascade,
      "member_id" uuid not null,
      "banned_by" uuid not null,
      "banned_at" timestamptz not null,
      primary key ("group_id", "member_id")
    );`);
    this.addSql(`create table "group_invitation" (
      "id" uuid primary key,
      "group_id" uuid not null references "community_group" ("id") on delete cascade,
      "member_id" uuid not null,
      "invited_by" uuid not null,
      "status" text not null check ("status" in ('pending', 'accepted', 'declined')),
      "created_at" timestamptz not null,
      "answered_at" timestamptz null
    );`);
    this.addSql('create unique index "group_invitation_pending_uq" on "group_invitation" ("group_id", "member_id") where "status" = \'pending\';');
    this.addSql('create index "group_invitation_member_idx" on "group_invitation" ("member_id", "created_at" desc);');
    this.addSql(`create table "group_thread" (
      "id" uuid primary key,
      "group_id" uuid not null references "community_group" ("id") on delete cascade,
      "author_id" uuid not null,
      "title" text not null,
      "post_count" integer not null,
      "created_at" timestamptz not null,
      "last_post_at" timestamptz not null,
      "locked_at" timestamptz null,
      "locked_by" uuid null,
      "deleted_at" timestamptz null,
      "deleted_by" uuid null
    );`);
    this.addSql('create index "group_thread_activity_idx" on "group_thread" ("group_id", "last_post_at" desc, "id" desc) where "deleted_at" is null;');
    this.addSql(`create table "group_post" (
      "id" uuid primary key,
      "thread_id" uuid not null references "group_thread" ("id") on delete cascade,
      "group_id" uuid not null,
      "author_id" uuid not null,
      "text" text not null,
      "created_at" timestamptz not null,
      "deleted_at" timestamptz null,
      "deleted_by" uuid null,
      "deleted_as" text null check ("deleted_as" in ('author', 'moderator'))
    );`);
    this.addSql('create index "group_post_thread_idx" on "group_post" ("thread_id", "created_at", "id");');
    this.addSql(`create table "group_file" (
      "id" uuid primary key,
      "group_id" uuid not null references "community_group" ("id") on delete cascade,
      "uploader_id" uuid not null,
      "storage_key" text not null,
      "filename" text not null,
      "content_type" text not null,
      "size" integer not null,
      "sha256" text not null,
      "created_at" timestamptz not null
    );`);
    this.addSql('create index "group_file_group_idx" on "group_file" ("group_id", "created_at" desc, "id" desc);');
    // The key that seals group files at rest when GROUP_FILES_KEY is not configured.
    this.addSql('create table "group_files_key" ("id" integer primary key check ("id" = 1), "key" bytea not null);');
  }
}
