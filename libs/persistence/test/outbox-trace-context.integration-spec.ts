/**
 * The trace-context column came after services had databases in use: a database migrated before it
 * (the messaging tables and the service's own migrations done) takes it on its next start.
 */
import { MikroORM } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { serviceOrmConfig } from '@weop/persistence';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';

class ServiceTableMigration extends Migration {
  override up(): void {
    this.addSql('create table "blog_post" ("id" uuid primary key);');
  }
}

const serviceMigrations = [{ name: 'Migration20240101000000_blog_post', class: ServiceTableMigration }];

describe('the outbox trace-context migration', () => {
  let scope: SuiteScope;
  beforeAll(async () => {
    scope = await suiteScope('tracecol');
  });
  afterAll(() => scope.cleanup());

  it('runs on a database migrated before it, after the service\'s own migrations, and only once', async () => {
    const url = await scope.database('content');
    const current = serviceOrmConfig({ url, entities: [], migrations: serviceMigrations, poolMax: 2 });
    // The list as it was before: messaging tables, then the service's.
    const before = { ...current, migrations: { ...current.migrations, migrationsList: current.migrations!.migrationsList!.filter((m) => !m.name.includes('trace_context')) } };
    const old = await MikroORM.init(before);
    await old.getMigrator().up();
    await old.close(true);

    const orm = await MikroORM.init(current);
    try {
      expect((await orm.getMigrator().getPendingMigrations()).map((m) => m.name)).toEqual(['Migration00000000000001_outbox_trace_context']);
      await orm.getMigrator().up();
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
      const columns = await orm.em.fork().getConnection().execute<{ data_type: string }[]>(
        `select data_type from information_schema.columns where table_name = 'outbox_message' and column_name = 'trace_context'`,
      );
      expect(columns).toEqual([{ data_type: 'jsonb' }]);
    } finally {
      await orm.close(true);
    }
  });
});
