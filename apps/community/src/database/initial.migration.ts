import { Migration } from '@mikro-orm/migrations';

export class InitialCommunityMigration extends Migration {
  override up(): void {
    this.addSql(`create table "member" (
      "account_id" uuid primary key,
      "display_name" text null,
      "country" text null,
      "verified" boolean not null default false,
      "sanctions" jsonb not null default '[]',
      "updated_at" timestamptz null
    );`);
  }
}
