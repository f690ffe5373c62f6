import { Migration } from '@mikro-orm/migrations';

/**
 * Gender Champions among the members (awards.champion.announced.v1): the badge on her public profile.
 * It belongs to the profile, so deleting her account (which deletes the profile) takes it away.
 */
export class ChampionBadgesMigration extends Migration {
  override up(): void {
    this.addSql(`create table "champion_badge" (
      "champion_id" uuid primary key,
      "account_id" uuid not null references "profile" ("account_id") on delete cascade,
      "year" integer not null,
      "awarded_at" timestamptz not null
    );`);
    this.addSql(`create index "champion_badge_account_idx" on "champion_badge" ("account_id");`);
  }
}
