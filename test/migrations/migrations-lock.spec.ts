/**
 * Every service's migrations against migrations.lock.json: released migrations are never edited, removed
 * or reordered, and a new migration that contracts the schema says why it is safe (test/migrations/migration-rules.ts).
 * After a release, lock what it shipped: `npm run migrations:lock` (adds the new migrations; never rewrites a locked one).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { MESSAGING_MIGRATIONS } from '@weop/persistence';
import { AWARDS_MIGRATIONS } from '../../apps/awards/src/database/migrations';
import { COMMUNITY_MIGRATIONS } from '../../apps/community/src/database/migrations';
import { CONTENT_MIGRATIONS } from '../../apps/content/src/database/migrations';
import { IDENTITY_MIGRATIONS } from '../../apps/identity/src/database/migrations';
import { MENTORSHIP_MIGRATIONS } from '../../apps/mentorship/src/database/migrations';
import { TRUST_SAFETY_MIGRATIONS } from '../../apps/trust-safety/src/database/migrations';
import { destructiveStatements, lockOf, lockProblems, unannotatedDestructive } from './migration-rules';
import type { MigrationsLock } from './migration-rules';

const LOCK = join(__dirname, '..', '..', 'migrations.lock.json');

/** What runs on each service's database, in order (serviceOrmConfig puts the messaging tables first). */
const SERVICES: Record<string, MigrationObject[]> = {
  identity: [...MESSAGING_MIGRATIONS, ...IDENTITY_MIGRATIONS],
  content: [...MESSAGING_MIGRATIONS, ...CONTENT_MIGRATIONS],
  'trust-safety': [...MESSAGING_MIGRATIONS, ...TRUST_SAFETY_MIGRATIONS],
  awards: [...MESSAGING_MIGRATIONS, ...AWARDS_MIGRATIONS],
  mentorship: [...MESSAGING_MIGRATIONS, ...MENTORSHIP_MIGRATIONS],
  community: [...MESSAGING_MIGRATIONS, ...COMMUNITY_MIGRATIONS],
};

const readLock = (): MigrationsLock => (existsSync(LOCK) ? (JSON.parse(readFileSync(LOCK, 'utf8')) as { services: MigrationsLock }).services : {});

describe('migrations.lock.json', () => {
  if (process.env.WEOP_UPDATE_MIGRATIONS_LOCK === '1') {
    it('locks every migration there is now (WEOP_UPDATE_MIGRATIONS_LOCK=1), refusing to rewrite an edited one', async () => {
      const lock = readLock();
      const services: MigrationsLock = {};
      for (const [service, migrations] of Object.entries(SERVICES)) {
        const current = await lockOf(migrations);
        expect(lockProblems(service, lock[service] ?? {}, current)).toEqual([]);
        services[service] = current;
      }
      const note = 'Released migrations, by service: a hash of the SQL each runs. Checked by test/migrations/migrations-lock.spec.ts; refresh after a release with `npm run migrations:lock`. Never edit an entry.';
      writeFileSync(LOCK, `${JSON.stringify({ note, services }, null, 2)}\n`);
    });
    return;
  }

  it('covers every service', () => {
    expect(Object.keys(readLock()).sort()).toEqual(Object.keys(SERVICES).sort());
  });

  it.each(Object.keys(SERVICES))("%s: no released migration was edited, removed or moved", async (service) => {
    expect(lockProblems(service, readLock()[service] ?? {}, await lockOf(SERVICES[service]), MESSAGING_MIGRATIONS.map((m) => m.name))).toEqual([]);
  });

  it.each(Object.keys(SERVICES))('%s: migrations newer than the lock only expand the schema, or say why contracting is safe', async (service) => {
    expect(await unannotatedDestructive(service, SERVICES[service], readLock()[service] ?? {})).toEqual([]);
  });
});

