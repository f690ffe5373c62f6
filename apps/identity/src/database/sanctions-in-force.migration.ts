import { Migration } from '@mikro-orm/migrations';

/**
 * Every suspension and expulsion from trust-safety that applies to an account, so that lifting one
 * (an appeal overturned) leaves the account under the next one still in force, not active.
 */
export class SanctionsInForceMigration extends Migration {
  override up(): void {
    this.addSql(`create table "sanction_in_force" (
      "sanction_id" uuid primary key,
      "account_id" uuid not null,
      "kind" text not null check ("kind" in ('suspension','expulsion')),
      "ends_at" timestamptz null,
      "reason" jsonb not null,
      "imposed_at" timestamptz not null
    );`);
    this.addSql(`create index "sanction_in_force_account_idx" on "sanction_in_force" ("account_id");`);
    // The sanctions already applied: the one an account is under now is in force.
    this.addSql(`insert into "sanction_in_force" ("sanction_id", "account_id", "kind", "ends_at", "reason", "imposed_at")
      select ("status_reason"->>'sanctionId')::uuid, "id", case "status" when 'expelled' then 'expulsion' else 'suspension' end, "status_until", "status_reason", "updated_at"
        from "account" where "status" <> 'active' and "status_reason" ? 'sanctionId' and "deleted_at" is null
      on conflict do nothing;`);
  }
}
