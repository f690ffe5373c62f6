/**
 * Statements on the hot paths (docs/performance.md): sent through `pg` itself, with bound parameters
 * (`$1`, `$2`, …) and prepared once per connection, on the connection of `em`'s transaction, or on one
 * borrowed from the same pool when `em` is not in one. MikroORM's `execute` inlines every parameter into
 * the SQL text and goes through knex's runner, which costs a statement about 0.1–0.2 ms of CPU on these
 * machines, and PostgreSQL parses and plans the inlined text every time; a prepared statement is parsed
 * once per connection. Everything else keeps using the ORM: this is for the few statements that every
 * request or event runs.
 *
 * The rows are what `pg` returns (timestamps as `Date`, `json`/`jsonb` parsed), as from `execute`.
 * Errors are `pg`'s own (`code` is PostgreSQL's SQLSTATE), not MikroORM's exception classes.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';

interface PgConnection {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface ConnectionSource {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
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

/** Runs one statement (placeholders `$1`…) in `em`'s transaction if it has one; returns its rows. */
export async function sql<R>(em: EntityManager, text: string, values: readonly unknown[] = []): Promise<R[]> {
  const config = { name: statementName(text), text, values: [...values] };
  // A knex transaction's client hands out the transaction's own connection (knex makeTxClient).
  const transaction = em.getTransactionContext<{ client: ConnectionSource } | undefined>();
  if (transaction) return (await (await transaction.client.acquireConnection()).query(config)).rows as R[];
  const pool = (em.getConnection() as unknown as { getKnex(): { client: ConnectionSource } }).getKnex().client;
  const connection = await pool.acquireConnection();
  try {
    return (await connection.query(config)).rows as R[];
  } finally {
    await pool.releaseConnection(connection);
  }
}
