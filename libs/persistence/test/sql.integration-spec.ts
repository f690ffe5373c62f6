/**
 * `sql`, `write` and `SqlTransaction` (libs/persistence/src/sql.ts) against the real PostgreSQL: values
 * reach the database as bound parameters would, a SqlTransaction commits its first statement, its
 * queries and its queued writes together or not at all, and an ORM transaction sees `sql` in its own.
 */
import { MikroORM } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { SqlTransaction, inline, literal, readTogether, serviceOrmConfig, sql, write } from '@weop/persistence';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';

class NoteTable extends Migration {
  override up(): void {
    this.addSql('create table "note" ("id" int primary key, "body" text, "at" timestamptz, "data" jsonb, "flag" boolean);');
  }
}

describe('sql, write and SqlTransaction', () => {
  let scope: SuiteScope;
  let orm: MikroORM;
  const rows = async (): Promise<{ id: number; body: string | null; at: string | null; data: unknown; flag: boolean | null }[]> =>
    sql(orm.em.fork(), 'select id, body, at, data, flag from note order by id');

  beforeAll(async () => {
    scope = await suiteScope('sqltx');
    orm = await MikroORM.init(serviceOrmConfig({ url: await scope.database('notes'), entities: [], migrations: [{ name: 'Migration20240101000000_note', class: NoteTable }], poolMax: 3 }));
    await orm.getMigrator().up();
  });
  afterAll(async () => {
    await orm?.close(true);
    await scope.cleanup();
  });
  beforeEach(() => sql(orm.em.fork(), 'delete from note'));

  it('refuses to report a commit that PostgreSQL turned into a rollback, when the handler caught a failed statement', async () => {
    const note = 'insert into note (id, body) values ($1, $2)';
    const run = SqlTransaction.run(orm.em.fork(), [{ text: note, values: [1, 'first'] }], async (tx) => {
      // The duplicate fails and aborts the transaction; a handler that swallows it (and queues nothing, so the
      // COMMIT goes alone) must not look committed.
      await tx.query(note, [1, 'again']).catch(() => undefined);
    });
    await expect(run).rejects.toMatchObject({ code: '25P02' });
    expect(await rows()).toEqual([]);
  });

  it('writes a value inlined into a statement exactly as the bound parameter would have been', async () => {
    const tricky = "O'Brien \\ back-slashed; drop table note; -- $1 ¿日本? \u00e9";
    const at = new Date('2026-11-28T10:11:12.345Z');
    await sql(orm.em.fork(), 'insert into note (id, body, at, data, flag) values ($1, $2, $3, $4::jsonb, $5)', [1, tricky, at, JSON.stringify({ q: "it's" }), true]);
    await SqlTransaction.run(orm.em.fork(), [{ text: 'insert into note (id, body, at, data, flag) values ($1, $2, $3, $4::jsonb, $5)', values: [2, tricky, at, JSON.stringify({ q: "it's" }), false] }], async (tx) => {
      tx.later('insert into note (id, body, at, data, flag) values ($1, $2, $3, $4::jsonb, $5)', [3, tricky, at, JSON.stringify({ q: "it's" }), null]);
    });
    const [bound, first, queued] = await rows();
    expect(first).toEqual({ ...bound, id: 2, flag: false });
    expect(queued).toEqual({ ...bound, id: 3, flag: null });
    expect({ ...bound, at: new Date(String(bound.at)) }).toEqual({ id: 1, body: tricky, at, data: { q: "it's" }, flag: true });
  });

  it('commits the first statement, the queries and the queued writes together, the writes after the queries', async () => {
    const seen = await SqlTransaction.run(
      orm.em.fork(),
      [
        { text: 'insert into note (id, body) values ($1, $2) returning id', values: [10, 'first'] },
        // A second first statement sees what the first one wrote (its own snapshot, in the same transaction).
        { text: 'select count(*)::int as n from note where id = $1', values: [10] },
      ],
      async (tx, firstRows) => {
      expect(firstRows).toEqual([[{ id: 10 }], [{ n: 1 }]]);
      await write(tx, 'update note set body = $1 where id = $2', ['queued', 10]);
      // Queued, so not applied yet inside the transaction.
      const inside = await tx.query<{ body: string }>('select body from note where id = $1', [10]);
      // Another connection sees nothing before the commit.
      expect(await rows()).toEqual([]);
      return inside[0].body;
      },
    );
    expect(seen).toBe('first');
    expect((await rows()).map((r) => [r.id, r.body])).toEqual([[10, 'queued']]);
  });

  it('rolls everything back when the work fails, and when a queued write fails at the commit', async () => {
    await expect(
      SqlTransaction.run(orm.em.fork(), [{ text: 'insert into note (id) values ($1)', values: [20] }], async (tx) => {
        await tx.query('insert into note (id) values ($1)', [21]);
        throw new Error('the handler failed');
      }),
    ).rejects.toThrow('the handler failed');
    await expect(
      SqlTransaction.run(orm.em.fork(), [{ text: 'insert into note (id) values ($1)', values: [22] }], async (tx) => {
        tx.later('insert into note (id) values ($1)', [23]);
        tx.later('insert into note (id) values ($1)', [22]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([]);
    // The connections went back to the pool in a usable state.
    await SqlTransaction.run(orm.em.fork(), [{ text: 'insert into note (id) values ($1)', values: [24] }], async () => undefined);
    expect((await rows()).map((r) => r.id)).toEqual([24]);
  });

  it('runs `sql` inside the ORM transaction it is given', async () => {
    await expect(
      orm.em.fork().transactional(async (em) => {
        await sql(em, 'insert into note (id) values ($1)', [30]);
        expect(await sql(em, 'select id from note where id = $1', [30])).toEqual([{ id: 30 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rows()).toEqual([]);
  });

  it('refuses to write what a bound parameter would not carry, before anything is sent', () => {
    expect(() => literal({ a: 1 })).toThrow(TypeError);
    expect(() => literal(Number.NaN)).toThrow(TypeError);
    expect(() => literal(new Date('nope'))).toThrow(TypeError);
    expect(() => inline({ text: 'select $2', values: [1] })).toThrow(RangeError);
    expect(inline({ text: 'select $1, $2, $3', values: [null, 'a\'b', 2] })).toBe("select NULL, 'a''b', '2'");
  });

  describe('readTogether', () => {
    /** A read that takes a while and says when it ran, on the connection the entity manager gives it. */
    const timed = (em: ReturnType<typeof orm.em.fork>, label: string, spans: { label: string; start: number; end: number }[]) => async () => {
      const start = performance.now();
      const [row] = await em.getConnection().execute<{ label: string }[]>('select pg_sleep(0.05), ? as label', [label], 'all', em.getTransactionContext());
      spans.push({ label, start, end: performance.now() });
      return row.label;
    };

    it('runs the reads of a transaction one after another on its one connection, in order, and with no pg warning', async () => {
      const warnings: string[] = [];
      const onWarning = (w: Error): void => void warnings.push(w.message);
      process.on('warning', onWarning);
      try {
        const spans: { label: string; start: number; end: number }[] = [];
        const got = await orm.em.fork().transactional((em) => readTogether(em, [timed(em, 'a', spans), timed(em, 'b', spans), timed(em, 'c', spans)]));
        expect(got).toEqual(['a', 'b', 'c']);
        expect(spans.map((s) => s.label)).toEqual(['a', 'b', 'c']);
        expect(spans[1].start).toBeGreaterThanOrEqual(spans[0].end);
        expect(spans[2].start).toBeGreaterThanOrEqual(spans[1].end);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.filter((m) => m.includes('already executing'))).toEqual([]);
      } finally {
        process.off('warning', onWarning);
      }
    });

    it('runs them at once outside a transaction, each on a pooled connection', async () => {
      const spans: { label: string; start: number; end: number }[] = [];
      const em = orm.em.fork();
      expect(await readTogether(em, [timed(em, 'a', spans), timed(em, 'b', spans)])).toEqual(['a', 'b']);
      const [first, second] = [...spans].sort((x, y) => x.start - y.start);
      expect(second.start).toBeLessThan(first.end);
    });
  });
});