describe('the migration rules themselves', () => {
  class AddsTable extends Migration {
    override up(): void {
      this.addSql('create table "note" ("id" uuid primary key, "body" text not null);');
      this.addSql('alter table "member" add column "nickname" text null;');
      this.addSql('alter table "member" add column "level" int not null default 0;');
    }
  }
  class Edited extends Migration {
    override up(): void {
      this.addSql('create table "note" ("id" uuid primary key, "body" text);');
    }
  }
  class Contracts extends Migration {
    override up(): void {
      this.addSql('alter table "member" drop column "nickname";');
    }
  }
  class ContractsSafely extends Contracts {
    static readonly destructiveBecause = 'nickname has not been read since the release that stopped writing it';
  }

  it('fails an edited released migration, telling to add a new one instead', async () => {
    const locked = await lockOf([{ name: 'Migration1_notes', class: AddsTable }]);
    expect(lockProblems('content', locked, await lockOf([{ name: 'Migration1_notes', class: AddsTable }]))).toEqual([]);
    const problems = lockProblems('content', locked, await lockOf([{ name: 'Migration1_notes', class: Edited }]));
    expect(problems).toEqual([expect.stringMatching(/Migration1_notes was released .* its SQL changed\. Never edit a released migration: .* add a new migration/)]);
    // Reformatting is not an edit; removing is one; a new one is fine at the end, not before a released one.
    expect(lockProblems('content', locked, { Migration1_notes: locked.Migration1_notes, Migration2_more: 'sha256:x' })).toEqual([]);
    expect(lockProblems('content', locked, {})).toEqual([expect.stringMatching(/is gone/)]);
    expect(lockProblems('content', locked, { Migration0_early: 'sha256:x', Migration1_notes: locked.Migration1_notes })).toEqual([expect.stringMatching(/Migration0_early is new but listed before a released migration/)]);
    // A new shared (outbox/inbox) migration goes at the end of the shared list, which comes before the service's own.
    const withShared = { Shared0_tables: 'sha256:s', Migration1_notes: locked.Migration1_notes };
    expect(lockProblems('content', withShared, { Shared0_tables: 'sha256:s', Shared1_index: 'sha256:y', Migration1_notes: locked.Migration1_notes }, ['Shared0_tables', 'Shared1_index'])).toEqual([]);
    expect(lockProblems('content', withShared, { Shared1_index: 'sha256:y', Shared0_tables: 'sha256:s', Migration1_notes: locked.Migration1_notes }, ['Shared0_tables', 'Shared1_index'])).toEqual([expect.stringMatching(/Shared1_index is new but listed before/)]);
  });

  it('flags dropping, renaming and NOT NULL without a default in a new migration, unless annotated', async () => {
    expect(destructiveStatements([
      'alter table "a" drop column "b";',
      'drop table "a";',
      'alter table "a" drop "b";',
      'alter table "a" rename column "b" to "c";',
      'alter table "a" rename to "b";',
      'alter table "a" alter column "b" set not null;',
      'alter table "a" add column "b" text not null;',
    ])).toHaveLength(7);
    expect(destructiveStatements([
      'create table "a" ("b" text not null);',
      'alter table "a" add column "b" text not null default \'\';',
      'alter table "a" alter column "b" set default 0, alter column "b" set not null;',
      'alter table "a" drop constraint "a_b_check";',
      'drop index "a_b_idx";',
      'drop trigger if exists "t" on "a";',
      'create index "a_b_idx" on "a" ("b"); -- never drop column here',
    ])).toEqual([]);
    expect(await unannotatedDestructive('community', [{ name: 'Migration9_contract', class: Contracts }], {})).toEqual([expect.stringMatching(/Migration9_contract contracts the schema .*drop column.*destructiveBecause/)]);
    expect(await unannotatedDestructive('community', [{ name: 'Migration9_contract', class: ContractsSafely }], {})).toEqual([]);
    // A released one is not judged again.
    expect(await unannotatedDestructive('community', [{ name: 'Migration9_contract', class: Contracts }], { Migration9_contract: 'sha256:x' })).toEqual([]);
  });
});
