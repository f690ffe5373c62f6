import { Migration } from '@mikro-orm/migrations';

/** A run keeps the bound it proved on the best total (matching-bound.ts); older runs have none. */
export class MatchingBoundMigration extends Migration {
  override up(): void {
    this.addSql('alter table "matching_run" add column "quality_bound" double precision null;');
  }
}
