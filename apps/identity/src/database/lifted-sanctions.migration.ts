import { Migration } from '@mikro-orm/migrations';

/**
 * Sanctions trust-safety has lifted. Its "imposed" and "lifted" events travel on different consumers,
 * so a lift can arrive first; remembering it keeps the late "imposed" from restricting her again.
 */
export class LiftedSanctionsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "lifted_sanction" ("sanction_id" uuid primary key, "account_id" uuid not null, "lifted_at" timestamptz not null);`);
  }
}
