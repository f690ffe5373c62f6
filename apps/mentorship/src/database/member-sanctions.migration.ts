import { Migration } from '@mikro-orm/migrations';

/**
 * Every sanction trust-safety announced about a member, lifted ones too. Its "imposed" and "lifted"
 * events travel on different consumers, so a lift can arrive first (or an "imposed" be redelivered
 * after it); remembering the lift keeps the late "imposed" from pausing her mentoring for good.
 * `member.sanctions` stays the list of those in force.
 */
export class MemberSanctionsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "member_sanction" (
      "sanction_id" uuid primary key,
      "account_id" uuid not null,
      "kind" text not null,
      "ends_at" timestamptz null,
      "lifted_at" timestamptz null
    );`);
    this.addSql(`create index "member_sanction_account_idx" on "member_sanction" ("account_id");`);
  }
}
