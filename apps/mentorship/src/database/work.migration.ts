import { Migration } from '@mikro-orm/migrations';

export class MentorshipWorkMigration extends Migration {
  override up(): void {
    this.addSql(`create table "mentorship_goal" (
      "id" uuid primary key, "mentorship_id" uuid not null references "mentorship" ("id"),
      "title" text not null, "progress" integer not null check ("progress" between 0 and 100),
      "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "mentorship_goal_idx" on "mentorship_goal" ("mentorship_id", "created_at");`);
    this.addSql(`create table "mentorship_session" (
      "id" uuid primary key, "mentorship_id" uuid not null references "mentorship" ("id"),
      "held_at" timestamptz not null, "duration_minutes" integer not null, "notes" text not null, "logged_by" uuid not null);`);
    this.addSql(`create index "mentorship_session_idx" on "mentorship_session" ("mentorship_id", "held_at" desc);`);
    this.addSql(`create table "mentorship_task" (
      "id" uuid primary key, "mentorship_id" uuid not null references "mentorship" ("id"),
      "title" text not null, "due_at" timestamptz null, "done" boolean not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "mentorship_task_idx" on "mentorship_task" ("mentorship_id", "created_at");`);
    this.addSql(`create table "mentorship_feedback" (
      "mentorship_id" uuid not null references "mentorship" ("id"), "author_id" uuid not null,
      "rating" integer not null check ("rating" between 1 and 5), "text" text not null, "given_at" timestamptz not null,
      primary key ("mentorship_id", "author_id"));`);
  }
}
