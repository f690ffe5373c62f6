import { Migration } from '@mikro-orm/migrations';

/** Verified posters now come from identity's organisation events: each row names the organisation it came from. */
export class OrganizationPostersMigration extends Migration {
  override up(): void {
    this.addSql(`alter table "verified_poster" add column "organization_id" uuid null;`);
    this.addSql(`create index "verified_poster_organization_idx" on "verified_poster" ("organization_id");`);
  }
}
