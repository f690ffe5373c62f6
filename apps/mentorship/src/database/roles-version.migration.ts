import { Migration } from '@mikro-orm/migrations';

export class RolesVersionMigration extends Migration {
  override up(): void {
    // identity's change counter of her roles: a late, older roles event changes nothing.
    this.addSql(`alter table "member" add column "roles_version" integer not null default 0;`);
  }
}
