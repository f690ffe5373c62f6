/**
 * Statements on the hot paths (docs/performance.md): sent through `pg` itself, with bound parameters
 * (`$1`, `$2`, …) and prepared once per connection, on the connection of `em`'s transaction, or on one
 * borrowed from the same pool when `em` is not in one. MikroORM's `execute` inlines every parameter into
 * the SQL text and goes through knex's runner, which costs a statement about 0.1–0.2 ms of CPU on these
 * machines, and PostgreSQL parses and plans the inlined text every time; a prepared statement is parsed
 * once per connection. Everything else keeps using the ORM: this is for the few statements that every
 * request or event runs.
 *
 * `SqlTransaction` goes one step further for the hottest event handlers (`@OnEvent(…, { transaction: 'sql' })`):
 * a transaction on a plain connection, opened together with its first statement and committed together
 * with the writes queued by `later` (the outbox row), each pair in one round trip. On a machine where
 * every round trip costs a system call and a wake-up on both sides, round trips are what an event costs.
 *
 * The rows are what the ORM's connections return to `execute` (MikroORM's type parsers: timestamps as text,
 * `json`/`jsonb` parsed), so a repository can move a statement here without changing how it reads rows.
 * Errors are `pg`'s own (`code` is PostgreSQL's SQLSTATE), not MikroORM's exception classes.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { escapeLiteral } from 'pg';

type Rows = { rows: unknown[]; command?: string };
interface PgConnection {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<Rows>;
  query(text: string): Promise<Rows | Rows[]>;
  /** pg's protocol connection: the named statements pg believes this session holds. */
  connection?: { parsedStatements?: Record<string, string> };
}
interface ConnectionSource {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

/** A statement with `$n` placeholders and their values. */
export interface Statement {
  text: string;
  values: readonly unknown[];
}

const names = new Map<string, string>();

/** One name per statement text: `pg` refuses a name reused with another text on the same connection. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `weop_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A value written into SQL text, as PostgreSQL would read the same bound parameter: a quoted literal of
 * unknown type (the statement's casts and columns give it one), or NULL. Only the types our statements
 * bind are accepted; an object must be JSON.stringify'd by the caller, as for a parameter.
 */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('an invalid Date cannot be written into SQL');
    return escapeLiteral(value.toISOString());
  }
  if (typeof value === 'string') return escapeLiteral(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be written into SQL`);
    return escapeLiteral(String(value));
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new TypeError(`a ${typeof value} cannot be written into SQL text; pass a string, number, boolean, Date or null`);
}

/** The statement with its `$n` placeholders replaced by `literal`s (our statements hold no `$` elsewhere). */
export function inline({ text, values }: Statement): string {
  return text.replace(/\$(\d+)/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`$${n} has no value`);
    return literal(values[index]);
  });
}

/**
 * The statements a SqlTransaction sends in its two round trips are prepared on the server once per
 * connection (`PREPARE`, a round trip of its own the first time) and run by `EXECUTE name(literals…)`, so
 * several travel in one simple query and none is parsed and planned again. Their names differ from `sql`'s
 * (`pg` keeps its own list of the statements it prepared, and would try to prepare one of these again).
 */
const preparedOn = new WeakMap<object, Set<string>>();
const adopted = new WeakMap<object, Promise<void>>();

/**
 * Before its first statement here, a connection learns which of our statements its session holds already, and
 * tells `pg` too. On PostgreSQL a new connection is a new session holding none (one quick query). The embedded
 * PGlite of `npm start` serves one session to each client in turn (scripts/start.js), so a statement prepared by a
 * client the pool has since closed is still there, and preparing it again would fail (42P05).
 */
export function adoptSession(connection: PgConnection): Promise<void> {
  let done = adopted.get(connection);
  if (!done) {
    done = (async () => {
      const { rows } = (await connection.query({
        text: "select name, statement, from_sql from pg_prepared_statements where name like 'weop\\_%'",
      })) as { rows: { name: string; statement: string; from_sql: boolean }[] };
      const prepared = preparedFor(connection);
      const parsed = connection.connection?.parsedStatements;
      for (const row of rows) {
        if (row.from_sql) prepared.add(row.name);
        else if (parsed) parsed[row.name] = row.statement;
      }
    })();
    adopted.set(connection, done);
    done.catch(() => adopted.delete(connection));
  }
  return done;
}

function preparedFor(connection: object): Set<string> {
  let prepared = preparedOn.get(connection);
  if (!prepared) {
    prepared = new Set();
    preparedOn.set(connection, prepared);
  }
  return prepared;
}

export async function ensurePrepared(connection: PgConnection, statements: readonly Statement[]): Promise<void> {
  await adoptSession(connection);
  const prepared = preparedFor(connection);
  for (const { text } of statements) {
    const name = `${statementName(text)}_x`;
    if (prepared.has(name)) continue;
    // Not prepared in this session (adoptSession read what it holds): a 42P05 here would be a real error.
    await connection.query(`prepare ${name} as ${text}`);
    prepared.add(name);
  }
}

/** `EXECUTE` of a statement prepared by `ensurePrepared`, its values written as `literal`s. */
export function executeOf({ text, values }: Statement): string {
  const name = `${statementName(text)}_x`;
  return values.length === 0 ? `execute ${name}` : `execute ${name}(${values.map(literal).join(', ')})`;
}

function poolOf(em: EntityManager): ConnectionSource {
  return (em.getConnection() as unknown as { getKnex(): { client: ConnectionSource } }).getKnex().client;
}

/** A transaction on a plain `pg` connection (see the top of this file); made by `SqlTransaction.run`. */
export class SqlTransaction {
  private readonly queued: Statement[] = [];

  private constructor(private readonly connection: PgConnection) {}

  /** Runs a statement now, prepared, and returns its rows. */
  async query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.connection.query({ name: statementName(text), text, values: [...values] })).rows as R[];
  }

  /** Queues a write that returns nothing the caller needs: it is sent with the COMMIT, in the same round trip. */
  later(text: string, values: readonly unknown[] = []): void {
    // Written into text now, so that a value the statement cannot take fails in the caller, not at commit.
    inline({ text, values });
    this.queued.push({ text, values: [...values] });
  }

  /**
   * Opens a transaction on a connection from `em`'s pool with the `first` statements in the same round trip
   * (each takes its own snapshot, as separate statements do), runs `work` with their rows, one array per
   * statement, and commits with the queued writes in one more round trip; rolls back if anything fails.
   */
  static async run<T>(em: EntityManager, first: readonly Statement[], work: (tx: SqlTransaction, firstRows: unknown[][]) => Promise<T>): Promise<T> {
    if (first.length === 0) throw new RangeError('SqlTransaction.run needs a first statement');
    const pool = poolOf(em);
    const connection = await pool.acquireConnection();
    let open = true;
    try {
      await ensurePrepared(connection, first);
      const opened = (await connection.query(['begin', ...first.map(executeOf)].join(';\n'))) as Rows[];
      const tx = new SqlTransaction(connection);
      const result = await work(tx, opened.slice(1).map((r) => r.rows));
      await ensurePrepared(connection, tx.queued);
      const writes = tx.queued.map((s) => `${executeOf(s)};`).join(' ');
      const done = await connection.query(`${writes} commit`);
      open = false;
      assertCommitted(done);
      return result;
    } finally {
      if (open) await connection.query('rollback').catch(() => undefined);
      await pool.releaseConnection(connection);
    }
  }
}

/**
 * PostgreSQL answers COMMIT in a transaction that an error aborted with ROLLBACK, and no error: a caller that
 * caught the error (and so went on to commit) learns here that nothing was kept.
 */
export function assertCommitted(result: Rows | Rows[]): void {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  if (last?.command !== 'COMMIT') {
    throw Object.assign(new Error('The transaction was rolled back: a statement in it had failed.'), { code: '25P02' });
  }
}

/** Where a hot statement runs: an ORM transaction (or none), or a `SqlTransaction`. */
export type Db = EntityManager | SqlTransaction;

/** Runs one statement (placeholders `$1`…) in `db`'s transaction if it has one; returns its rows. */
export async function sql<R>(db: Db, text: string, values: readonly unknown[] = []): Promise<R[]> {
  if (db instanceof SqlTransaction) return db.query<R>(text, values);
  const config = { name: statementName(text), text, values: [...values] };
  // A knex transaction's client hands out the transaction's own connection (knex makeTxClient).
  const transaction = db.getTransactionContext<{ client: ConnectionSource } | undefined>();
  if (transaction) {
    const own = await transaction.client.acquireConnection();
    await adoptSession(own);
    return (await own.query(config)).rows as R[];
  }
  const pool = poolOf(db);
  const connection = await pool.acquireConnection();
  try {
    await adoptSession(connection);
    return (await connection.query(config)).rows as R[];
  } finally {
    await pool.releaseConnection(connection);
  }
}

/** A write whose result is not needed: with a `SqlTransaction`, sent with its COMMIT; otherwise now. */
export async function write(db: Db, text: string, values: readonly unknown[] = []): Promise<void> {
  if (db instanceof SqlTransaction) db.later(text, values);
  else await sql(db, text, values);
}
