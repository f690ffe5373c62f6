import { Migration } from '@mikro-orm/migrations';

/** Muting: who she no longer wants to hear from (only she knows). */
export class MutesMigration extends Migration {
  override up(): void {
    this.addSql(`create table "mute" (
      "muter_id" uuid not null,
      "muted_id" uuid not null,
      "created_at" timestamptz not null,
      primary key ("muter_id", "muted_id")
    );`);
    this.addSql('create index "mute_muted_idx" on "mute" ("muted_id");');
    this.addSql('create index "mute_list_idx" on "mute" ("muter_id", "created_at" desc, "muted_id" desc);');
  }
}
