import { Migration } from '@mikro-orm/migrations';

/** Direct messages: conversations, who is in each (her folder, what she has read), messages, attachments. */
export class ConversationsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "conversation" (
      "id" uuid primary key,
      "starter_id" uuid not null,
      "opened_as_request" boolean not null,
      "created_at" timestamptz not null,
      "last_message_at" timestamptz not null
    );`);
    // First contacts are counted per sender over a day.
    this.addSql('create index "conversation_first_contacts_idx" on "conversation" ("starter_id", "created_at") where "opened_as_request";');
    this.addSql(`create table "conversation_member" (
      "conversation_id" uuid not null references "conversation" ("id") on delete cascade,
      "member_id" uuid not null,
      "folder" text not null check ("folder" in ('inbox', 'requests')),
      "active" boolean not null default true,
      "joined_at" timestamptz not null,
      "last_read_seq" bigint not null default 0,
      primary key ("conversation_id", "member_id")
    );`);
    this.addSql('create index "conversation_member_mine_idx" on "conversation_member" ("member_id", "folder") where "active";');
    // A conversation is closed while any row names it: one per expulsion of one of its members.
    this.addSql(`create table "conversation_closure" (
      "conversation_id" uuid not null references "conversation" ("id") on delete cascade,
      "sanction_id" uuid not null,
      "member_id" uuid not null,
      "closed_at" timestamptz not null,
      primary key ("conversation_id", "sanction_id")
    );`);
    this.addSql('create index "conversation_closure_sanction_idx" on "conversation_closure" ("sanction_id");');
    this.addSql(`create table "direct_message" (
      "id" uuid primary key,
      "seq" bigint generated always as identity unique,
      "conversation_id" uuid not null references "conversation" ("id") on delete cascade,
      "author_id" uuid null,
      "kind" text not null check ("kind" in ('text', 'note')),
      "body" text not null,
      "visibility" text not null default 'visible' check ("visibility" in ('visible', 'hidden', 'removed')),
      "safety_notice" text null,
      "created_at" timestamptz not null
    );`);
    this.addSql('create index "direct_message_conversation_idx" on "direct_message" ("conversation_id", "seq" desc);');
    // Messages are counted per sender over a minute.
    this.addSql('create index "direct_message_author_idx" on "direct_message" ("author_id", "created_at") where "author_id" is not null;');
    this.addSql(`create table "message_attachment" (
      "id" uuid primary key,
      "conversation_id" uuid not null references "conversation" ("id") on delete cascade,
      "uploader_id" uuid not null,
      "message_id" uuid null references "direct_message" ("id") on delete set null,
      "storage_key" text not null,
      "filename" text not null,
      "content_type" text not null,
      "size" integer not null,
      "sha256" text not null,
      "created_at" timestamptz not null
    );`);
    this.addSql('create index "message_attachment_message_idx" on "message_attachment" ("message_id");');
    this.addSql('create index "message_attachment_conversation_idx" on "message_attachment" ("conversation_id");');
    // The key sealing attachments when ATTACHMENT_KEY is not configured (development), generated once.
    this.addSql(`create table "attachment_key" ("id" integer primary key check ("id" = 1), "key" bytea not null);`);
  }
}
