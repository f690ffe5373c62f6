/** Named locks that last until the end of the caller's transaction, for work that must take turns across replicas. */
import type { EntityManager } from '@mikro-orm/core';

/**
 * Waits for, then holds until `em`'s transaction ends, the lock called `name` (PostgreSQL's
 * `pg_advisory_xact_lock` on the 64-bit hash of the name): two transactions that take the same name run that
 * part one after the other, on any replica. For what a row lock cannot guard: a row that does not exist yet
 * (the first of a kind, a count under a cap) or work that is not a row at all.
 *
 * Names start with the service and say what they guard (`community.sender:<id>`). Throws outside a
 * transaction, where the lock would be released as soon as it was taken and guard nothing.
 */
export async function lockUntilCommit(em: EntityManager, name: string): Promise<void> {
  const transaction: unknown = em.getTransactionContext();
  if (transaction === undefined) throw new Error(`lockUntilCommit('${name}') outside a transaction would guard nothing`);
  await em.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [name], 'run', transaction);
}
