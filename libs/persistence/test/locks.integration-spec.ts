/**
 * `lockUntilCommit` (libs/persistence/src/locks.ts) against the real PostgreSQL: two transactions that take the
 * same name run one after the other, different names do not wait for each other, and outside a transaction
 * it refuses rather than guard nothing.
 */
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/core';
import { lockUntilCommit, serviceOrmConfig, sql } from '@weop/persistence';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';

describe('lockUntilCommit', () => {
  let scope: SuiteScope;
  let orm: MikroORM;

  beforeAll(async () => {
    scope = await suiteScope('locks');
    orm = await MikroORM.init(serviceOrmConfig({ url: await scope.database('locks'), entities: [], migrations: [], poolMax: 4 }));
  });
  afterAll(async () => {
    await orm?.close(true);
    await scope.cleanup();
  });

  /**
   * A transaction that takes `name`, notes when it got it, and holds it until `release()` is called (at once
   * when `holds` is false).
   */
  function holder(name: string, events: string[], label: string, holds = true): { taken: Promise<void>; done: Promise<void>; release: () => void } {
    let taken!: () => void;
    let release!: () => void;
    const takenPromise = new Promise<void>((resolve) => (taken = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    if (!holds) release();
    const done = orm.em.fork().transactional(async (em: EntityManager) => {
      await lockUntilCommit(em, name);
      events.push(`${label} has it`);
      taken();
      await released;
      events.push(`${label} commits`);
    });
    return { taken: takenPromise, done, release };
  }

  it('makes a second transaction taking the same name wait until the first has committed', async () => {
    const events: string[] = [];
    const first = holder('test.same', events, 'first');
    await first.taken;
    const second = holder('test.same', events, 'second', false);
    // The second is waiting in PostgreSQL: it has not got the lock while the first holds it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual(['first has it']);
    first.release();
    await Promise.all([first.done, second.done]);
    expect(events).toEqual(['first has it', 'first commits', 'second has it', 'second commits']);
  });

  it('lets transactions taking different names run at the same time', async () => {
    const events: string[] = [];
    const first = holder('test.one', events, 'one');
    await first.taken;
    await holder('test.other', events, 'other', false).done;
    expect(events).toEqual(['one has it', 'other has it', 'other commits']);
    first.release();
    await first.done;
  });

  it('refuses outside a transaction, where the lock would be released as soon as it was taken', async () => {
    await expect(lockUntilCommit(orm.em.fork(), 'test.none')).rejects.toThrow(/outside a transaction/);
    // Nothing was left held: a transaction takes the name at once.
    await orm.em.fork().transactional((em: EntityManager) => lockUntilCommit(em, 'test.none'));
    expect(await sql(orm.em.fork(), "select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())")).toEqual([{ n: 0 }]);
  });
});
